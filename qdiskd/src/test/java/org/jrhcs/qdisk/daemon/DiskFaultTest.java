package org.jrhcs.qdisk.daemon;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.jrhcs.qdisk.core.QdiskConfig;
import org.jrhcs.qdisk.core.SelfFenceReason;
import org.jrhcs.qdisk.core.StatusBlock;
import org.jrhcs.qdisk.disk.Decoded;
import org.jrhcs.qdisk.disk.QdiskDevice;
import org.jrhcs.qdisk.disk.QdiskHeader;
import org.jrhcs.qdisk.disk.QdiskStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Disk faults at the store seam: failing and stalling I/O (io_timeout, max_error_cycles, paranoid). */
class DiskFaultTest {
    @TempDir Path dir;

    /** A real device whose I/O can be made to fail or hang. */
    static final class FaultyStore implements QdiskStore {
        final QdiskDevice real;
        volatile boolean fail;
        volatile boolean stall;
        /** An I/O has entered the stall. */
        volatile boolean stuck;
        final CountDownLatch release = new CountDownLatch(1);

        FaultyStore(QdiskDevice real) { this.real = real; }

        private void fault() throws IOException {
            if (fail) throw new IOException("Input/output error");
            if (stall) {
                stuck = true;
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override public QdiskHeader header() { return real.header(); }

        @Override public Map<Integer, Decoded<StatusBlock>> readStatusBlocks() throws IOException {
            fault();
            return real.readStatusBlocks();
        }

        @Override public void write(StatusBlock b) throws IOException {
            fault();
            real.write(b);
        }

        @Override public String name() { return real.name(); }

        @Override public void close() throws IOException { real.close(); }
    }

    private FaultyStore store() throws IOException {
        Path f = dir.resolve("qdisk.img");
        QdiskDevice d = QdiskDevice.open(f, true, true, null);
        d.format("faults", "h", 0, n -> { });
        return new FaultyStore(d);
    }

    private static QdiskConfig config(boolean paranoid, boolean ioTimeout, int maxErrorCycles) {
        return new QdiskConfig(50, 4, 1, 1, 2, 1, 0, false, true, false, paranoid, ioTimeout, maxErrorCycles, false,
                null, null, null, null, List.of());
    }

    @Test
    void stalledWriteWithIoTimeoutFencesTheNode() throws Exception {
        FaultyStore s = store();
        List<SelfFenceReason> fenced = Collections.synchronizedList(new ArrayList<>());
        FakeCman cman = new FakeCman();
        QdiskLoop loop = new QdiskLoop(config(false, true, 0), 1, s, cman, "d", () -> 0, fenced::add, l -> { },
                System::currentTimeMillis);
        loop.start();
        QdiskLoopTest.await(() -> cman.polls > 3, 3000, "a few cycles");
        s.stall = true;
        long t = QdiskLoopTest.await(() -> !fenced.isEmpty(), 3000, "io_timeout");
        assertEquals(List.of(SelfFenceReason.IO_TIMEOUT), fenced);
        assertTrue(t >= 150, "not before interval × tko (" + t + " ms)");
        s.release.countDown();
        loop.awaitTermination();
        s.close();
    }

    @Test
    void stalledCycleWithParanoidFencesTheNode() throws Exception {
        FaultyStore s = store();
        List<SelfFenceReason> fenced = Collections.synchronizedList(new ArrayList<>());
        FakeCman cman = new FakeCman();
        QdiskLoop loop = new QdiskLoop(config(true, false, 0), 1, s, cman, "d", () -> 0, fenced::add, l -> { },
                System::currentTimeMillis);
        loop.start();
        QdiskLoopTest.await(() -> cman.polls > 3, 3000, "a few cycles");
        s.stall = true;
        QdiskLoopTest.await(() -> !fenced.isEmpty(), 3000, "paranoid");
        assertEquals(List.of(SelfFenceReason.PARANOID), fenced);
        s.release.countDown();
        loop.awaitTermination();
        s.close();
    }

    @Test
    void failingIoStopsAlivePollsAndAfterMaxErrorCyclesGivesUp() throws Exception {
        FaultyStore s = store();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        FakeCman cman = new FakeCman();
        QdiskLoop loop = new QdiskLoop(config(false, false, 3), 1, s, cman, "d", () -> 0, r -> fail("no fence"),
                l -> log.add(l.toString()), System::currentTimeMillis);
        loop.start();
        QdiskLoopTest.await(() -> cman.polls > 3, 3000, "a few cycles");
        s.fail = true;
        int availableBefore = cman.availablePolls;
        loop.awaitTermination();
        // the cycle under way may still say "available"; the error cycles never do
        assertTrue(cman.availablePolls <= availableBefore + 1, "no alive-polls during error cycles");
        assertFalse(cman.lastPoll);
        assertTrue(log.contains("<crit> Too many I/O errors (3 cycles in a row); giving up the quorum disk"), log.toString());
        s.close();
    }

    /**
     * A cycle stuck in its I/O for half of interval × tko (here 100 ms) must not tell cman
     * "available" when it returns: meanwhile the others may have found the node dead. The next
     * cycle on time says it again.
     */
    @Test
    void aCycleThatStalledDoesNotSayAvailable() throws Exception {
        FaultyStore s = store();
        FakeCman cman = new FakeCman();
        QdiskLoop loop = new QdiskLoop(config(false, false, 0), 1, s, cman, "d", () -> 0, r -> fail("no fence"), l -> { },
                System::currentTimeMillis);
        loop.start();
        QdiskLoopTest.await(() -> cman.lastPoll, 3000, "the lone node advertises");
        s.stall = true;
        QdiskLoopTest.await(() -> s.stuck, 3000, "an I/O stuck");
        int before = cman.polls;
        Thread.sleep(250); // the length of the stall, not a synchronisation
        s.stall = false;
        s.release.countDown();
        QdiskLoopTest.await(() -> cman.polls > before, 3000, "the stalled cycle polls");
        assertEquals(false, cman.history.get(before), "the stalled cycle's poll");
        QdiskLoopTest.await(() -> cman.lastPoll, 3000, "available again on the next cycle");
        loop.stop();
        s.close();
    }
}
