package org.jrhcs.rg.core.state;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jrhcs.ccs.ConfDocument;
import org.junit.jupiter.api.Test;

/**
 * Sim bug 1 (seed 378): which fence covers a failed node's services. The bound is the
 * membership the node failed in, as this member saw it begin — not the failure time minus
 * a slack, which let a fence from the node's previous life cover a new failure.
 */
class FenceGateTest {

    @Test void theRule() {
        assertTrue(FenceGate.covers(1000, 1000, false));
        assertTrue(FenceGate.covers(0, 5, false), "a node never seen as a member: any completed fence");
        assertFalse(FenceGate.covers(1000, 999, false), "older than the membership that failed");
        assertFalse(FenceGate.covers(1000, 2000, true), "fenced still has it pending");
        assertFalse(FenceGate.covers(0, 0, false), "never fenced");
    }

    @Test void aFenceFromAnEarlierLifeDoesNotCoverANewFailure() throws Exception {
        SyncCluster c = new SyncCluster(RgConfig.from(ConfDocument.parse(RgCoreTest.CONF, "cluster.conf").cluster()));
        c.join(1);
        c.join(2);
        c.converge();
        long web1Seen = c.cores.get(2).fenceBound("web1");
        assertTrue(web1Seen > 0 && web1Seen <= c.now);
        // fenced is quicker than rgmanager: web1 is fenced before node 2 applies its failure view
        long firstFence = c.now;
        c.now += 5;
        c.fail(1);
        c.converge();
        assertTrue(c.cores.get(2).awaitingFence().contains("web1"));
        assertTrue(c.cores.get(2).failedAt("web1") > firstFence);
        assertTrue(FenceGate.covers(c.cores.get(2).fenceBound("web1"), firstFence, false),
                "a fence of this membership counts even before the failure was seen");
        c.local(2, new Input.FenceConfirmed("web1"));
        c.converge();
        // web1 reboots, rejoins and fails again a few seconds after its fence
        c.now += 3_000;
        c.join(1);
        c.converge();
        c.now += 3_000;
        c.fail(1);
        c.converge();
        RgCore dm = c.cores.get(2);
        assertTrue(dm.awaitingFence().contains("web1"));
        assertTrue(dm.failedAt("web1") - firstFence < 30_000, "within the old 30 s slack");
        assertFalse(FenceGate.covers(dm.fenceBound("web1"), firstFence, false),
                "the fence of web1's previous life must not cover this failure");
        assertTrue(FenceGate.covers(dm.fenceBound("web1"), dm.failedAt("web1") + 100, false));
    }
}
