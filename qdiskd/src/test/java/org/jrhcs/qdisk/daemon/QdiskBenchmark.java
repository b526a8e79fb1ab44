package org.jrhcs.qdisk.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jrhcs.qdisk.core.QdiskConfig;
import org.jrhcs.qdisk.core.StatusBlock;
import org.jrhcs.qdisk.disk.Decoded;
import org.jrhcs.qdisk.disk.QdiskDevice;
import org.jrhcs.qdisk.disk.QdiskHeader;
import org.jrhcs.qdisk.disk.QdiskStore;

/**
 * Not a test: {@code java -cp ... org.jrhcs.qdisk.daemon.QdiskBenchmark [DIR|DEVICE]} runs 4 and 16
 * disk loops on one file (100 ms cycles, tko 10) and prints the cycle time, I/Os per cycle,
 * and the time from one node's hang to "Node N evicted" against interval × tko.
 */
public final class QdiskBenchmark {
    static final class Counting implements QdiskStore {
        final QdiskDevice d;
        final LongAdder reads = new LongAdder(), writes = new LongAdder(), ioNanos = new LongAdder();

        Counting(QdiskDevice d) { this.d = d; }

        @Override public QdiskHeader header() { return d.header(); }

        @Override public Map<Integer, Decoded<StatusBlock>> readStatusBlocks() throws IOException {
            long t = System.nanoTime();
            try {
                return d.readStatusBlocks();
            } finally {
                reads.increment();
                ioNanos.add(System.nanoTime() - t);
            }
        }

        @Override public void write(StatusBlock b) throws IOException {
            long t = System.nanoTime();
            try {
                d.write(b);
            } finally {
                writes.increment();
                ioNanos.add(System.nanoTime() - t);
            }
        }

        @Override public String name() { return d.name(); }

        @Override public void close() throws IOException { d.close(); }
    }

    public static void main(String[] args) throws Exception {
        Path where = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("qdbench");
        boolean device = !Files.isDirectory(where); // a block device (e.g. a loop device) serves both runs
        for (int n : new int[] {4, 16}) run(device ? where : where.resolve("bench-" + n + ".img"), n);
    }

    static void run(Path disk, int nodes) throws Exception {
        try (QdiskDevice d = QdiskDevice.open(disk, true, true, null)) {
            d.format("bench", "bench", System.currentTimeMillis() / 1000, x -> { });
        }
        QdiskConfig c = new QdiskConfig(100, 10, 3, 2, 5, nodes - 1, 0, false, true, false, false, false, 0, false,
                null, null, null, null, List.of());
        List<QdiskLoop> loops = new ArrayList<>();
        List<Counting> stores = new ArrayList<>();
        List<FakeCman> cmans = new ArrayList<>();
        AtomicLong evictedAt = new AtomicLong();
        int victim = nodes;
        boolean direct;
        for (int id = 1; id <= nodes; id++) {
            QdiskDevice dev = QdiskDevice.open(disk, true, false, null);
            dev.readHeader();
            Counting s = new Counting(dev);
            FakeCman cman = new FakeCman();
            QdiskLoop l = new QdiskLoop(c, id, s, cman, "bench", () -> 0, r -> { }, line -> {
                if (line.text().equals("Node " + victim + " evicted")) evictedAt.compareAndSet(0, System.nanoTime());
            }, System::currentTimeMillis);
            loops.add(l);
            stores.add(s);
            cmans.add(cman);
        }
        direct = stores.get(0).d.isDirect();
        loops.forEach(QdiskLoop::start);
        QdiskLoopTest.await(() -> cmans.stream().allMatch(x -> x.lastPoll), 10000, "all advertising");
        long r0 = stores.stream().mapToLong(s -> s.reads.sum()).sum();
        long w0 = stores.stream().mapToLong(s -> s.writes.sum()).sum();
        long t0 = stores.stream().mapToLong(s -> s.ioNanos.sum()).sum();
        Thread.sleep(3000);
        long reads = stores.stream().mapToLong(s -> s.reads.sum()).sum() - r0;
        long writes = stores.stream().mapToLong(s -> s.writes.sum()).sum() - w0;
        long ioNs = stores.stream().mapToLong(s -> s.ioNanos.sum()).sum() - t0;
        double avgCycleMs = loops.stream().mapToLong(l -> l.state().avgCycleMicros()).average().orElse(0) / 1000.0;
        long hang = System.nanoTime();
        loops.get(victim - 1).crash();
        QdiskLoopTest.await(() -> evictedAt.get() != 0, 10000, "eviction");
        double evictMs = (evictedAt.get() - hang) / 1e6;
        System.out.printf("%2d nodes (%s I/O): cycle %.2f ms avg (disk I/O %.2f ms per cycle), I/Os per cycle %.2f "
                        + "(%d reads, %d writes in %d node-cycles); hang -> evicted %.0f ms (interval x tko = %d ms)%n",
                nodes, direct ? "direct" : "buffered", avgCycleMs, ioNs / 1e6 / reads, (reads + writes) / (double) reads,
                reads, writes, reads, evictMs, c.tkoMs());
        for (QdiskLoop l : loops) l.crash();
        for (Counting s : stores) s.close();
    }
}
