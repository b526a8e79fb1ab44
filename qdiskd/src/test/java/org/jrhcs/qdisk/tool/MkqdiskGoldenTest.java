package org.jrhcs.qdisk.tool;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.jrhcs.qdisk.core.Message;
import org.jrhcs.qdisk.core.NodeState;
import org.jrhcs.qdisk.core.StatusBlock;
import org.jrhcs.qdisk.disk.QdiskDevice;
import org.jrhcs.qdisk.disk.QdiskFinder;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * mkqdisk output, byte for byte, against {@code src/test/resources/golden/mkqdisk/<case>/}
 * ({@code stdout}, {@code stderr}, {@code exit}). {@code @DIR@} stands for the case's
 * scratch directory. The two sector-size lines depend on the filesystem the test runs on, so
 * their values are replaced by {@code @KSS@}/{@code @RSS@} (the only sanitising done).
 * {@code -Dgolden.update=true} rewrites the files; review the diff.
 */
class MkqdiskGoldenTest {
    static final long NOW_MS = Instant.parse("2026-11-23T09:30:00Z").toEpochMilli();
    static final long CREATED_S = Instant.parse("2026-11-20T08:15:42Z").getEpochSecond();
    static final Path GOLDEN = Path.of("src/test/resources/golden/mkqdisk");

    @TempDir Path scratch;

    interface Setup { void in(Path dir) throws IOException; }

    record Case(String name, String description, Setup setup, boolean interactive, String stdin, String... args) {}

    static List<Case> cases() {
        Setup none = d -> { };
        Setup twoDisks = d -> {
            format(d.resolve("a.img"), "alpha");
            format(d.resolve("b.img"), "beta");
            Files.write(d.resolve("c.img"), new byte[16384]);
        };
        Setup busy = d -> {
            format(d.resolve("qdisk.img"), "web_qdisk");
            write(d.resolve("qdisk.img"), block(1, NodeState.RUN, NOW_MS - 5000));
        };
        Setup states = d -> {
            Path f = d.resolve("qdisk.img");
            format(f, "web_qdisk");
            long t = NOW_MS - 3_600_000;
            write(f, new StatusBlock(1, 1, t, 812, 0x0000019ab0c0ffeeL, NodeState.MASTER, StatusBlock.FLAG_HEALTHY,
                    Message.NONE, 0, 1, 1, 0b1011, 0b1011, 1520, 1488));
            write(f, new StatusBlock(2, 1, t - 2000, 790, 0x0000019ab0c0f00dL, NodeState.EVICT, StatusBlock.FLAG_HEALTHY,
                    Message.NONE, 0, 1, 1, 0b1011, 0, 1203, 1300));
            write(f, new StatusBlock(3, 3, t + 1000, 12, 0x0000019ab0c0abcdL, NodeState.SHUTDOWN, 0,
                    Message.NONE, 0, 0, 1, 0, 0, 0, 2_500_000));
            write(f, block(4, NodeState.RUN, t));
            tear(f, 4);
        };
        return List.of(
                new Case("create-file", "initialise a regular file", none, false, "", "-c", "@DIR@/qdisk.img", "-l", "web_qdisk"),
                new Case("create-confirmed", "interactive: the operator answers y", none, true, "y\n", "-c", "@DIR@/qdisk.img", "-l", "web_qdisk"),
                new Case("create-declined", "interactive: anything but y aborts", none, true, "\n", "-c", "@DIR@/qdisk.img", "-l", "web_qdisk"),
                new Case("create-in-use", "refuses a disk a node wrote 5 s ago", busy, false, "", "-c", "@DIR@/qdisk.img", "-l", "other"),
                new Case("create-in-use-forced", "-F overwrites a disk in use", busy, false, "", "-F", "-c", "@DIR@/qdisk.img", "-l", "other"),
                new Case("create-long-label", "a label longer than 127 bytes", none, false, "", "-c", "@DIR@/qdisk.img", "-l", "x".repeat(128)),
                new Case("create-without-label", "-c needs -l", none, false, "", "-c", "@DIR@/qdisk.img"),
                new Case("list", "-L over files: quorum disks only, plain files skipped", twoDisks, false, "",
                        "-L", "@DIR@/a.img", "@DIR@/b.img", "@DIR@/c.img"),
                new Case("list-f-file", "-L -f FILE searches that file", twoDisks, false, "", "-L", "-f", "@DIR@/b.img"),
                new Case("list-nothing", "-L finding no quorum disk prints the banner only", none, false, "", "-L"),
                new Case("find-label", "-f LABEL shows the matching disk", twoDisks, false, "", "-f", "beta", "@DIR@/a.img", "@DIR@/b.img"),
                new Case("find-missing", "-f LABEL with no match", twoDisks, false, "", "-f", "gamma", "@DIR@/a.img"),
                new Case("dump", "-L -d: master, evicted, shut down and torn status blocks", states, false, "",
                        "-L", "-d", "@DIR@/qdisk.img"),
                new Case("no-arguments", "usage", none, false, ""),
                new Case("unknown-option", "usage with the problem", none, false, "", "-x"));
    }

    @TestFactory
    Stream<DynamicTest> golden() throws IOException {
        Path procPartitions = scratch.resolve("partitions");
        Files.writeString(procPartitions, "major minor  #blocks  name\n\n");
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name() + ": " + c.description(), () -> {
            Path dir = Files.createDirectories(scratch.resolve(c.name()));
            c.setup().in(dir);
            String[] args = Stream.of(c.args()).map(a -> a.replace("@DIR@", dir.toString())).toArray(String[]::new);
            ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
            Mkqdisk.Env env = new Mkqdisk.Env(new QdiskFinder(procPartitions, scratch.resolve("dev")), () -> NOW_MS,
                    ZoneOffset.UTC, "web1.example.com",
                    new ByteArrayInputStream(c.stdin().getBytes(StandardCharsets.UTF_8)), c.interactive());
            int exit = new Mkqdisk(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), env).run(args);
            check(c.name(), "stdout", sanitize(out.toString(StandardCharsets.UTF_8), dir));
            check(c.name(), "stderr", sanitize(err.toString(StandardCharsets.UTF_8), dir));
            check(c.name(), "exit", exit + "\n");
        }));
    }

    private static String sanitize(String s, Path dir) {
        return s.replace(dir.toString(), "@DIR@")
                .replaceAll("(\tKernel Sector Size:   )\\d+", "$1@KSS@")
                .replaceAll("(\tRecorded Sector Size: )\\d+", "$1@RSS@");
    }

    private static void check(String name, String file, String actual) throws IOException {
        Path expected = GOLDEN.resolve(name).resolve(file);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(expected.getParent());
            Files.writeString(expected, actual);
            return;
        }
        assertTrue(Files.exists(expected), expected + " is missing (run with -Dgolden.update=true and review)");
        assertEquals(Files.readString(expected), actual, name + "/" + file);
    }

    static void format(Path f, String label) throws IOException {
        try (QdiskDevice d = QdiskDevice.open(f, true, true, null)) {
            d.format(label, "web1.example.com", CREATED_S, n -> { });
        }
    }

    static StatusBlock block(int node, NodeState s, long ts) {
        return new StatusBlock(node, node, ts, 40, 0x0000019ab0c00000L + node, s, StatusBlock.FLAG_HEALTHY,
                Message.NONE, 0, 1, 1, 1, 0, 1000, 1000);
    }

    static void write(Path f, StatusBlock b) throws IOException {
        try (QdiskDevice d = QdiskDevice.open(f, true, false, null)) {
            assertTrue(d.readHeader().isOk());
            d.write(b);
        }
    }

    /** Damages a status block the way a torn write would: half of it replaced. */
    static void tear(Path f, int node) throws IOException {
        int bs;
        try (QdiskDevice d = QdiskDevice.open(f, false, false, null)) {
            bs = d.readHeader().value().blockSize();
        }
        byte[] all = Files.readAllBytes(f);
        for (int i = 48; i < 100; i++) all[node * bs + i] = (byte) 0xee;
        Files.write(f, all);
    }
}
