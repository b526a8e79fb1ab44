package org.jrhcs.rg.core.state;

/**
 * When fenced's answer about a failed node lets its services be taken over (pure).
 *
 * <p>A fence counts only if it ended the node's membership that failed: it must have
 * happened at or after the moment this rgmanager saw the node (re)join — its
 * {@link RgCore#fenceBound bound}. An older fence ended an earlier life of the node (it was
 * fenced, rebooted and came back since), so it proves nothing about the new failure,
 * however recent it is. A fence after the (re)join cannot be older than the failure in any
 * way that matters: a fenced node is powered off, so that fence is the failure or follows
 * it. Comparing with the join, not the failure, is what lets fenced be faster than
 * rgmanager (fencing before rgmanager applied the failure view) without any slack.
 */
public final class FenceGate {
    private FenceGate() {}

    /**
     * @param bound         epoch ms from {@link RgCore#fenceBound}: 0 when this member never saw
     *                      the node as a member (any completed fence then counts)
     * @param lastFenceTime epoch ms of fenced's last fence (or manual acknowledgement) of the
     *                      node, 0 when none
     * @param pending       whether fenced still has the node as a victim
     */
    public static boolean covers(long bound, long lastFenceTime, boolean pending) {
        return !pending && lastFenceTime > 0 && lastFenceTime >= bound;
    }
}
