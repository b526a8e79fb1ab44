package org.jrhcs.fence.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.fence.core.DeviceCall;
import org.jrhcs.fence.core.NodeFencing;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real agents: Debian's fence_dummy and a recording shell agent. */
class AgentRunnerTest {
    private static final Path FENCE_DUMMY = Path.of("/usr/sbin/fence_dummy");

    @TempDir Path root;
    private AgentRunner runner;

    @BeforeEach
    void setUp() throws Exception {
        AgentFixtures.install(root, "fence_record");
        runner = new AgentRunner(new ClusterRoot(root), "web1", Duration.ofSeconds(20), "/usr/bin:/bin");
    }

    private static Map<String, String> args(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void fenceDummyPowersOffThroughItsStatusFile() throws Exception {
        assumeTrue(Files.isExecutable(FENCE_DUMMY), "fence-agents is installed by .ci/run");
        Path status = root.resolve("dummy.status");
        Files.writeString(status, "on"); // fence_dummy compares the file's whole content with "on"
        AgentResult r = runner.run(DeviceCall.of("dummy", "fence_dummy",
                args("type", "file", "status_file", status.toString(), "action", "off")), "web2", AgentRunner.DEFAULT_ACTION);
        assertTrue(r.ok(), r.toString());
        assertEquals("off", Files.readString(status));
    }

    @Test
    void fenceDummyDefaultActionIsRebootWhichLeavesTheNodeOn() throws Exception {
        assumeTrue(Files.isExecutable(FENCE_DUMMY));
        Path status = root.resolve("dummy.status");
        Files.writeString(status, "off");
        AgentResult r = runner.run(DeviceCall.of("dummy", "fence_dummy",
                args("type", "file", "status_file", status.toString())), "web2", AgentRunner.DEFAULT_ACTION);
        assertTrue(r.ok(), r.toString());
        assertEquals("on", Files.readString(status));
    }

    @Test
    void fenceDummyOfTypeFailIsAnErrorWithItsOutput() {
        assumeTrue(Files.isExecutable(FENCE_DUMMY));
        AgentResult r = runner.run(DeviceCall.of("dummy", "fence_dummy", args("type", "fail", "power_timeout", "1")),
                "web2", AgentRunner.DEFAULT_ACTION);
        assertEquals(AgentResult.Status.ERROR, r.status());
        assertTrue(r.output().contains("Timed out"), r.output());
        assertEquals("error from agent (exit 1)", r.text());
    }

    @Test
    void agentGetsDeviceArgumentsNodenameDefaultActionAndACleanEnvironment() throws Exception {
        AgentResult r = runner.run(DeviceCall.of("rec", "fence_record", args("ipaddr", "10.0.0.1", "port", "7")),
                "web2", AgentRunner.DEFAULT_ACTION);
        assertTrue(r.ok(), r.toString());
        List<String> lines = Files.readAllLines(root.resolve("agent.web2.log"));
        assertEquals(List.of("ipaddr=10.0.0.1", "port=7", "nodename=web2", "action=reboot",
                "env CLUSTER_ROOT=" + root + " CLUSTER_NODE=web1 HOME=unset", "--"), lines);
    }

    @Test
    void configurationValuesReachTheAgentLiterallyWithoutAShell() throws Exception {
        Path pwned = root.resolve("pwned");
        String[] hostile = {"$(touch " + pwned + ")", "`touch " + pwned + "`", "x; touch " + pwned, "a && touch " + pwned
                + " | cat > /dev/null", "'\"$HOME\\", "*", "-h"};
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < hostile.length; i++) a.put("passwd" + i, hostile[i]);
        AgentResult r = runner.run(DeviceCall.of("rec", "fence_record", a), "web2", AgentRunner.DEFAULT_ACTION);
        assertTrue(r.ok(), r.toString());
        List<String> lines = Files.readAllLines(root.resolve("agent.web2.log"));
        for (int i = 0; i < hostile.length; i++) assertEquals("passwd" + i + "=" + hostile[i], lines.get(i));
        assertFalse(Files.exists(pwned), "a configuration value was run by a shell");
    }

    @Test
    void aValueWithALineBreakCannotAddArgumentsAndTheAgentNeverRuns() {
        for (String[] kv : new String[][] {{"passwd", "x\naction=off"}, {"port", "1\r\n"}, {"ipaddr", "a\0b"}, {"a\nb", "1"},
                {"k=v", "1"}}) {
            AgentResult r = runner.run(DeviceCall.of("rec", "fence_record", args(kv[0], kv[1])), "web2", AgentRunner.DEFAULT_ACTION);
            assertEquals(AgentResult.Status.BAD_CONFIG, r.status(), r.toString());
            assertTrue(r.toString().contains("device rec: "), r.toString());
        }
        assertFalse(Files.exists(root.resolve("agent.web2.log")), "the agent ran");
    }

    @Test
    void configuredActionWins() throws Exception {
        runner.run(DeviceCall.of("rec", "fence_record", args("action", "off")), "web2", AgentRunner.DEFAULT_ACTION);
        assertTrue(Files.readAllLines(root.resolve("agent.web2.log")).contains("action=off"));
    }

    @Test
    void failingAgentReportsItsExitStatusAndOutput() {
        AgentResult r = runner.run(DeviceCall.of("rec", "fence_record", args("mode", "fail")), "web2", AgentRunner.DEFAULT_ACTION);
        assertEquals(AgentResult.Status.ERROR, r.status());
        assertEquals(1, r.exitCode());
        assertTrue(r.output().contains("cannot reach the switch") && r.output().contains("second line"), r.output());
    }

    @Test
    void hangingAgentIsKilledAtItsTimeout() {
        AgentRunner quick = new AgentRunner(new ClusterRoot(root), "web1", Duration.ofMillis(500), "/usr/bin:/bin");
        long start = System.nanoTime();
        AgentResult r = quick.run(DeviceCall.of("rec", "fence_record", args("mode", "hang")), "web2", AgentRunner.DEFAULT_ACTION);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(AgentResult.Status.TIMEOUT, r.status());
        assertTrue(ms < 5000, "took " + ms + " ms");
        assertFalse(ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").equals("sleep 60")),
                "the agent's child was killed too");
    }

    @Test
    void missingAgentIsNotFoundAndSaysWhereItLooked() {
        AgentResult r = runner.run(DeviceCall.of("x", "fence_nonexistent", Map.of()), "web2", AgentRunner.DEFAULT_ACTION);
        assertEquals(AgentResult.Status.NOT_FOUND, r.status());
        assertTrue(r.text().contains("fence_nonexistent is not on PATH, /usr/sbin or " + root.resolve("usr/sbin")), r.text());
    }

    @Test
    void badlyConfiguredDeviceNeverRuns() {
        AgentResult r = runner.run(DeviceCall.broken("sw", "cluster.conf:12: fence device \"sw\" is not defined"), "web2",
                AgentRunner.DEFAULT_ACTION);
        assertEquals(AgentResult.Status.BAD_CONFIG, r.status());
        assertTrue(r.text().contains("is not defined"));
    }

    @Test
    void nodeFencerFallsThroughToTheNextMethodWithRealAgents() throws Exception {
        assumeTrue(Files.isExecutable(FENCE_DUMMY));
        Path status = root.resolve("dummy.status");
        Files.writeString(status, "on");
        NodeFencing web2 = new NodeFencing(2, "web2", List.of(
                new NodeFencing.Method("1", List.of(DeviceCall.of("rec", "fence_record", args("mode", "fail")))),
                new NodeFencing.Method("2", List.of(
                        DeviceCall.of("rec", "fence_record", args()),
                        DeviceCall.of("dummy", "fence_dummy", args("type", "file", "status_file", status.toString(), "action", "off"))))),
                List.of());
        List<String> lines = new java.util.ArrayList<>();
        NodeFencer.Result r = new NodeFencer(runner).fence(web2, rep -> lines.add(rep.line("fence")));
        assertEquals(NodeFencer.Result.SUCCESS, r);
        assertEquals(List.of("fence web2 dev 0.0 agent fence_record result: error from agent (exit 1)",
                "fence web2 dev 1.0 agent fence_record result: success",
                "fence web2 dev 1.1 agent fence_dummy result: success"), lines);
        assertEquals("off", Files.readString(status));
    }

    @Test
    void unfenceRunsUnfenceDevicesWithActionOn() throws Exception {
        NodeFencing web2 = new NodeFencing(2, "web2", List.of(), List.of(DeviceCall.of("rec", "fence_record", args())));
        assertEquals(NodeFencer.Result.SUCCESS, new NodeFencer(runner).unfence(web2, rep -> {}));
        assertTrue(Files.readAllLines(root.resolve("agent.web2.log")).contains("action=on"));
        assertEquals(NodeFencer.Result.UNDEFINED, new NodeFencer(runner).fence(web2, rep -> {}));
    }
}
