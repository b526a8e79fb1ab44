package org.jrhcs.cman.client;

import java.util.List;

/**
 * One configured node as cman sees it ({@code cman_tool nodes}).
 *
 * @param state       "M" member, "X" not a member, "d" known but disallowed (cman_tool's letters)
 * @param incarnation the cluster generation in which the node last joined
 * @param joinTime    epoch milliseconds of that join, 0 if never
 */
public record CmanNode(int nodeId, String name, String state, int votes, long incarnation,
                       long joinTime, List<String> addresses) {
    public boolean isMember() { return "M".equals(state); }
}
