package org.jrhcs.fence.core;

/**
 * A change of one node's fence state, for local subscribers (rgmanager waits on these
 * instead of asking fenced over and over). The fields are those of the {@code fenced_last}
 * answer at the moment of the change, so a subscriber judges an event exactly as it would
 * judge that answer, plus what happened.
 *
 * @param nodeId  the node
 * @param name    its cluster.conf name
 * @param result  what happened
 * @param time    epoch ms of the node's last fence this member knows of (0 if none): for
 *                {@link Result#SUCCESS} the fence that just completed
 * @param how     how that last fence was done: agent, override, external, none
 * @param pending whether the node is still a victim after the change
 * @param by      the node that did the last fence (0 if none)
 */
public record FenceEvent(int nodeId, String name, Result result, long time, String how, boolean pending, int by) {

    public enum Result {
        /** The node became a victim: fencing it is pending. */
        PENDING,
        /** A fence of the node completed (an agent, or fence_ack_manual: see {@code how}), delivered to the domain. */
        SUCCESS,
        /** One attempt at fencing the node failed here; it is still pending and will be retried. */
        FAILED,
        /** The node is no longer a victim without being fenced (it rejoined). */
        CANCELLED;

        public String word() { return name().toLowerCase(java.util.Locale.ROOT); }
    }
}
