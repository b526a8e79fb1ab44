package org.jrhcs.qdisk.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** io_timeout, paranoid and max_error_cycles as a table (interval 1 s × tko 10 = 10 s). */
class TimeoutPolicyTest {
    private static QdiskConfig c(boolean paranoid, boolean ioTimeout, int maxErrorCycles) {
        return new QdiskConfig(1000, 10, 3, 2, 5, 1, 0, false, true, true, paranoid, ioTimeout, maxErrorCycles, false,
                "q", null, null, null, List.of());
    }

    @Test
    void table() {
        long now = -5_000_000; // any origin: a monotonic clock may be negative
        record Row(boolean paranoid, boolean ioTimeout, long cycleStart, long lastWrite, SelfFenceReason expect) {}
        for (Row r : List.of(
                new Row(false, false, now - 60_000, now - 60_000, null),
                new Row(false, true, TimeoutPolicy.NO_CYCLE, now - 10_000, null),
                new Row(false, true, TimeoutPolicy.NO_CYCLE, now - 10_001, SelfFenceReason.IO_TIMEOUT),
                new Row(true, false, now - 10_000, now, null),
                new Row(true, false, now - 10_001, now, SelfFenceReason.PARANOID),
                new Row(true, false, TimeoutPolicy.NO_CYCLE, now - 60_000, null),
                new Row(true, true, now - 20_000, now - 20_000, SelfFenceReason.IO_TIMEOUT))) {
            assertEquals(r.expect(), TimeoutPolicy.check(c(r.paranoid(), r.ioTimeout(), 0), now, r.cycleStart(), r.lastWrite()),
                    r.toString());
        }
    }

    @Test
    void maxErrorCycles() {
        assertFalse(TimeoutPolicy.tooManyErrors(c(false, false, 0), 1000), "0 = never");
        assertFalse(TimeoutPolicy.tooManyErrors(c(false, false, 3), 2));
        assertTrue(TimeoutPolicy.tooManyErrors(c(false, false, 3), 3));
        assertFalse(TimeoutPolicy.tooManyErrors(c(false, true, 3), 30), "io_timeout overrides max_error_cycles");
    }

    @Test
    void cmanGoneAfterTkoFailedPolls() {
        QdiskConfig c = c(false, false, 0);
        assertFalse(TimeoutPolicy.cmanGone(c, c.tko() - 1), "a cman restart within tko cycles is tolerated");
        assertTrue(TimeoutPolicy.cmanGone(c, c.tko()));
    }

    @Test
    void aLateCycleIsStaleOnlyPastIntervalTimesTko() {
        QdiskConfig c = QdiskSim.config(); // interval 1000, tko 10
        assertFalse(TimeoutPolicy.stale(c, 0));
        assertFalse(TimeoutPolicy.stale(c, 10_000));
        assertTrue(TimeoutPolicy.stale(c, 10_001));
    }

    /**
     * I/O errors keep cman's last answer for a while (a short error must not cost the votes),
     * but it is withdrawn at half of interval × tko without a completed write: the others find
     * the node dead at interval × tko and may grant their own partition at once (sim seed 8842).
     */
    @Test
    void ioErrorsWithdrawTheVotesAtHalfOfIntervalTimesTko() {
        QdiskConfig c = QdiskSim.config();
        QdiskState told = new QdiskState(1, 7, 40, 40, true, 1, 0, true, 1, 0, QdiskState.initial(1, 7).peers(), 0, -1, true);
        CycleOutcome early = QdiskPolicy.ioErrorCycle(told, c, 4_000);
        assertFalse(early.pollCman(), "cman keeps the last answer");
        assertSame(told, early.next());
        CycleOutcome late = QdiskPolicy.ioErrorCycle(told, c, 5_000);
        assertTrue(late.pollCman());
        assertFalse(late.advertise());
        assertFalse(late.next().toldAvailable());
        assertEquals(List.of("No write to the quorum disk completed for 5000 ms; telling cman the quorum device is unavailable"),
                late.logs().stream().map(LogLine::text).toList());
        assertTrue(QdiskPolicy.ioErrorCycle(late.next(), c, 6_000).logs().isEmpty(), "said once");
    }
}
