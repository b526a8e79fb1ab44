package org.jrhcs.cman.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What loading a new cluster.conf into a running cman means: the pure comparison of the
 * running {@link CmanConfig} with the new one, given who is a member now. Either a
 * {@link Plan} that {@link ClusterCore#reconfigure} carries out, or an
 * {@link IllegalArgumentException} naming why the new file cannot replace the running one
 * (nothing is applied then).
 *
 * <p>What changes at run time: config_version, per-node votes, expected votes (when the
 * file's value, explicit or derived, changed), nodes added, nodes removed (only while
 * they are not members), two_node, quorum_dev_poll, last_man_standing and its window,
 * wait_for_all and the token timeout. What cannot: the cluster name and id, a node's id,
 * this node's presence; transport settings are the daemon's to compare.
 */
public final class ConfigReload {
    private ConfigReload() {}

    /**
     * @param next     the new configuration, to be installed as is
     * @param votes    node id → new configured votes, for nodes whose configured votes changed
     * @param added    nodes new in {@code next}
     * @param removed  nodes of the running configuration missing from {@code next}
     * @param expected the new expected votes when the configured value changed, else empty
     * @param changes  one line per change, for the log
     */
    public record Plan(CmanConfig next, Map<Integer, Integer> votes, List<NodeConf> added, List<NodeConf> removed,
                       Optional<Integer> expected, List<String> changes) {
        public Plan {
            votes = Map.copyOf(votes);
            added = List.copyOf(added);
            removed = List.copyOf(removed);
            changes = List.copyOf(changes);
        }

        public boolean changesNothing() { return changes.isEmpty(); }
    }

    /**
     * @param members names of the nodes that are cluster members now
     * @throws IllegalArgumentException when {@code next} cannot replace {@code running}
     */
    public static Plan plan(CmanConfig running, CmanConfig next, String self, Set<String> members) {
        if (!running.clusterName().equals(next.clusterName()))
            throw new IllegalArgumentException("the new cluster.conf names cluster " + next.clusterName()
                    + ", not the running " + running.clusterName());
        if (running.clusterId() != next.clusterId())
            throw new IllegalArgumentException("the new cluster.conf gives cluster id " + next.clusterId()
                    + ", not the running " + running.clusterId() + " (restart the whole cluster to change it)");
        if (next.node(self).isEmpty())
            throw new IllegalArgumentException("the new cluster.conf does not list this node (" + self + ")");
        List<String> changes = new ArrayList<>();
        Map<Integer, Integer> votes = new LinkedHashMap<>();
        List<NodeConf> added = new ArrayList<>(), removed = new ArrayList<>();
        for (NodeConf n : next.nodes()) {
            Optional<NodeConf> byName = running.node(n.name());
            Optional<NodeConf> byId = running.node(n.id());
            if (byName.isPresent() && byName.get().id() != n.id())
                throw new IllegalArgumentException("node " + n.name() + " has node id " + n.id()
                        + " in the new cluster.conf but runs as " + byName.get().id());
            if (byName.isEmpty() && byId.isPresent())
                throw new IllegalArgumentException("node id " + n.id() + " belongs to " + byId.get().name()
                        + ", not " + n.name() + " (remove the old node in one update, add the new one in another)");
            if (byName.isEmpty()) {
                added.add(n);
                changes.add("node " + n.name() + " (id " + n.id() + ", " + n.votes() + " votes) added");
            } else if (byName.get().votes() != n.votes()) {
                votes.put(n.id(), n.votes());
                changes.add("votes of node " + n.name() + ": " + byName.get().votes() + " -> " + n.votes());
            }
        }
        for (NodeConf n : running.nodes()) {
            if (next.node(n.name()).isPresent()) continue;
            if (members.contains(n.name()))
                throw new IllegalArgumentException("node " + n.name() + " is a cluster member; stop cman there "
                        + "(cman_tool leave remove) before removing it from cluster.conf");
            removed.add(n);
            changes.add("node " + n.name() + " (id " + n.id() + ") removed");
        }
        Optional<Integer> expected = Optional.empty();
        if (running.expectedVotes() != next.expectedVotes()) {
            expected = Optional.of(next.expectedVotes());
            changes.add("expected votes: " + running.expectedVotes() + " -> " + next.expectedVotes());
        }
        change(changes, "two_node", running.twoNode(), next.twoNode());
        change(changes, "token timeout (ms)", running.tokenMs(), next.tokenMs());
        change(changes, "quorum_dev_poll (ms)", running.quorumDevPollMs(), next.quorumDevPollMs());
        change(changes, "last_man_standing", running.lastManStanding(), next.lastManStanding());
        change(changes, "last_man_standing_window (ms)", running.lmsWindowMs(), next.lmsWindowMs());
        change(changes, "wait_for_all", running.waitForAll(), next.waitForAll());
        // The version leads the lines the reload logs.
        if (running.configVersion() != next.configVersion())
            changes.add(0, "config_version: " + running.configVersion() + " -> " + next.configVersion());
        return new Plan(next, votes, added, removed, expected, changes);
    }

    private static void change(List<String> changes, String what, Object before, Object after) {
        if (!before.equals(after)) changes.add(what + ": " + before + " -> " + after);
    }
}
