package org.jrhcs.ccsd.daemon;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jrhcs.ccsd.client.CcsClient;
import org.jrhcs.ccsd.tool.CcsTool;
import org.jrhcs.client.ClusterRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ccs_tool update} against two running ccsd instances: RHCS's messages, and clear refusals. */
class CcsToolUpdateTest {
    @TempDir Path dir;
    private final FakeGroup group = new FakeGroup();
    private CcsDaemon one;
    private CcsDaemon two;

    record Run(int code, String out, String err) {}

    ClusterRoot root(int n) { return new ClusterRoot(dir.resolve("n" + n)); }

    Run ccs(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = new CcsTool(root(1), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8).replace(dir.toString(), "$DIR"),
                err.toString(StandardCharsets.UTF_8).replace(dir.toString(), "$DIR"));
    }

    @BeforeEach void start() throws Exception {
        for (int n = 1; n <= 2; n++) {
            Files.createDirectories(root(n).clusterConf().getParent());
            Files.writeString(root(n).clusterConf(), CcsDaemonTest.conf(2, ""));
        }
        one = new CcsDaemon(root(1), group.transport(1), v -> {}, (s, m) -> {}).updateTimeout(5000).start();
        two = new CcsDaemon(root(2), group.transport(2), v -> {}, (s, m) -> {}).updateTimeout(5000).start();
        new CcsClient(root(1)).await(Duration.ofSeconds(10));
        new CcsClient(root(2)).await(Duration.ofSeconds(10));
    }

    @AfterEach void stop() throws Exception {
        one.close();
        two.close();
        group.close();
    }

    @Test
    void updatePrintsRhcsMessagesAndEveryNodeGetsTheFile() throws Exception {
        Path next = dir.resolve("cluster.conf.new");
        Files.writeString(next, CcsDaemonTest.conf(3, "<service name=\"web\"/>"));
        Run r = ccs("update", next.toString());
        assertEquals(0, r.code());
        assertEquals("Config file updated from version 2 to 3\n\nUpdate complete.\n", r.out());
        // the test file has no fencing: the validator's warnings are passed on, the update goes ahead
        assertTrue(r.err().lines().allMatch(l -> l.contains(": warning: ")), r.err());
        assertEquals(Files.readString(next), Files.readString(root(2).clusterConf()));
        assertEquals(Files.readString(next), Files.readString(root(1).clusterConf()));
    }

    @Test
    void validatorWarningsAreShownButDoNotStopTheUpdate() throws Exception {
        Path next = dir.resolve("warn.conf");
        Files.writeString(next, CcsDaemonTest.conf(3, "").replace("<clusternodes>", "<cman two_node=\"1\" expected_votes=\"1\"/>\n  <clusternodes>")
                .replace("    <clusternode name=\"n3\" nodeid=\"3\" votes=\"1\"/>\n", ""));
        Run r = ccs("update", next.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("Config file updated from version 2 to 3\n\nUpdate complete.\n", r.out());
        assertTrue(r.err().startsWith("$DIR/warn.conf:4:"), r.err());
        assertTrue(r.err().contains(": warning: two_node=\"1\""), r.err());
    }

    @Test
    void refusalsNameTheProblemAndChangeNothing() throws Exception {
        Path same = dir.resolve("same.conf");
        Files.writeString(same, CcsDaemonTest.conf(2, "<service name=\"web\"/>"));
        assertEquals(new Run(1, "", "config_version 2 is not greater than the cluster's config_version 2 (published by node 1); "
                + "raise config_version in the new file\nFailed to update config file.\n"), ccs("update", same.toString()));
        Path broken = dir.resolve("broken.conf");
        Files.writeString(broken, "<cluster name=\"alpha\" config_version=\"9\">\n  <clusternodes>\n</cluster>\n");
        Run r = ccs("update", broken.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("$DIR/broken.conf:3:"), r.err());
        assertTrue(r.err().endsWith("\nFailed to update config file.\n"), r.err());
        assertEquals(new Run(1, "", "ccs_tool: Unable to open $DIR/none.conf: No such file or directory\n"),
                ccs("update", dir.resolve("none.conf").toString()));
        assertEquals(CcsDaemonTest.conf(2, ""), Files.readString(root(2).clusterConf()));
    }

    @Test
    void queryReadsTheRunningConfiguration() {
        assertEquals(new Run(0, "2\nn2\n", ""), ccs("query", "/cluster/@config_version", "/cluster/clusternodes/clusternode[@nodeid=2]/@name"));
        assertEquals(new Run(1, "", "ccs_tool: Query failed: nothing in cluster.conf version 2 matches /cluster/cman/@two_node\n"),
                ccs("query", "/cluster/cman/@two_node"));
    }

    @Test
    void withoutCcsdTheToolSaysSo() throws Exception {
        one.close();
        Path next = dir.resolve("n.conf");
        Files.writeString(next, CcsDaemonTest.conf(3, ""));
        assertEquals(new Run(1, "", "cannot connect to $DIR/n1/var/run/cluster/ccsd-admin.sock: no such socket (is the daemon running?)\n"
                + "Failed to update config file.\n"), ccs("update", next.toString()));
    }
}
