package org.jrhcs.fence.core;

import java.util.Map;
import java.util.Set;
import org.jrhcs.cman.client.GroupView;

/** Everything that can happen to the sequencer. */
public sealed interface Input {
    /**
     * A fence domain view. {@code clusterMembers} maps cman's members (node id → the
     * incarnation in which it last joined) as read after the view arrived. A failed node may
     * still be in it (its daemon died first, or cman has not noticed yet): the sequencer then
     * holds the victim until the node leaves the cluster or comes back with a new incarnation.
     */
    record ViewChanged(GroupView view, Map<Integer, Long> clusterMembers) implements Input {
        /** For callers that know membership but not incarnations (see {@link #unknownIncarnations}). */
        public ViewChanged(GroupView view, Set<Integer> clusterMembers) {
            this(view, unknownIncarnations(clusterMembers));
        }
    }

    /** A wake-up at or after a deadline the sequencer returned, with fresh cluster membership. */
    record Tick(Map<Integer, Long> clusterMembers) implements Input {
        public Tick(Set<Integer> clusterMembers) { this(unknownIncarnations(clusterMembers)); }
    }

    /**
     * Membership without incarnations (all 0). A victim still in it is held until it leaves;
     * one that was absent and is back counts as rejoined; only a reboot that was never seen
     * as an absence goes unnoticed (the node is then fenced when it next leaves: safe).
     */
    static Map<Integer, Long> unknownIncarnations(Set<Integer> members) {
        Map<Integer, Long> m = new java.util.HashMap<>();
        for (int id : members) m.put(id, 0L);
        return m;
    }

    /** A message delivered by the group (own messages included), in the group's total order. */
    record Delivered(int from, FenceMessage message) implements Input {}

    /** Result of a {@link Effect.RunAgent}. {@code result} is the text RHCS logs ("success", "error from agent", ...). */
    record AgentDone(long attempt, boolean ok, String result) implements Input {}

    /** fence_ack_manual NODE, from the local admin socket. Refused when no fencing of NODE is pending. */
    record AckManual(String node) implements Input {}

    /** Asks the domain to fence NODE (fence_node without waiting, qdiskd, cman). */
    record RequestFence(String node) implements Input {}

    /** fence_node fenced NODE through this daemon: announce it as an agent success. */
    record FencedHere(String node) implements Input {}

    /** cluster.conf changed: the next attempt uses the new methods and settings. */
    record ConfigChanged(FenceConfig config) implements Input {}
}
