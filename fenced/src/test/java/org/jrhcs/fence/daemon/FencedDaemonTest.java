package org.jrhcs.fence.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jrhcs.fence.agent.AgentFixtures;
import org.jrhcs.fence.core.FenceSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three daemons over a fake cman group, with real agent processes. */
class FencedDaemonTest {
    private static final FenceSettings QUICK = new FenceSettings(0, 0, false, 200, false);

    @TempDir Path root;

    @BeforeEach
    void agents() throws Exception {
        AgentFixtures.install(root, "fence_record");
    }

    @Test
    void crashedMemberIsFencedByTheLowestSurvivorThroughFenceDummy() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/fence_dummy")));
        for (String n : List.of("web1", "web2", "web3")) Files.writeString(root.resolve(n + ".status"), "on");
        String fence = "<fence><method name=\"1\"><device name=\"dummy\" status_file=\"" + root + "/NODE.status\" action=\"off\"/>"
                + "</method></fence>";
        try (TestDomain f = new TestDomain(root, fence, QUICK)) {
            f.start(1);
            f.start(2);
            f.start(3);
            TestDomain.await("three members", () -> f.daemons[3].query(c -> c.status().members().size()) == 3);
            f.crash(2);
            f.awaitLog(1, "fence \"web2\" success");
            assertEquals(List.of("web2 not a cluster member after 0 sec post_fail_delay", "fencing node \"web2\"",
                    "fence \"web2\" success"), f.log(1).stream().filter(l -> l.contains("web2")).toList());
            assertEquals("off", Files.readString(root.resolve("web2.status")), "fence_dummy really ran with the node's status file");
            assertEquals("on", Files.readString(root.resolve("web3.status")));
            TestDomain.await("node 3 learns of the success", () -> f.daemons[3].query(c -> c.lastFencedTime("web2")) > 0);
            assertFalse(f.log(3).contains("fencing node \"web2\""), "only the fencer runs agents");
            assertTrue(f.log(3).contains("web2 not a cluster member after 0 sec post_fail_delay"));
            assertEquals("agent", f.daemons[3].query(c -> c.lastFencedHow("web2")));
        }
    }

    @Test
    void cleanLeaveFencesNobody() throws Exception {
        String fence = "<fence><method name=\"1\"><device name=\"rec\"/></method></fence>";
        try (TestDomain f = new TestDomain(root, fence, QUICK)) {
            f.start(1);
            f.start(2);
            TestDomain.await("two members", () -> f.daemons[1].query(c -> c.status().members().size()) == 2);
            f.daemons[2].leave();
            assertEquals(0, f.daemons[2].exit().get());
            TestDomain.await("one member", () -> f.daemons[1].query(c -> c.status().members().size()) == 1);
            assertTrue(f.log(1).isEmpty(), f.log(1).toString());
            assertFalse(Files.exists(root.resolve("agent.web2.log")));
        }
    }

    @Test
    void failingAgentIsRetriedUntilFenceAckManual() throws Exception {
        String fence = "<fence><method name=\"1\"><device name=\"rec\" mode=\"fail\"/></method></fence>";
        try (TestDomain f = new TestDomain(root, fence, QUICK)) {
            f.start(1);
            f.start(2);
            TestDomain.await("two members", () -> f.daemons[1].query(c -> c.status().members().size()) == 2);
            f.crash(2);
            TestDomain.await("three failed attempts", () -> f.count(1, "fence \"web2\" failed") >= 3);
            List<String> log = f.log(1);
            assertTrue(log.contains("fence_record: cannot reach the switch"), "agent output is logged: " + log);
            assertTrue(log.contains("fence \"web2\" dev 0.0 agent fence_record result: error from agent (exit 1)"), log.toString());
            assertEquals(Long.valueOf(0), f.daemons[1].<Long>query(c -> c.lastFencedTime("web2")), "nothing marked fenced");
            assertEquals("fencing", f.daemons[1].query(c -> c.status().waitState()));
            assertNull(f.daemons[1].ackManual("web2"));
            f.awaitLog(1, "fence \"web2\" overridden by administrator intervention");
            assertEquals("override", f.daemons[1].query(c -> c.lastFencedHow("web2")));
            assertEquals("no fencing of web2 is pending", f.daemons[1].ackManual("web2"));
        }
    }

    @Test
    void whenTheFencerDiesMidOperationAnotherMemberTakesOver() throws Exception {
        String fence = "<fence><method name=\"1\"><device name=\"rec\" hang_on=\"web1\"/></method></fence>";
        try (TestDomain f = new TestDomain(root, fence, QUICK)) {
            f.start(1);
            f.start(2);
            f.start(3);
            TestDomain.await("three members", () -> f.daemons[3].query(c -> c.status().members().size()) == 3);
            f.crash(3);
            f.awaitLog(1, "fencing node \"web3\"");
            TestDomain.await("web1's agent started", () -> Files.exists(root.resolve("agent.web3.log")));
            f.crash(1); // dies while its agent hangs
            f.awaitLog(2, "fence \"web3\" success");
            f.awaitLog(2, "fence \"web1\" success");
            List<String> log = f.log(2);
            assertTrue(log.indexOf("fence \"web3\" success") < log.indexOf("fencing node \"web1\""), "oldest victim first: " + log);
        }
    }

    @Test
    void inquorateDomainWaitsForQuorum() throws Exception {
        String fence = "<fence><method name=\"1\"><device name=\"rec\"/></method></fence>";
        try (TestDomain f = new TestDomain(root, fence, QUICK)) {
            f.start(1);
            f.start(2);
            TestDomain.await("two members", () -> f.daemons[1].query(c -> c.status().members().size()) == 2);
            f.hub.setQuorate(false);
            f.crash(2);
            TestDomain.await("waiting for quorum", () -> "quorum".equals(f.daemons[1].query(c -> c.status().waitState())));
            assertFalse(f.log(1).contains("fencing node \"web2\""));
            f.hub.setQuorate(true);
            f.awaitLog(1, "fence \"web2\" success");
        }
    }

    @Test
    void joinUnfencesThisNodeWithActionOn() throws Exception {
        String fence = "<fence><method name=\"1\"><device name=\"rec\"/></method></fence><unfence><device name=\"rec\"/></unfence>";
        try (TestDomain f = new TestDomain(root, fence, QUICK)) {
            f.start(1);
            List<String> agentLog = Files.readAllLines(root.resolve("agent.web1.log"));
            assertTrue(agentLog.contains("action=on") && agentLog.contains("nodename=web1"), agentLog.toString());
            assertTrue(f.log(1).contains("unfence web1 success"), f.log(1).toString());
        }
    }

    @Test
    void aRequestedFenceOfALiveMemberIsSequencedByTheDomain() throws Exception {
        String fence = "<fence><method name=\"1\"><device name=\"rec\"/></method></fence>";
        try (TestDomain f = new TestDomain(root, fence, QUICK)) {
            f.start(1);
            f.start(2);
            f.start(3);
            TestDomain.await("three members", () -> f.daemon(3).query(c -> c.status().members().size()) == 3);
            assertNull(f.daemon(3).requestFence("web2"), "qdiskd on node 3 asks for an eviction fence");
            f.awaitLog(1, "fence \"web2\" success");
            TestDomain.await("node 3 learns of it", () -> f.daemon(3).<Long>query(c -> c.lastFencedTime("web2")) > 0);
            assertEquals("unknown node db9 (not in cluster.conf)", f.daemon(3).requestFence("db9"));
        }
    }

    @Test
    void aNodeWhoseGroupFailureArrivesBeforeCmanDropsItIsFencedOnceCmanDoes() throws Exception {
        String fence = "<fence><method name=\"1\"><device name=\"rec\"/></method></fence>";
        try (TestDomain f = new TestDomain(root, fence, QUICK)) {
            f.start(1);
            f.start(2);
            f.awaitMembers(1, 2);
            assertEquals(1, f.hub.watchers(1), "node 1 follows cman's membership events (no wait for the next re-read)");
            f.hub.daemonDies(2);
            f.daemon(2).stop(1);
            assertEquals(0, f.hub.watchers(2), "a stopped daemon closes its subscription");
            f.awaitLog(1, "web2 left the fence domain but is still a cluster member; fencing waits until it leaves the cluster");
            assertFalse(f.log(1).contains("fencing node \"web2\""));
            f.hub.clusterDown(2);
            f.awaitLog(1, "fence \"web2\" success");
        }
    }

    @Test
    void anAttemptThatBreaksOnTheAgentThreadFailsAndIsRetriedInsteadOfBlockingFencing() throws Exception {
        String fence = "<fence><method name=\"1\"><device name=\"rec\"/></method></fence>";
        java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean(true);
        try (TestDomain f = new TestDomain(root, fence, QUICK)) {
            f.start(1, (sev, text) -> {
                if (text.contains(" starting ") && broken.getAndSet(false)) throw new IllegalStateException("log device gone");
            });
            f.start(2);
            f.awaitMembers(1, 2);
            f.crash(2);
            f.awaitLog(1, "fence \"web2\" success");
            assertTrue(f.log(1).contains("fence \"web2\" failed"), "the broken attempt counts as failed: " + f.log(1));
        }
    }
}
