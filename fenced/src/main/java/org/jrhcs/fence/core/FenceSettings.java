package org.jrhcs.fence.core;

/**
 * The {@code <fence_daemon>} settings the sequencer needs, in milliseconds (cluster.conf
 * gives seconds; tests use small values).
 *
 * @param postJoinDelayMs  how long startup victims may take to join the cluster before they
 *                         are fenced (post_join_delay, default 6 s); negative: wait forever,
 *                         so startup fencing never happens
 * @param postFailDelayMs  how long a failed member may take to rejoin before it is fenced
 *                         (post_fail_delay, default 0); negative: wait forever
 * @param cleanStart       clean_start="1": no startup fencing at all (safe only when an
 *                         operator has checked every absent node)
 * @param overrideTimeMs   pause between a failed round of every method and the next round,
 *                         the window for fence_ack_manual (override_time, default 3 s)
 * @param skipUndefined    skip_undefined="1": nodes without fence methods are not startup
 *                         victims (they would fail forever and need fence_ack_manual)
 */
public record FenceSettings(long postJoinDelayMs, long postFailDelayMs, boolean cleanStart,
                            long overrideTimeMs, boolean skipUndefined) {
}
