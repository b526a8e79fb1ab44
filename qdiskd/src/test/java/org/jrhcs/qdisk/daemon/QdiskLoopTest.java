package org.jrhcs.qdisk.daemon;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.jrhcs.qdisk.core.LogLine;
import org.jrhcs.qdisk.core.NodeState;
import org.jrhcs.qdisk.core.QdiskConfig;
import org.jrhcs.qdisk.core.SelfFenceReason;
import org.jrhcs.qdisk.disk.QdiskDevice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three disk loops in one JVM on one real file (direct I/O where the filesystem allows it),
 * each with its own open device as separate nodes would have, 100 ms cycles, cman faked at
 * its seam.
 */
class QdiskLoopTest {
    static final long INTERVAL = 100;
    static final QdiskConfig CONFIG = new QdiskConfig(INTERVAL, 10, 3, 2, 5, 2, 0, false, true, false, false, false,
            0, false, null, null, null, null, List.of());

    @TempDir Path dir;
    final Map<Integer, Node> nodes = new TreeMap<>();

    final class Node {
        final int id;
        final QdiskDevice device;
        final FakeCman cman = new FakeCman();
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        final List<SelfFenceReason> fenced = Collections.synchronizedList(new ArrayList<>());
        final QdiskLoop loop;

        Node(int id, Path disk, QdiskConfig c) throws IOException {
            this.id = id;
            this.device = QdiskDevice.open(disk, true, false, w -> log.add("<warning> " + w));
            assertTrue(device.readHeader().isOk());
            this.loop = new QdiskLoop(c, id, device, cman, disk.toString(), () -> 0, fenced::add,
                    (LogLine l) -> log.add(l.toString()), System::currentTimeMillis);
        }

        boolean logged(String text) {
            synchronized (log) {
                return log.stream().anyMatch(l -> l.equals(text));
            }
        }
    }

    Path format() throws IOException {
        Path disk = dir.resolve("qdisk.img");
        try (QdiskDevice d = QdiskDevice.open(disk, true, true, null)) {
            d.format("test_qdisk", "node1", System.currentTimeMillis() / 1000, n -> { });
        }
        return disk;
    }

    Node start(int id, Path disk, QdiskConfig c) throws IOException {
        Node n = new Node(id, disk, c);
        nodes.put(id, n);
        n.loop.start();
        return n;
    }

    /** Deadlines are generous (a loaded CI machine); passing runs return as soon as the condition holds. */
    static long await(BooleanSupplier cond, long timeoutMs, String what) throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + timeoutMs * 1_000_000;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("timed out after " + timeoutMs + " ms waiting for " + what);
            Thread.sleep(10); // polling with a deadline: the loops run on real time
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @AfterEach
    void stopAll() throws Exception {
        for (Node n : nodes.values()) {
            n.loop.crash();
            n.device.close();
        }
    }

    @Test
    void masterEvictsANodeThatStopsWritingAndLogsACleanShutdown() throws Exception {
        Path disk = format();
        Node n1 = start(1, disk, CONFIG), n2 = start(2, disk, CONFIG), n3 = start(3, disk, CONFIG);
        long electMs = await(() -> n1.loop.state().master() && n2.cman.lastPoll && n3.cman.lastPoll, 15000,
                "node 1 master and everyone advertising");
        assertTrue(n1.logged("<info> Assuming master role"));
        assertEquals(List.of("register " + disk + " 2"), n2.cman.calls());
        assertFalse(n2.loop.state().master());
        assertFalse(n3.loop.state().master());

        n3.loop.crash();
        long t0 = System.nanoTime();
        await(() -> n1.logged("<notice> Node 3 evicted"), 15000, "node 3 evicted");
        long evictMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(n1.logged("<notice> Writing eviction notice for node 3"));
        await(() -> n2.logged("<notice> Node 3 evicted"), 2000, "node 2 sees the eviction");
        assertTrue(n1.cman.calls().contains("kill 3"));
        assertFalse(n2.cman.calls().contains("kill 3"), "only the master kills");
        // The hang instant falls somewhere inside a cycle, after the victim's last write: the
        // master counts tko missed cycles, which on the wall clock is (tko - 1..tko + 1) intervals.
        assertTrue(evictMs >= CONFIG.tkoMs() - INTERVAL, "not before interval × tko: " + evictMs + " ms");
        // generous upper bound: a loaded 2-core CI machine may delay a few 100 ms cycles
        assertTrue(evictMs < CONFIG.tkoMs() + 15 * INTERVAL, "soon after interval × tko: " + evictMs + " ms");
        System.out.printf("qdiskd loop: election %d ms, hang-to-evicted %d ms (interval×tko %d ms), direct I/O %s%n",
                electMs, evictMs, CONFIG.tkoMs(), n1.device.isDirect());

        n2.loop.stop();
        assertEquals(List.of("register " + disk + " 2", "unregister"), n2.cman.calls());
        await(() -> n1.logged("<info> Node 2 shutdown"), 3000, "node 2 shutdown seen");
        assertFalse(n1.logged("<notice> Writing eviction notice for node 2"));
        assertEquals(NodeState.SHUTDOWN, n1.device.readStatusBlocks().get(2).value().state());
        assertTrue(n1.cman.lastPoll, "the master keeps advertising alone");
    }

    /** cman ignores an "available" judged on members it no longer has: the poll names them. */
    @Test
    void aPollNamesTheMembersItWasJudgedAgainst() throws Exception {
        Path disk = format();
        Node n1 = new Node(1, disk, CONFIG);
        n1.cman.members = java.util.Set.of(1, 4);
        nodes.put(1, n1);
        n1.loop.start();
        await(() -> n1.loop.state().master() && n1.cman.lastPoll, 15000, "node 1 master and advertising");
        assertEquals(java.util.Set.of(1, 4), n1.cman.lastJudged);
    }

    @Test
    void aMasterWhoseCmanDiedLeavesTheDiskSoTheOthersTakeOver() throws Exception {
        Path disk = format();
        Node n1 = start(1, disk, CONFIG), n2 = start(2, disk, CONFIG);
        await(() -> n1.loop.state().master() && n2.cman.lastPoll, 15000, "node 1 master");
        n1.cman.gone = true;
        await(() -> !n1.loop.isRunning(), 15000, "node 1's qdiskd leaving");
        assertTrue(n1.logged("<err> cman has not answered for " + CONFIG.tko() + " cycles; qdiskd is leaving the quorum disk"));
        await(() -> n2.loop.state().master(), 15000, "node 2 taking the master role");
        assertTrue(n2.cman.lastPoll, "node 2 keeps the disk's votes");
    }

    @Test
    void evictionNoticeOnDiskNamesTheVictimsLifeAndTheMaster() throws Exception {
        Path disk = format();
        Node n1 = start(1, disk, CONFIG);
        Node n2 = start(2, disk, CONFIG);
        await(() -> n1.loop.state().master() && n2.cman.lastPoll, 15000, "election");
        // What a hung node reads when it wakes (QdiskPolicyTest covers the waking itself).
        long incarnation = n2.loop.state().incarnation();
        n2.loop.crash();
        await(() -> n1.logged("<notice> Node 2 evicted"), 15000, "eviction");
        var own = n1.device.readStatusBlocks().get(2).value();
        assertEquals(NodeState.EVICT, own.state());
        assertEquals(incarnation, own.incarnation());
        assertEquals(1, own.updatedBy());
    }

    @Test
    void aReloadWithNewVotesRegistersThemAndKeepsTheTimings() throws Exception {
        Path disk = format();
        Node n1 = start(1, disk, CONFIG);
        QdiskConfig newer = new QdiskConfig(5 * INTERVAL, 10, 3, 2, 5, 3, 0, false, false, false, false, false,
                0, false, null, null, null, null, List.of());
        QdiskReload.Outcome o = n1.loop.reconfigure(newer);
        assertEquals(List.of("votes 2 -> 3", "allow_kill true -> false"), o.changed());
        assertEquals(List.of("interval (ms) 100 -> 500"), o.ignored());
        assertEquals(List.of("register " + disk + " 2", "register " + disk + " 3"), n1.cman.calls());
        assertEquals(INTERVAL, n1.loop.config().intervalMs(), "the cycle keeps its start interval");
        assertFalse(n1.loop.config().allowKill());
    }
}
