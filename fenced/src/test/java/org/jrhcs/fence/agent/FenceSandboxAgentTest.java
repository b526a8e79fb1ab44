package org.jrhcs.fence.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.fence.core.DeviceCall;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tools/bin/fence_sandbox, run the way fenced runs it, against a sandbox layout with live processes. */
class FenceSandboxAgentTest {
    private static final Path AGENT = Path.of("../tools/bin/fence_sandbox").toAbsolutePath().normalize();

    @TempDir Path sandbox;
    private AgentRunner runner;

    @BeforeEach
    void layout() throws Exception {
        Files.writeString(sandbox.resolve("sandbox.env"), "MODE=loopback\nNODES=\"web1 web2\"\n");
        Files.createDirectories(sandbox.resolve("web1"));
        Files.createDirectories(sandbox.resolve("web2"));
        runner = new AgentRunner(new ClusterRoot(sandbox.resolve("web1")), "web1", Duration.ofSeconds(20), "/usr/bin:/bin");
    }

    private AgentResult run(String action, String node) {
        return runner.run(DeviceCall.of("sb", AGENT.toString(), Map.of("action", action)), node, AgentRunner.DEFAULT_ACTION);
    }

    /** An empty file (a socket, a pid file) at {@code name} under the node's var/run/cluster. */
    private Path runFile(String node, String name) throws Exception {
        Path f = sandbox.resolve(node).resolve("var/run/cluster").resolve(name);
        Files.createDirectories(f.getParent());
        return Files.createFile(f);
    }

    /** A process "running on" a node: it carries the node's CLUSTER_ROOT, as cluster-sandbox starts daemons. */
    private Process nodeProcess(String node) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sleep", "60");
        pb.environment().put("CLUSTER_ROOT", sandbox.resolve(node).toString());
        return pb.start();
    }

    @Test
    void offKillsEveryProcessOfTheVictimOnlyAndStatusSaysOff() throws Exception {
        Process victim = nodeProcess("web2");
        Process bystander = nodeProcess("web1");
        try {
            AgentResult r = run("off", "web2");
            assertTrue(r.ok(), r.toString());
            assertTrue(victim.waitFor(5, TimeUnit.SECONDS), "the victim's process is gone");
            assertTrue(bystander.isAlive(), "other nodes keep running");
            assertEquals(AgentResult.Status.ERROR, run("status", "web2").status());
            assertEquals(2, run("status", "web2").exitCode());
            // what the killed daemons left in the run directory; web1's are a live node's
            Path left = runFile("web2", "init/fenced.pid"), live = runFile("web1", "fenced.sock");
            assertTrue(run("on", "web2").ok());
            assertTrue(run("status", "web2").ok());
            assertFalse(Files.exists(left) || Files.exists(left.getParent()), "a boot starts with an empty run directory");
            assertTrue(Files.exists(left.getParent().getParent()), "the run directory itself stays");
            assertTrue(run("on", "web1").ok());
            assertTrue(Files.exists(live), "powering on a node that is on changes nothing");
        } finally {
            victim.destroyForcibly();
            bystander.destroyForcibly();
        }
    }

    @Test
    void defaultRebootKillsAndLeavesPowerOn() throws Exception {
        Process victim = nodeProcess("web2");
        try {
            AgentResult r = runner.run(DeviceCall.of("sb", AGENT.toString(), Map.of()), "web2", AgentRunner.DEFAULT_ACTION);
            assertTrue(r.ok(), r.toString());
            assertTrue(victim.waitFor(5, TimeUnit.SECONDS));
            assertTrue(run("status", "web2").ok());
        } finally {
            victim.destroyForcibly();
        }
    }

    @Test
    void unknownNodeListAndMetadata() {
        AgentResult r = run("off", "db9");
        assertEquals(AgentResult.Status.ERROR, r.status());
        assertTrue(r.output().contains("no node db9"), r.output());
        assertEquals("web1,web1\nweb2,web2", run("list", "web1").output());
        assertTrue(run("metadata", "web1").output().contains("<resource-agent name=\"fence_sandbox\""));
        assertFalse(run("monitor", "web1").output().contains("error"));
    }
}
