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
}
