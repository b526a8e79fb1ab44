package org.jrhcs.rg.core;

import java.util.ArrayList;
import java.util.List;

/**
 * What a failed status check of one node calls for, from the node attributes rgmanager
 * honours: {@code __max_failures} failures within {@code __failure_expire_time} are
 * tolerated; past that, the nearest enclosing {@code __independent_subtree="1"} is
 * restarted on its own, a {@code __independent_subtree="2"} (non-critical) subtree is
 * stopped on its own, and without either the whole service is recovered by its policy.
 * Pure: the failure history and the current time are inputs.
 */
public final class SubtreeRecovery {
    private SubtreeRecovery() {}

    public enum Kind { IGNORE, RESTART_SUBTREE, STOP_SUBTREE, RECOVER_SERVICE }

    /** The decision and the subtree it applies to (the service root for RECOVER_SERVICE). */
    public record Decision(Kind kind, ResourceNode scope) {}

    /**
     * @param root            the service tree
     * @param failed          the node whose status check failed
     * @param earlierFailures when (seconds, any epoch) the node failed before, oldest first
     * @param now             the time of this failure, same epoch
     */
    public static Decision onStatusFailure(ResourceNode root, ResourceNode failed, List<Long> earlierFailures, long now) {
        int max = failed.maxFailures();
        if (max > 0) {
            int expire = failed.failureExpireTimeSeconds();
            long recent = earlierFailures.stream().filter(t -> expire <= 0 || now - t < expire).count() + 1;
            if (recent <= max) return new Decision(Kind.IGNORE, failed);
        }
        List<ResourceNode> path = pathTo(root, failed);
        if (path.isEmpty()) throw new IllegalArgumentException(failed.label() + " is not in the tree of " + root.label());
        for (int i = path.size() - 1; i > 0; i--) { // the root itself is never an independent subtree
            int mode = path.get(i).independentSubtree();
            if (mode == 1) return new Decision(Kind.RESTART_SUBTREE, path.get(i));
            if (mode == 2) return new Decision(Kind.STOP_SUBTREE, path.get(i));
        }
        return new Decision(Kind.RECOVER_SERVICE, root);
    }

    /** Root first, {@code target} last; empty when it is not in the tree. */
    static List<ResourceNode> pathTo(ResourceNode from, ResourceNode target) {
        if (from == target) return new ArrayList<>(List.of(from));
        for (ResourceNode c : from.children()) {
            List<ResourceNode> p = pathTo(c, target);
            if (!p.isEmpty()) {
                p.add(0, from);
                return p;
            }
        }
        return new ArrayList<>();
    }
}
