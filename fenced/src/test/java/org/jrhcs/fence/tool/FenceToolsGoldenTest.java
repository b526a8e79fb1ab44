package org.jrhcs.fence.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.fence.agent.AgentFixtures;
import org.jrhcs.fence.core.FenceSettings;
import org.jrhcs.fence.daemon.FencedServer;
import org.jrhcs.fence.daemon.TestDomain;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fence_tool, fence_ack_manual and fence_node against a fenced on a temporary root (fake
 * cman group, real sockets, real agents). Case files live under
 * {@code src/test/resources/golden/<tool>/<case>/} ({@code stdout}, {@code stderr}, {@code exit});
 * {@code -Dgolden.update=true} rewrites them, and the reviewer reads the diff.
 */
class FenceToolsGoldenTest {
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final FenceSettings QUICK = new FenceSettings(0, 0, false, 200, false);

    @TempDir Path root;
    private Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        AgentFixtures.install(root, "fence_record");
        env = Map.of("CLUSTER_ROOT", root.toString(), "PATH", "/usr/bin:/bin", "CLUSTER_NODE", "web1");
    }

    private record Run(int exit, String out, String err) {}

    private interface Tool {
        int run(PrintStream out, PrintStream err);
    }

    private static Run run(Tool t) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int rc = t.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Run(rc, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    /** Compares a run with its case files; the root's path is written as ROOT. */
    private void golden(String tool, String name, Run r) throws Exception {
        Path dir = GOLDEN.resolve(tool).resolve(name);
        Map<String, String> actual = Map.of("stdout", r.out().replace(root.toString(), "ROOT"),
                "stderr", r.err().replace(root.toString(), "ROOT"), "exit", r.exit() + "\n");
        for (var e : actual.entrySet()) {
            Path f = dir.resolve(e.getKey());
            if (UPDATE) {
                Files.createDirectories(dir);
                Files.writeString(f, e.getValue());
            }
            assertTrue(Files.exists(f), f + " is missing (run with -Dgolden.update=true and review)");
            assertEquals(Files.readString(f), e.getValue(), tool + "/" + name + "/" + e.getKey());
        }
    }

    /** Starts node {@code id}'s daemon and serves its sockets on the test root. */
    private FencedServer serve(TestDomain d, int id) throws Exception {
        return new FencedServer(new ClusterRoot(root), d.start(id));
    }

    private static final String REC = "<fence><method name=\"1\"><device name=\"rec\"/></method></fence>";

    @Test
    void lsShowsTheDomain() throws Exception {
        try (TestDomain d = new TestDomain(root, REC, QUICK); FencedServer s = serve(d, 1)) {
            d.start(2);
            d.awaitMembers(1, 2);
            golden("fence_tool", "ls-two-members", run((o, e) -> FenceTool.run(new String[] {"ls"}, o, e, env)));
            golden("fence_tool", "ls-all-nodes", run((o, e) -> FenceTool.run(new String[] {"ls", "-n"}, o, e, env)));
        }
    }

    @Test
    void lsShowsAVictimThatCannotBeFencedAndAckManualReleasesIt() throws Exception {
        String failing = "<fence><method name=\"1\"><device name=\"rec\" mode=\"fail\"/></method></fence>";
        try (TestDomain d = new TestDomain(root, failing, QUICK); FencedServer s = serve(d, 1)) {
            d.start(2);
            d.awaitMembers(1, 2);
            d.crash(2);
            d.awaitLog(1, "fence \"web2\" failed");
            golden("fence_tool", "ls-victim", run((o, e) -> FenceTool.run(new String[] {"ls"}, o, e, env)));
            golden("fence_ack_manual", "pending", run((o, e) -> FenceAckManual.run(new String[] {"web2"}, o, e, env, false)));
            d.awaitLog(1, "fence \"web2\" overridden by administrator intervention");
            golden("fence_ack_manual", "nothing-pending", run((o, e) -> FenceAckManual.run(new String[] {"web2"}, o, e, env, false)));
        }
    }

    @Test
    void fenceNodeGoesThroughFencedWhichAnnouncesTheSuccess() throws Exception {
        try (TestDomain d = new TestDomain(root, REC, QUICK); FencedServer s = serve(d, 1)) {
            d.awaitMembers(1);
            golden("fence_node", "through-fenced", run((o, e) -> FenceNode.run(new String[] {"web3"}, o, e, env)));
            // the announcement reaches the daemon through the group's delivery thread, after fence_node returns
            TestDomain.await("announced to the domain", () -> d.daemon(1).<Long>query(c -> c.lastFencedTime("web3")) > 0);
            assertTrue(Files.readString(root.resolve("agent.web3.log")).contains("nodename=web3"));
        }
    }

    @Test
    void fenceNodeWithoutFencedRunsTheAgentsItself() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/fence_dummy")));
        Path conf = Files.createDirectories(root.resolve("etc/cluster")).resolve("cluster.conf");
        Files.writeString(conf, """
                <?xml version="1.0"?>
                <cluster name="t" config_version="1">
                  <clusternodes>
                    <clusternode name="web1" nodeid="1">
                      <fence><method name="1"><device name="dummy" status_file="STATUS"/></method></fence>
                    </clusternode>
                    <clusternode name="web2" nodeid="2">
                      <fence><method name="1"><device name="nope"/></method></fence>
                    </clusternode>
                    <clusternode name="web3" nodeid="3"/>
                  </clusternodes>
                  <fencedevices>
                    <fencedevice name="dummy" agent="fence_dummy" type="file" action="off"/>
                  </fencedevices>
                </cluster>
                """.replace("STATUS", root.resolve("web1.status").toString()));
        Files.writeString(root.resolve("web1.status"), "on");
        golden("fence_node", "direct-success", run((o, e) -> FenceNode.run(new String[] {"-v", "web1"}, o, e, env)));
        assertEquals("off", Files.readString(root.resolve("web1.status")));
        golden("fence_node", "undefined-device", run((o, e) -> FenceNode.run(new String[] {"web2"}, o, e, env)));
        golden("fence_node", "no-methods", run((o, e) -> FenceNode.run(new String[] {"web3"}, o, e, env)));
        golden("fence_node", "unknown-node", run((o, e) -> FenceNode.run(new String[] {"db9"}, o, e, env)));
        golden("fence_node", "unfence-undefined", run((o, e) -> FenceNode.run(new String[] {"-U"}, o, e, env)));
    }

    @Test
    void toolsWithoutFencedSayItIsNotRunning() throws Exception {
        golden("fence_tool", "ls-not-running", run((o, e) -> FenceTool.run(new String[] {"ls"}, o, e, env)));
        golden("fence_tool", "leave-not-running", run((o, e) -> FenceTool.run(new String[] {"leave"}, o, e, env)));
        golden("fence_tool", "no-operation", run((o, e) -> FenceTool.run(new String[] {}, o, e, env)));
        golden("fence_ack_manual", "not-running", run((o, e) -> FenceAckManual.run(new String[] {"web2"}, o, e, env, false)));
        golden("fence_ack_manual", "usage", run((o, e) -> FenceAckManual.run(new String[] {}, o, e, env, false)));
    }

    @Test
    void lsRendersVictimsAndAllNodes() {
        var info = new org.jrhcs.fence.client.FencedClient.DomainInfo(true, List.of(1, 3),
                List.of(Map.of("id", "2", "name", "web2", "reason", "failed")), 2, 1, "fencing",
                List.of(Map.of("id", "1", "member", "1", "victim", "0", "last_by", "0", "last_how", "none"),
                        Map.of("id", "2", "member", "0", "victim", "1", "last_by", "1", "last_how", "agent")));
        assertEquals("""
                fence domain
                member count  2
                victim count  1
                victim now    2
                master nodeid 1
                wait state    fencing
                members       1 3 \n\
                all nodes
                nodeid 1 member 1 victim 0 last fence master 0 how none
                nodeid 2 member 0 victim 1 last fence master 1 how agent

                """, org.jrhcs.fence.client.LsFormat.render(info, true));
    }
}
