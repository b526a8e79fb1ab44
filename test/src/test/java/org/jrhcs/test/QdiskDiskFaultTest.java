package org.jrhcs.test;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real disk faults under real qdiskd processes (root): seed 000's cluster with
 * {@code io_timeout="1"} on a quorum disk file that every node reaches through a loop device
 * with direct I/O. web1 has its own loop device over the same file (its own "path" to the
 * LUN), so its faults hit it alone:
 *
 * <ul>
 * <li><b>I/O errors</b>: {@code blockdev --setro} on web1's path. The kernel fails every write
 *     with EPERM (a LUN turned read-only); web1 removes itself after interval × tko and the
 *     others log {@code Node 4 evicted}.
 * <li><b>A stall</b>: Mysql1's qdiskd moved into a blkio cgroup throttled to 1 byte/s on the
 *     shared device. Its next read or write hangs in the kernel (D state), exactly like an I/O
 *     that never completes; the watchdog removes the node after interval × tko and the others
 *     log {@code Node 3 evicted}. The survivors stay quorate with the disk's votes.
 * <li><b>A stall without io_timeout</b> (RHCS's default; Mysql2's own cluster.conf): the
 *     node cannot notice anything; the master evicts it and, allow_kill being on, has cman
 *     kill it ({@code cman killed by node 1}); web2 goes on alone with the disk's votes.
 * </ul>
 *
 * Why not device-mapper: this kernel has neither dm nor sch_netem (no modules); blk-throttle
 * and a read-only block device are real kernel I/O paths available here. With dm, the
 * {@code error} and {@code suspend} targets would be the same two faults.
 */
class QdiskDiskFaultTest {
    static final Path BLKIO = Path.of("/sys/fs/cgroup/blkio");

    @Test
    void failingAndStalledDisksRemoveTheirNodeAndTheOthersEvictIt(@TempDir Path tmp) throws Exception {
        assumeTrue(QdiskSandboxTest.root() && Files.isDirectory(BLKIO), "needs root, losetup and the blkio cgroup");
        Path cgroup = BLKIO.resolve("jrhcs-qdisk-stall-" + ProcessHandle.current().pid());
        String shared = null;
        try (QdiskSandboxTest.SeedCluster c = QdiskSandboxTest.SeedCluster.create(tmp, 10_000, " io_timeout=\"1\"", null)) {
            shared = c.attachLoop(true);
            String web1Path = c.attachLoop(false);
            for (String n : QdiskSandboxTest.SeedCluster.NODES) c.devices.put(n, n.equals("web1") ? web1Path : shared);
            // Mysql2 keeps RHCS's default (no io_timeout): stalled, it cannot remove itself
            Path mysql2 = c.sb.root("Mysql2").resolve("etc/cluster/cluster.conf");
            Files.writeString(mysql2, Files.readString(mysql2).replace(" io_timeout=\"1\"", ""));
            c.start();
            for (String n : QdiskSandboxTest.SeedCluster.NODES)
                c.await(n + " counts 4 nodes and the disk", 90_000, () -> c.counts(n, 4, 6, 4, 2));

            // 1. web1's path fails every write.
            long t0 = System.nanoTime();
            QdiskSandboxTest.run("blockdev", "--setro", web1Path);
            c.await("web1 logs its write errors", 10_000, () -> c.logged("web1", "qdiskd\\[\\d+\\]: <err> Error writing to " + web1Path));
            long removed = c.await("web1 removes itself", 30_000, () -> c.logged("web1",
                    "<crit> Removing this node from the cluster: no disk write completed within interval \\* tko"));
            c.await("web1's cman is gone", 10_000, () -> !c.pids("web1").contains("cman "));
            c.await("Node 4 evicted on web2", 30_000, () -> c.logged("web2", "qdiskd\\[\\d+\\]: <notice> Node 4 evicted"));
            c.await("three nodes and the disk counted", 30_000, () -> c.counts("web2", 3, 5, 3, 2));
            System.out.println("QdiskDiskFaultTest: write errors -> self-removal after " + (System.nanoTime() - t0) / 1_000_000
                    + " ms (interval x tko = 4000 ms; the log line came " + removed + " ms after the first error was seen)");

            // 2. Mysql1's I/O stalls.
            long pid = c.qdiskdPid("Mysql1");
            String majMin = QdiskSandboxTest.run("stat", "-L", "-c", "%t:%T", shared).trim();
            String[] mm = majMin.split(":");
            String dev = Integer.parseInt(mm[0], 16) + ":" + Integer.parseInt(mm[1], 16);
            Files.createDirectories(cgroup);
            Files.writeString(cgroup.resolve("blkio.throttle.read_bps_device"), dev + " 1");
            Files.writeString(cgroup.resolve("blkio.throttle.write_bps_device"), dev + " 1");
            t0 = System.nanoTime();
            Files.writeString(cgroup.resolve("cgroup.procs"), String.valueOf(pid));
            c.await("Mysql1 removes itself", 30_000, () -> c.logged("Mysql1",
                    "<crit> Removing this node from the cluster: no disk write completed within interval \\* tko"));
            long selfMs = (System.nanoTime() - t0) / 1_000_000;
            c.await("Mysql1's cman is gone", 10_000, () -> !c.pids("Mysql1").contains("cman "));
            c.await("Node 3 evicted on web2", 30_000, () -> c.logged("web2", "qdiskd\\[\\d+\\]: <notice> Node 3 evicted"));
            c.await("two nodes and the disk counted", 30_000, () -> c.counts("web2", 2, 4, 3, 2));
            assertTrue(c.quorate("web2") && c.quorate("Mysql2"), () -> "the survivors stay quorate with the disk (web2 "
                    + c.quorate("web2") + ", Mysql2 " + c.quorate("Mysql2") + " now)\n" + c.sb.diagnosis(QdiskSandboxTest.SeedCluster.NODES));
            System.out.println("QdiskDiskFaultTest: stalled I/O -> self-removal after " + selfMs + " ms (interval x tko = 4000 ms)");
            assertTrue(c.alive(c.qdiskdPid("web2")) && c.alive(c.qdiskdPid("Mysql2")), "nothing else crashed");

            // 3. Mysql2's I/O stalls, without io_timeout: the master evicts it and has cman kill it.
            t0 = System.nanoTime();
            Files.writeString(cgroup.resolve("cgroup.procs"), String.valueOf(c.qdiskdPid("Mysql2")));
            c.await("Node 2 evicted on web2", 30_000, () -> c.logged("web2", "qdiskd\\[\\d+\\]: <notice> Node 2 evicted"));
            c.await("Mysql2's cman killed on the master's request", 30_000, () -> !c.pids("Mysql2").contains("cman "));
            assertTrue(c.logged("Mysql2", "cman killed by node 1"), c.messages("Mysql2"));
            assertTrue(!c.logged("Mysql2", "Removing this node from the cluster"), "without io_timeout a stalled node cannot act");
            c.await("the last node counts the disk", 30_000, () -> c.counts("web2", 1, 3, 2, 2));
            assertTrue(c.quorate("web2"));
            System.out.println("QdiskDiskFaultTest: stall without io_timeout -> evicted and killed through cman after "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms");
            release(cgroup, shared);
        } finally {
            release(cgroup, shared);
        }
    }

    /** Lifts the throttle (a process stuck in throttled I/O cannot even die) and removes the cgroup. */
    private static void release(Path cgroup, String dev) {
        if (!Files.isDirectory(cgroup)) return;
        try {
            String[] mm = QdiskSandboxTest.run("stat", "-L", "-c", "%t:%T", dev).trim().split(":");
            String d = Integer.parseInt(mm[0], 16) + ":" + Integer.parseInt(mm[1], 16);
            Files.writeString(cgroup.resolve("blkio.throttle.read_bps_device"), d + " 0");
            Files.writeString(cgroup.resolve("blkio.throttle.write_bps_device"), d + " 0");
            for (String p : Files.readAllLines(cgroup.resolve("cgroup.procs")))
                Files.writeString(BLKIO.resolve("cgroup.procs"), p);
            Files.delete(cgroup);
        } catch (IOException | RuntimeException e) {
            System.err.println("QdiskDiskFaultTest: cleaning up " + cgroup + ": " + e);
        }
    }
}
