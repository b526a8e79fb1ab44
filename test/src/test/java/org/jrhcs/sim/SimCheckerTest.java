package org.jrhcs.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
