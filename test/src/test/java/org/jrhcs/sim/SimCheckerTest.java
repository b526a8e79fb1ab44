package org.jrhcs.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The checker can fail: with a safety rule deliberately broken in the simulated wiring,
 * the sweep must find a violation quickly. A simulation that passes a broken build is
 * too weak to trust.
 */
class SimCheckerTest {

    private static SimViolation firstViolation(SimRun.Setup setup, Set<String> faults, int seeds) {
        for (long s = 1; s <= seeds; s++) {
            try {
                SimRun.run(s, setup, faults);
            } catch (SimViolation v) {
                System.out.println("broken build caught at seed " + s + ": " + v.what().lines().findFirst().orElse(""));
                return v;
            }
        }
        return null;
    }

    @Test
    void takeoverWithoutWaitingForFencingIsCaught() {
        // rgmanager's decision maker is told every failed node is fenced at once
        SimViolation v = firstViolation(c -> {
            SimSweepTest.ciSettings(c);
            c.brokenSkipFenceWait = true;
        }, Nemesis.CLEAN_FAULTS, 200);
        if (v == null) fail("200 seeds with takeover before fencing and no violation: the checker is too weak");
        assertTrue(v.what().startsWith("takeover before fence") || v.what().contains("is active on 2 nodes"), v.getMessage());
    }

    @Test
    void servicesRunningWithoutQuorumAreCaught() {
        // rgmanager believes every view is quorate; partitions and hangs then split the services.
        // Alone that no longer splits anything: nothing starts while a failed member is unfenced,
        // and an inquorate side's fenced never fences (defence in depth), so the broken build
        // also takes every failed node for fenced.
        SimViolation v = firstViolation(c -> {
            SimSweepTest.ciSettings(c);
            c.checkQuorum = false;
            c.brokenIgnoreQuorum = true;
            c.brokenSkipFenceWait = true;
        }, Set.of("partition", "hang"), 300);
        if (v == null) fail("300 seeds ignoring quorum and no violation: the checker is too weak");
        assertTrue(v.what().contains("is active on 2 nodes") || v.what().startsWith("takeover before fence"), v.getMessage());
    }

    @Test
    void aQuorumDiskGrantedWithoutCmanMembershipIsCaught() {
        // qdiskd judges the master partition by the disk alone: both halves of a split keep the votes
        SimViolation v = firstViolation(c -> {
            SimSweepTest.ciSettings(c);
            c.brokenQdiskIgnoresCman = true;
        }, Set.of("partition"), 400);
        if (v == null) fail("400 seeds with qdisk grants blind to cman and no violation: the checker is too weak");
        assertTrue(v.what().startsWith("two quorate partitions") || v.what().contains("is active on 2 nodes")
                || v.what().startsWith("takeover before fence"), v.getMessage());
    }

    /**
     * A quorum disk master cut off alone hangs; the other three find it dead on the disk and
     * take the disk's votes. When it wakes, what it queued while hung runs in the next event:
     * it is judged after that (cman dropped the expired votes, qdiskd read its eviction
     * notice), not at the instant it woke holding the quorum it hung with (seeds 16106, 17636).
     * A woken node with nothing queued would act on that quorum at once, and is caught.
     */
    @Test
    void aNodeWokenFromAHangIsJudgedOnceWhatItQueuedHasRun() {
        for (boolean queued : new boolean[] {true, false}) {
            SimCluster c = new SimCluster(SimConfig.generated(4, 4, 3, false, false, 0, 12_000), 1);
            c.rebootMinMs = -1;
            c.agents.fixedLatencies(1000, 500);
            for (int i = 0; i < 4; i++) {
                int k = i;
                c.scheduler.after(1000L * i, null, () -> c.boot(k));
            }
            c.runFor(40_000);
            SimNode master = c.node("node1");
            assertTrue(master.qdisk.master(), "node1 is the qdisk master");
            for (String n : c.config.names()) c.agents.fence(n, SimAgents.FenceMode.FAIL, Long.MAX_VALUE);
            c.network.partition(new int[] {1, 0, 0, 0});
            c.network.scheduleRecompute(12_000, "cable of node1 pulled");
            c.runFor(30_000);
            assertTrue(master.settledQuorate && master.settledMembers.equals(List.of(1)), "node1 quorate alone with the disk");
            master.hang();
            c.runFor(30_000);
            SimNode other = c.node("node2");
            assertTrue(other.settledQuorate && !other.settledMembers.contains(1), "the others took the disk's votes");
            if (!queued) master.deferred.clear();
            c.scheduler.after(0, null, master::wake); // as the nemesis wakes a node: inside an event
            try {
                c.runFor(0);
                assertTrue(queued, "a woken node with nothing queued, quorate beside the others, is not caught");
                assertTrue(!master.powered || !master.settledQuorate, "node1 gave the quorum up when it caught up");
            } catch (SimViolation v) {
                assertTrue(!queued && v.what().startsWith("two quorate partitions"), v.getMessage());
            }
        }
    }

    @Test
    void aConfigVersionGoingBackIsCaught() {
        SimViolation v = firstViolation(c -> {
            SimSweepTest.ciSettings(c);
            c.brokenAcceptStaleConfig = true;
        }, Set.of("ccs"), 200);
        if (v == null) fail("200 seeds accepting stale cluster.conf updates and no violation: the checker is too weak");
        assertTrue(v.what().startsWith("config version went back"), v.getMessage());
    }

    @Test
    void aSweepDoesNotDependOnItsThreads() {
        SimSweepTest.Result one = SimSweepTest.sweep(SimSweepTest.Profile.ALL, 1, 20, false, 1);
        SimSweepTest.Result two = SimSweepTest.sweep(SimSweepTest.Profile.ALL, 1, 20, false, 2);
        assertTrue(one.events.sum() == two.events.sum() && one.failures.keySet().equals(two.failures.keySet()),
                one.events.sum() + " events, failing " + one.failures.keySet() + " vs " + two.events.sum() + ", "
                        + two.failures.keySet());
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        SimCluster a = SimRun.run(7, SimSweepTest::ciSettings, Nemesis.CLEAN_FAULTS);
        SimCluster b = SimRun.run(7, SimSweepTest::ciSettings, Nemesis.CLEAN_FAULTS);
        assertTrue(a.stats().equals(b.stats()) && a.scheduler.trace().equals(b.scheduler.trace()), a.stats() + " vs " + b.stats());
    }
}
