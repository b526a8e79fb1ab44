package org.jrhcs.qdisk.core;

/**
 * io_timeout and paranoid, as a pure check the daemon's watchdog runs apart from the disk
 * loop (a loop stuck in a write cannot notice its own stall); when repeated I/O errors or a
 * lost cman make qdiskd give the disk up.
 */
public final class TimeoutPolicy {
    /** {@code cycleStartMs} between cycles. */
    public static final long NO_CYCLE = Long.MIN_VALUE;

    private TimeoutPolicy() {}

    /**
     * @param nowMs          a monotonic clock, in ms (any origin)
     * @param cycleStartMs   when the cycle now running began, or {@link #NO_CYCLE} between cycles
     * @param lastWriteOkMs  when our last write completed (or when the loop started)
     * @return the reason to fence ourselves now, or null
     */
    public static SelfFenceReason check(QdiskConfig c, long nowMs, long cycleStartMs, long lastWriteOkMs) {
        if (c.ioTimeout() && nowMs - lastWriteOkMs > c.tkoMs()) return SelfFenceReason.IO_TIMEOUT;
        if (c.paranoid() && cycleStartMs != NO_CYCLE && nowMs - cycleStartMs > c.tkoMs()) return SelfFenceReason.PARANOID;
        return null;
    }

    /**
     * max_error_cycles: after this many consecutive cycles with I/O errors qdiskd gives up
     * (0 = never; ignored when io_timeout is on, which handles the same fault by fencing).
     */
    public static boolean tooManyErrors(QdiskConfig c, int consecutiveErrorCycles) {
        return !c.ioTimeout() && c.maxErrorCycles() > 0 && consecutiveErrorCycles >= c.maxErrorCycles();
    }

    /**
     * cman has refused or failed every poll for tko cycles in a row: this node is out of the
     * cluster, but a qdiskd that kept writing would keep its master role, and with it the
     * disk's votes, away from the others, who would then stay inquorate and never fence this
     * node. qdiskd leaves the disk (cleanly, so nobody evicts it). Fewer failures are
     * tolerated: cman may be restarting.
     */
    public static boolean cmanGone(QdiskConfig c, int consecutivePollFailures) {
        return consecutivePollFailures >= c.tko();
    }

    /**
     * Our previous completed cycle started more than interval × tko ago (the node hung, or the
     * disk failed or stalled): meanwhile the others may have found us dead, evicted us and
     * elected another master, so what we remember of the disk, our master role and the grant
     * we hold are stale if another node wrote tko times meanwhile: the cycle then starts its
     * watch afresh ({@link QdiskPolicy#step}).
     */
    public static boolean stale(QdiskConfig c, long sincePreviousCycleMs) {
        return sincePreviousCycleMs > c.tkoMs();
    }

    /**
     * No write of ours completed (or our read is this old) for half of interval × tko: the
     * others find us dead after interval × tko and may grant the votes to their partition at
     * once, so whatever cman counts from our last "available" must end before: qdiskd tells it
     * "unavailable". Half leaves room for a late cycle and cman's own processing.
     */
    public static boolean votesAtRisk(QdiskConfig c, long sinceLastWriteMs) {
        return 2 * sinceLastWriteMs >= c.tkoMs();
    }
}
