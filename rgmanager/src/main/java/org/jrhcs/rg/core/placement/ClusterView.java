package org.jrhcs.rg.core.placement;

import java.util.List;
import java.util.Set;

/**
 * The membership placement sees.
 *
 * @param nodes          every configured node, in configuration order (the tie-breaker)
 * @param online         members running rgmanager, able to run services
 * @param awaitingFence  nodes that failed and are not yet reported fenced: nothing they
 *                       held may start anywhere until fenced says so
 * @param leaving        members whose rgmanager is stopping cleanly: their services move away
 * @param quorate        whether this partition has quorum
 */
public record ClusterView(List<String> nodes, Set<String> online, Set<String> awaitingFence,
                          Set<String> leaving, boolean quorate) {
    public ClusterView {
        nodes = List.copyOf(nodes);
        online = Set.copyOf(online);
        awaitingFence = Set.copyOf(awaitingFence);
        leaving = Set.copyOf(leaving);
    }

    public boolean canRun(String node) { return online.contains(node) && !leaving.contains(node); }
}
