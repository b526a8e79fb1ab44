package org.jrhcs.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A representative subset of the seed drills end to end (needs root: network namespaces,
 * a public network, the service's VIP, a polling client, a loop-device quorum disk):
 * 000-4, the primary of a four-node cluster loses its power (evicted, fenced, then taken
 * over), and 001-4, the cluster network of a two-node cluster is cut (one node fenced, one
 * owner). Each runs as {@code tools/bin/cluster-drill --json} and must pass every check of
 * its report. The other drills: {@code tools/bin/cluster-drill all} (README, cluster-drill).
 */
class DrillNetnsTest {
    @Test
    void primaryCrashAndSplitBrainPass(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path tmp) throws Exception {
        assumeTrue(CmanNetnsTest.netnsAvailable(), "skipped: the drills need root and ip netns (run tools/bin/cluster-drill as root)");
        // A short path (sockets are limited to 107 bytes, and a checkout can be deep) that is
        // kept when the test fails, so the drill's logs (DIR/DRILL/logs) outlive it.
        Path work = tmp.resolve("w");
        List<String> cmd = new ArrayList<>(List.of(Sandbox.TOOLS_BIN.resolve("cluster-drill").toString(),
                "--json", "--net", "netns", "--workdir", work.toString(), "000-4", "001-4"));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectError(tmp.resolve("drill.err").toFile()).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "cluster-drill did not finish in 10 minutes");
        String err = Files.readString(tmp.resolve("drill.err"));
        System.out.println("DrillNetnsTest: 000-4 and 001-4 in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        List<String> reports = out.lines().filter(l -> l.startsWith("{")).toList();
        assertEquals(2, reports.size(), "one JSON report per drill:\n" + out + "\n" + err);
        for (String r : reports) {
            // the drill's own verdict comes before its checks': {"drill":..,"title":..,"pass":..
            assertTrue(r.matches("^\\{\"drill\":\"[^\"]*\",\"title\":\"(?:[^\"\\\\]|\\\\.)*\",\"pass\":true,.*"),
                    "drill failed (logs kept in " + work + "):\n" + r + "\n" + err);
            assertTrue(r.contains("\"client\":{"), "the client polled the VIP: " + r + "\n" + err);
        }
        assertEquals(0, p.exitValue(), err);
    }
}
