package org.jrhcs.cman.client;

import java.util.List;

/**
 * A process group's membership as delivered, in the same order on every member,
 * between the group's messages (so every member sees the same sequence of views and
 * messages). Delivered when the group's members change and when quorum changes.
 *
 * @param generation  cman's cluster generation when the view was formed
 * @param members     node ids in the group now, ascending
 * @param joined      node ids that joined since the previous view
 * @param left        node ids that left cleanly (fence_tool leave, service stop)
 * @param failed      node ids that left because their node failed or was cut off:
 *                    fenced fences these; nobody fences a node in {@code left}
 * @param quorate     whether the cluster is quorate at this view
 * @param localNodeId this node's id
 */
public record GroupView(String group, long generation, List<Integer> members, List<Integer> joined,
                        List<Integer> left, List<Integer> failed, boolean quorate, int localNodeId) {

    /** Lowest member id: a deterministic choice every member agrees on. */
    public int lowestMember() { return members.isEmpty() ? -1 : members.get(0); }
}
