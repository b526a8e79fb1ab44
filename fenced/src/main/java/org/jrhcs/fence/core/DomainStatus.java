package org.jrhcs.fence.core;

import java.util.List;

/**
 * A snapshot of the fence domain as this member sees it (what fence_tool ls prints).
 *
 * @param currentVictim the victim being fenced now, 0 when none
 * @param master        the member that fences (lowest node id among members that are not victims), 0 when none
 * @param waitState     "none", "quorum", "messages" or "fencing" (RHCS's words)
 */
public record DomainStatus(boolean joined, List<Integer> members, List<VictimInfo> victims, int currentVictim,
                           int master, String waitState, List<NodeInfo> nodes) {

    public record VictimInfo(int nodeId, String name, String reason, long since) {}

    /** One configured node or member, for fence_tool ls -n. */
    public record NodeInfo(int nodeId, String name, boolean member, boolean victim, int lastFencedBy,
                           String lastHow, long lastTime) {}
}
