package org.jrhcs.qdisk.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The per-cycle policy over an in-memory disk and a virtual clock (SPEC.md "Quorum disk", qdisk(5) 2.x). */
class QdiskPolicyTest {
    private static final HeuristicSpec PING = new HeuristicSpec("ping -c1 gw", 1, 2000, 1);

    private static QdiskSim started(QdiskConfig c, int... ids) {
        QdiskSim sim = new QdiskSim(c);
        for (int id : ids) sim.start(id);
        return sim;
    }

    /** Cycles until the first master: start-up watch (tko_up) + master_wait + the two passes of votes. */
    private static int electionBound(QdiskConfig c) { return c.tkoUp() + 1 + c.masterWait() + 2; }

    @Test
    void electionConvergesWithinTwoPassesOnTheLowestNode() {
        QdiskSim sim = started(QdiskSim.config(), 1, 2, 3);
        int took = sim.runUntil(() -> !sim.masters().isEmpty(), 50);
        assertTrue(took > 0 && took <= electionBound(sim.config), "took " + took);
        assertEquals(List.of(1), sim.masters());
        sim.run(2);
        assertEquals(List.of(1), sim.masters());
        assertTrue(sim.node(1).logged("<info> Assuming master role"));
        assertTrue(sim.node(2).logged("<info> Node 1 is the master"));
        for (int id = 1; id <= 3; id++) assertTrue(sim.node(id).advertise, "node " + id + " advertises");
        assertEquals(0b111, sim.block(1).masterMask());
    }

    @Test
    void nobodyAdvertisesBeforeAMasterExists() {
        QdiskSim sim = started(QdiskSim.config(), 1, 2);
        sim.run(sim.config.tkoUp() + 1);
        assertTrue(sim.masters().isEmpty());
        assertFalse(sim.node(1).advertise);
        assertFalse(sim.node(2).advertise);
    }

    @Test
    void hungNodeIsEvictedAfterTkoCyclesNotBefore() {
        QdiskSim sim = started(QdiskSim.config(), 1, 2, 3);
        sim.run(electionBound(sim.config) + 2);
        sim.node(3).hung = true;
        // Node 1 reads before node 3 writes within a cycle, so it still sees node 3's write of the
        // cycle before the hang in the first hung cycle: tko misses are complete tko + 1 cycles later.
        sim.run(sim.config.tko());
        assertFalse(sim.node(1).logged("Writing eviction notice for node 3"), "not before tko missed updates");
        sim.cycle();
        assertTrue(sim.node(1).logged("<notice> Writing eviction notice for node 3"));
        assertEquals(List.of(3), sim.node(1).kills);
        assertEquals(NodeState.EVICT, sim.block(3).state());
        assertEquals(1, sim.block(3).updatedBy());
        sim.cycle();
        assertTrue(sim.node(1).logged("<notice> Node 3 evicted"));
        assertTrue(sim.node(2).logged("<notice> Node 3 evicted"));
        assertFalse(sim.node(2).logged("Writing eviction notice"), "only the master writes notices");
        assertEquals(0b011, sim.block(1).masterMask());

        // The hung node wakes, reads the notice and leaves at once, without writing.
        sim.node(3).hung = false;
        sim.cycle();
        assertEquals(SelfFenceReason.EVICTED, sim.node(3).fenced);
        assertEquals(NodeState.EVICT, sim.block(3).state());
    }

    @Test
    void masterDiesNewMasterIsElectedAndEvictsTheOldOne() {
        QdiskSim sim = started(QdiskSim.config(), 1, 2, 3);
        sim.run(electionBound(sim.config) + 1);
        assertEquals(List.of(1), sim.masters());
        sim.node(1).hung = true;
        sim.runUntil(() -> !sim.node(3).polled, 50);
        assertTrue(sim.node(3).advertise, "during the election cman keeps the last poll: no vote drop");
        int took = sim.runUntil(() -> sim.masters().equals(List.of(2)), 50);
        assertTrue(took > 0 && took <= sim.config.tko() + sim.config.masterWait() + 3, "took " + took);
        sim.run(2);
        assertTrue(sim.node(2).logged("<notice> Writing eviction notice for node 1"));
        assertTrue(sim.node(3).logged("<notice> Node 1 evicted"));
        assertTrue(sim.node(2).advertise);
        assertTrue(sim.node(3).advertise);
    }

    @Test
    void cleanShutdownIsLoggedAsShutdownNeverEvicted() {
        QdiskSim sim = started(QdiskSim.config(), 1, 2, 3);
        sim.run(electionBound(sim.config) + 1);
        sim.shutdown(2);
        sim.run(sim.config.tko() * 2);
        assertTrue(sim.node(1).logged("<info> Node 2 shutdown"));
        assertTrue(sim.node(3).logged("<info> Node 2 shutdown"));
        assertFalse(sim.node(1).logged("eviction notice for node 2"));
        assertTrue(sim.node(1).kills.isEmpty());
        assertEquals(0b101, sim.block(1).masterMask());
    }

    @Test
    void restartedNodeComesBackAfterTkoUpCycles() {
        QdiskSim sim = started(QdiskSim.config(), 1, 2);
        sim.run(electionBound(sim.config) + 1);
        sim.shutdown(2);
        sim.run(2);
        sim.start(2);
        sim.run(sim.config.tkoUp()); // node 1 reads before node 2 writes: one cycle behind
        assertFalse(sim.block(1).sees(2));
        sim.run(1);
        assertTrue(sim.block(1).sees(2));
        int took = sim.runUntil(() -> sim.node(2).advertise, 20);
        assertTrue(took > 0 && took <= sim.config.tkoUp() + 3, "took " + took);
    }

    @Test
    void heuristicLossStopsAdvertisingAndWithRebootFencesTheNode() {
        QdiskConfig noReboot = QdiskSim.config(10, false, true, false, List.of(PING));
        QdiskSim sim = started(noReboot, 1, 2);
        sim.run(electionBound(noReboot) + 1);
        assertTrue(sim.node(2).advertise);
        sim.node(2).score = 0;
        sim.cycle();
        assertFalse(sim.node(2).advertise);
        assertNull(sim.node(2).fenced);
        assertTrue(sim.node(2).logged("<err> Score insufficient for master operation (0/1; required=1); downgrading"));
        sim.cycle();
        assertEquals(0b01, sim.block(1).masterMask(), "the master no longer grants an unhealthy node");
        sim.node(2).score = 1;
        sim.run(3);
        assertTrue(sim.node(2).logged("<notice> Score sufficient for master operation (1/1; required=1); upgrading"));
        assertTrue(sim.node(2).advertise);

        QdiskConfig reboot = QdiskSim.config(10, false, true, true, List.of(PING));
        QdiskSim sim2 = started(reboot, 1, 2);
        sim2.run(electionBound(reboot) + 1);
        sim2.node(1).score = 0;
        sim2.cycle();
        assertEquals(SelfFenceReason.SCORE, sim2.node(1).fenced);
    }

    @Test
    void networkPartitionWithSharedDiskLeavesTheVotesInOnePartition() {
        QdiskSim sim = started(QdiskSim.config(), 1, 2, 3, 4);
        sim.run(electionBound(sim.config) + 1);
        for (int id = 1; id <= 4; id++) assertTrue(sim.node(id).advertise);
        // 2+2 cut: each half's cman sees only its own half; the disk still connects everyone.
        sim.node(1).cmanView = Set.of(1, 2);
        sim.node(2).cmanView = Set.of(1, 2);
        sim.node(3).cmanView = Set.of(3, 4);
        sim.node(4).cmanView = Set.of(3, 4);
        sim.run(3);
        assertEquals(List.of(1), sim.masters());
        assertTrue(sim.node(1).advertise);
        assertTrue(sim.node(2).advertise);
        assertFalse(sim.node(3).advertise);
        assertFalse(sim.node(4).advertise);
    }

    /**
     * Simulation seeds 174/230/290: the half without the master must give the disk's votes up
     * before the master rewrites its mask (its own cman has not noticed the split yet). The
     * other half lives on the disk, so it does so at once.
     */
    @Test
    void theHalfWithoutTheMasterStopsAdvertisingBeforeTheMasterRewritesItsMask() {
        QdiskSim sim = started(QdiskSim.config(), 1, 2, 3, 4);
        sim.run(electionBound(sim.config) + 1);
        assertEquals(List.of(1), sim.masters());
        sim.node(3).cmanView = Set.of(3, 4);
        sim.node(4).cmanView = Set.of(3, 4);
        sim.cycle();
        assertEquals(0b1111, sim.block(1).masterMask(), "the master's stale grant still names 3 and 4");
        for (int id : new int[] {3, 4}) {
            assertTrue(sim.node(id).polled, "node " + id + " tells cman");
            assertFalse(sim.node(id).advertise, "node " + id + " gives the votes up");
        }
        assertTrue(sim.node(1).advertise);
        assertTrue(sim.node(2).advertise);
    }

    /**
     * A master cut off alone: the others see nobody else alive outside their partition, so the
     * master may have crashed (its grant would carry them to the election). They wait one
     * cycle; it writes again, so it is alive on the other side and the votes are not theirs.
     */
    @Test
    void aMasterCutOffAloneIsWatchedForOneCycleThenItsGrantIsGivenUp() {
        QdiskSim sim = started(QdiskSim.config(), 1, 2, 3);
        sim.run(electionBound(sim.config) + 1);
        assertEquals(List.of(1), sim.masters());
        sim.node(2).cmanView = Set.of(2, 3);
        sim.node(3).cmanView = Set.of(2, 3);
        sim.cycle(); // the master left their partition: crashed or cut off? they tell cman nothing yet
        assertFalse(sim.node(2).polled || sim.node(3).polled, "undecided: cman waits");
        sim.cycle(); // it wrote again: it is alive on the other side
        for (int id : new int[] {2, 3}) {
            assertTrue(sim.node(id).polled, "node " + id + " tells cman");
            assertFalse(sim.node(id).advertise, "node " + id + " gives the votes up");
        }
    }

    /**
     * Two nodes: the master is cut off alone and loses its disk path for longer than one cycle
     * of node 2 (sim seed 3409). Node 2 finds it gone from its partition and silent, takes it
     * for crashed and keeps its last grant; the master's I/O errors told its own cman
     * "unavailable". When the path comes back the master must not say "available" before
     * node 2 has read its block (alive: the grant is given up), or both partitions count the
     * disk. cman believes a node's last poll until its next, checked after every step.
     */
    @Test
    void aMasterBackFromALostDiskPathWritesBeforeItCountsTheDiskAgain() {
        QdiskSim sim = started(QdiskSim.config(), 1, 2);
        for (int id = 1; id <= 2; id++) sim.node(id).cmanView = Set.of(1, 2);
        sim.run(electionBound(sim.config) + 1);
        assertEquals(List.of(1), sim.masters());
        sim.node(1).cmanView = Set.of(1);
        sim.node(2).cmanView = Set.of(2);
        sim.node(1).hung = true; // no read, no write: its disk path fails
        sim.node(1).advertise = false; // after half of interval x tko, as ioErrorCycle polls
        sim.run(sim.config.tko() / 2 + 1);
        assertTrue(sim.node(2).polled && sim.node(2).advertise, "node 2 keeps the silent master's grant");
        sim.node(1).hung = false;
        sim.afterEachStep = () -> assertFalse(sim.node(1).advertise && sim.node(2).advertise,
                "both partitions count the disk (cycle " + sim.cycle + ")");
        sim.cycle();
        assertFalse(sim.node(1).polled, "the master's first cycle back tells cman nothing");
        sim.cycle();
        assertTrue(sim.node(1).polled && sim.node(1).advertise, "then it counts the disk");
        assertEquals(List.of(1), sim.masters());
    }

    /**
     * Sim seed 10462 under another schedule: the master, cut off alone, tore two writes in a row
     * and the second garbled its block's magic number. Read as a foreign block it was taken for
     * a missed update, and after one such cycle the other side kept its old grant beside it. Any
     * unreadable slot may have just been written. cman believes a node's last poll, and the
     * other side's transition is held open until its first poll after the split.
     */
    @Test
    void aMasterWhoseBlockIsGarbledIsNotTakenForSilent() {
        QdiskSim sim = started(QdiskSim.config(), 1, 2, 3, 4);
        for (int id = 1; id <= 4; id++) sim.node(id).cmanView = Set.of(1, 2, 3, 4);
        sim.run(electionBound(sim.config) + 1);
        assertEquals(List.of(1), sim.masters());
        sim.node(1).cmanView = Set.of(1);
        for (int id = 2; id <= 4; id++) {
            sim.node(id).cmanView = Set.of(2, 3, 4);
            sim.node(id).polled = false; // a poll from now on ends the transition the split opened
        }
        int[] garbled = {2};
        sim.node(1).writeFault = b -> {
            if (garbled[0] == 0) return b;
            garbled[0]--;
            byte[] out = b.clone();
            out[1] ^= 0x5a; // inside the magic number: read as foreign, not as a checksum failure
            return out;
        };
        Set<Integer> polledSinceSplit = new java.util.TreeSet<>();
        sim.afterEachStep = () -> {
            for (int id = 2; id <= 4; id++) {
                if (sim.node(id).polled) polledSinceSplit.add(id);
                assertFalse(sim.node(1).advertise && polledSinceSplit.contains(id) && sim.node(id).advertise,
                        "node 1 and node " + id + " both count the disk (cycle " + sim.cycle + ")");
            }
        };
        sim.run(3 * sim.config.tko());
        assertEquals(List.of(1), sim.masters(), "the master kept writing: nobody took over");
        assertTrue(sim.node(1).advertise);
    }

    /**
     * Sim seeds 23863, 29066 and 19807 under another schedule: one view moved node 3 into the
     * master's partition and node 4 out of it, and node 4's cman did not know yet (it was hung
     * through the view, or its transition was open). Node 4 read the grant before the master's
     * next write and counts it until its next read; had that write granted node 3 at once, node
     * 3 would count the disk beside it. The newcomer is granted one cycle later.
     */
    @Test
    void aGrantNeverGainsANodeInTheWriteThatTakesALiveOneAway() {
        QdiskSim sim = started(QdiskSim.config(), 1, 2, 3, 4);
        for (int id : List.of(1, 2, 4)) sim.node(id).cmanView = Set.of(1, 2, 4);
        sim.node(3).cmanView = Set.of(3);
        sim.run(electionBound(sim.config) + 1);
        assertEquals(List.of(1), sim.masters());
        assertTrue(sim.node(4).advertise && !sim.node(3).advertise);
        for (int id : List.of(1, 2, 3)) sim.node(id).cmanView = Set.of(1, 2, 3); // node 4 still has {1, 2, 4}
        sim.afterEachStep = () -> assertFalse(sim.node(3).advertise && sim.node(4).advertise,
                "node 3 and node 4 both count the disk (cycle " + sim.cycle + ")");
        sim.cycle();
        assertTrue(sim.node(1).logged("Node 4 left the partition and may still count the previous grant;"
                + " granting 3 next cycle"));
        assertFalse(sim.node(4).advertise, "node 4 read the grant without it");
        sim.cycle();
        assertTrue(sim.node(3).polled && sim.node(3).advertise, "then node 3 counts the disk");
    }

    /**
     * The master crashed: cman drops it at once (closed sockets) while its block only stops
     * moving. The others must not tell cman the disk is gone (a lone survivor would lose
     * quorum): its last grant carries them until it is declared dead and a new one is elected.
     */
    @Test
    void aMasterThatLeftCmanAndStoppedWritingLeavesTheVotesToTheElection() {
        QdiskSim sim = started(QdiskSim.config(), 1, 2, 3);
        sim.run(electionBound(sim.config) + 1);
        sim.node(1).hung = true;
        sim.node(2).cmanView = Set.of(2, 3);
        sim.node(3).cmanView = Set.of(2, 3);
        int took = sim.runUntil(() -> {
            assertTrue(sim.node(3).advertise, "cman's last poll said available until the new master");
            return sim.masters().equals(List.of(2));
        }, 50);
        assertTrue(took > 0, "a new master");
        sim.cycle();
        assertTrue(sim.node(2).polled && sim.node(2).advertise);
        assertTrue(sim.node(3).polled && sim.node(3).advertise);
    }

    /**
     * Simulation seeds 504, 572, 3665: a 2|2 split and the master's crash in one detection
     * window. Each half finds the master gone from its cman partition and silent on the disk;
     * both took its last grant as theirs and counted the disk (4 nodes, 3 disk votes: quorum
     * 4 = 1 + 3 = 2 + 3). A silent master's grant may carry only a partition that holds every
     * node of that grant still alive on the disk; otherwise the votes wait for the election,
     * whose master grants only its own partition.
     */
    @Test
    void aSplitAndAMasterCrashInOneWindowLeaveTheVotesInOneHalf() {
        QdiskSim sim = started(QdiskSim.config(), 1, 2, 3, 4);
        sim.run(electionBound(sim.config) + 1);
        assertEquals(List.of(1), sim.masters());
        sim.node(1).hung = true; // crashed: its block stops moving
        sim.node(2).cmanView = Set.of(2);
        sim.node(3).cmanView = Set.of(3, 4);
        sim.node(4).cmanView = Set.of(3, 4);
        assertOneHalfEndsWithTheVotes(sim, Set.of(2), Set.of(3, 4), 2);
    }

    /**
     * The master's half keeps the votes after a split, then the master's qdiskd hangs while its
     * cman lives on: its half's grant holds until it is declared dead, then both halves are in
     * an election. The master's half must not keep cman's last answer through it, since the
     * other half lives on the disk and elects a master that grants itself (seed 572's shape).
     */
    @Test
    void aHalfInAnElectionGivesTheVotesUpWhileAnotherHalfLivesOnTheDisk() {
        QdiskSim sim = started(QdiskSim.config(), 1, 2, 3, 4);
        sim.run(electionBound(sim.config) + 1);
        sim.node(1).cmanView = Set.of(1, 4);
        sim.node(4).cmanView = Set.of(1, 4);
        sim.node(2).cmanView = Set.of(2, 3);
        sim.node(3).cmanView = Set.of(2, 3);
        sim.run(3);
        assertTrue(sim.node(4).advertise);
        assertFalse(sim.node(2).advertise || sim.node(3).advertise);
        sim.node(1).hung = true; // its cman stays: node 4 still counts node 1 as a member
        assertOneHalfEndsWithTheVotes(sim, Set.of(2, 3), Set.of(4), 2);
    }

    /**
     * The master hangs (its cman with it) at the instant node 2 restarts: the new life of node 2
     * never saw node 1 alive, so nobody evicts it, and node 2 becomes master of the partition
     * {2, 3}. Node 1 wakes more than interval × tko later into a cman partition of its own. Every
     * peer's sequence has moved, so its old view looks current: it kept its master role (the
     * lower id keeps it when two meet) and told cman "available" beside node 2's partition (sim
     * seed 6580). Its state is stale: it gives the role up, watches the disk afresh and tells
     * cman "unavailable" until a master grants it again.
     */
    @Test
    void aMasterBackFromAHangLongerThanTkoGivesUpItsRoleAndTheVotes() {
        QdiskSim sim = started(QdiskSim.config(), 1, 2, 3);
        for (int id = 1; id <= 3; id++) sim.node(id).cmanView = Set.of(1, 2, 3);
        sim.run(electionBound(sim.config) + 1);
        assertEquals(List.of(1), sim.masters());
        assertTrue(sim.node(3).advertise);
        sim.node(1).hung = true;
        sim.start(2).cmanView = Set.of(2, 3);
        sim.node(3).cmanView = Set.of(2, 3);
        int took = sim.runUntil(() -> sim.masters().equals(List.of(2)) && sim.node(2).advertise && sim.node(3).advertise,
                4 * sim.config.tko());
        assertTrue(took > 0, "node 2 is elected in {2, 3} and its partition counts the disk");
        assertTrue(sim.cycle * sim.config.intervalMs() > sim.config.tkoMs());
        sim.node(1).hung = false;
        sim.node(1).cmanView = Set.of(1);
        sim.afterEachStep = () -> assertFalse(sim.node(1).advertise && (sim.node(2).advertise || sim.node(3).advertise),
                "node 1 and the partition {2, 3} both count the disk (cycle " + sim.cycle + ")");
        sim.run(2 * sim.config.tko());
        assertTrue(sim.node(1).logged("disk state is stale, giving up master role; watching the disk afresh"));
        assertEquals(List.of(2), sim.masters());
        assertTrue(sim.node(2).advertise && sim.node(3).advertise);
    }

    /**
     * The whole disk hangs longer than interval × tko: every node's cycle comes late, but nobody
     * wrote meanwhile, so nobody can have acted without the others: the master goes on and its
     * partition keeps the votes (no start-up watch and election again).
     */
    @Test
    void aHangOfTheWholeDiskKeepsTheMaster() {
        QdiskSim sim = started(QdiskSim.config(), 1, 2, 3);
        sim.run(electionBound(sim.config) + 1);
        assertEquals(List.of(1), sim.masters());
        for (int id = 1; id <= 3; id++) sim.node(id).hung = true;
        sim.run(2 * sim.config.tko());
        for (int id = 1; id <= 3; id++) sim.node(id).hung = false;
        sim.run(1);
        assertEquals(List.of(1), sim.masters());
        for (int id = 1; id <= 3; id++) {
            assertTrue(sim.node(id).advertise, "node " + id);
            assertFalse(sim.node(id).logged("watching the disk afresh"), "node " + id);
        }
    }

    /**
     * Runs until {@code newMaster} is master and its half counts the votes, checking after every
     * node's step that the two halves never both told cman (since the cut) that the votes are
     * theirs (a node's cman counts its last answer until its next poll).
     */
    private static void assertOneHalfEndsWithTheVotes(QdiskSim sim, Set<Integer> winners, Set<Integer> losers, int newMaster) {
        Map<Integer, Boolean> saidSinceCut = new java.util.HashMap<>();
        Map<Integer, Boolean> cmanBelieves = new java.util.HashMap<>();
        for (int id : sim.nodes.keySet()) cmanBelieves.put(id, sim.node(id).advertise);
        boolean[] winnersHaveIt = {false};
        sim.afterEachStep = () -> {
            for (int id : sim.nodes.keySet()) {
                boolean now = sim.node(id).advertise;
                // the block goes to disk before the poll: no vote for a bidder may be readable
                // before cman has the "unavailable"
                StatusBlock b = sim.block(id);
                if (cmanBelieves.get(id) && !now && b.message() == Message.VOTE
                        && sim.block(b.messageArg()).message() == Message.BID)
                    fail("node " + id + " voted for bidder " + b.messageArg() + " in the cycle it gave the votes up (cycle "
                            + sim.cycle + ")");
                cmanBelieves.put(id, now);
            }
            for (int id : winners) if (sim.node(id).polled) saidSinceCut.put(id, sim.node(id).advertise);
            for (int id : losers) if (sim.node(id).polled) saidSinceCut.put(id, sim.node(id).advertise);
            boolean w = winners.stream().anyMatch(id -> Boolean.TRUE.equals(saidSinceCut.get(id)));
            boolean l = losers.stream().anyMatch(id -> Boolean.TRUE.equals(saidSinceCut.get(id)));
            assertFalse(w && l, "both halves told cman the disk's votes are theirs (cycle " + sim.cycle + ")");
            winnersHaveIt[0] = w;
        };
        int took = sim.runUntil(() -> sim.masters().equals(List.of(newMaster)) && winnersHaveIt[0], 50);
        assertTrue(took > 0, "node " + newMaster + " is elected and its half alone counts the disk");
        sim.run(3);
        for (int id : winners) assertTrue(sim.node(id).advertise, "node " + id);
        for (int id : losers) assertFalse(sim.node(id).advertise, "node " + id);
    }

    @Test
    void tornAndForeignBlocksAreIgnoredAndCountAsMissedUpdates() {
        QdiskSim sim = started(QdiskSim.config(), 1, 2, 3);
        sim.run(electionBound(sim.config) + 1);
        QdiskSim.Node n3 = sim.node(3);
        n3.hung = true;
        byte[] torn = sim.disk.get(3).clone();
        torn[20] ^= 0x5a;
        sim.disk.put(3, torn);
        // the torn block replaced node 3's last write, so misses start in this very cycle
        sim.run(sim.config.tko() - 2);
        byte[] foreign = new byte[QdiskSim.BLOCK];
        for (int i = 0; i < foreign.length; i++) foreign[i] = (byte) (i * 31);
        sim.disk.put(3, foreign);
        sim.cycle();
        assertFalse(sim.node(1).logged("eviction notice for node 3"), "a bad block is never trusted, nor fatal");
        sim.cycle();
        assertTrue(sim.node(1).logged("Writing eviction notice for node 3"));
        assertEquals(List.of(1), sim.masters());
    }

    @Test
    void wokenNodeThatOverwroteItsNoticeIsNotifiedAgain() {
        QdiskSim sim = started(QdiskSim.config(), 1, 2);
        sim.run(electionBound(sim.config) + 1);
        sim.node(2).hung = true;
        sim.run(sim.config.tko() + 1);
        assertEquals(NodeState.EVICT, sim.block(2).state());
        // node 2 wrote once more between its read and the notice landing (a stale write)
        StatusBlock stale = new StatusBlock(2, 2, sim.nowMs, 999, sim.node(2).state.incarnation(), NodeState.RUN,
                StatusBlock.FLAG_HEALTHY, Message.NONE, 0, 0, 0, 3, 0, 0, 0);
        sim.disk.put(2, org.jrhcs.qdisk.disk.DiskFormat.encodeStatus(stale, QdiskSim.BLOCK));
        sim.cycle();
        assertEquals(NodeState.EVICT, sim.block(2).state(), "the master rewrote the notice");
        sim.node(2).hung = false;
        sim.cycle();
        assertEquals(SelfFenceReason.EVICTED, sim.node(2).fenced);
    }

    @Test
    void masterWinsLetsOnlyTheMasterAdvertise() {
        QdiskSim sim = started(QdiskSim.config(10, true, true, true, List.of()), 1, 2);
        sim.run(electionBound(sim.config) + 1);
        assertTrue(sim.node(1).advertise);
        assertFalse(sim.node(2).advertise);
    }

    @Test
    void withoutAllowKillNoticesAreWrittenButNobodyIsKilled() {
        QdiskSim sim = started(QdiskSim.config(10, false, false, true, List.of()), 1, 2);
        sim.run(electionBound(sim.config) + 1);
        sim.node(2).hung = true;
        sim.run(sim.config.tko() + 1);
        assertTrue(sim.node(1).logged("Writing eviction notice for node 2"));
        assertTrue(sim.node(1).kills.isEmpty());
    }

    @Test
    void ownEvictionNoticeFromAnEarlierLifeIsIgnored() {
        QdiskConfig c = QdiskSim.config();
        QdiskState s = QdiskState.initial(2, 42);
        StatusBlock oldNotice = new StatusBlock(2, 1, 0, 7, 41, NodeState.EVICT, 0, Message.NONE, 0, 0, 0, 0, 0, 0, 0);
        CycleOutcome o = QdiskPolicy.step(s, new CycleInput(1000, Map.of(2, oldNotice), 0, null, 0), c);
        assertNull(o.selfFence());
        assertEquals(NodeState.INIT, o.writes().get(0).state());
    }

    @Test
    void stepIsDeterministic() {
        QdiskSim a = started(QdiskSim.config(), 1, 2, 3);
        QdiskSim b = started(QdiskSim.config(), 1, 2, 3);
        a.run(20);
        b.run(20);
        for (int id = 1; id <= 3; id++) assertEquals(a.node(id).log, b.node(id).log);
        assertArrayEquals(a.disk.get(1), b.disk.get(1));
    }

    @Test
    void tokenWarningFollowsQdiskTimings() {
        QdiskConfig c = QdiskSim.config(); // interval 1 s, tko 10, master_wait 5, upgrade_wait 2
        assertTrue(c.tokenWarning(10000).isPresent());
        assertTrue(c.tokenWarning(17000).isEmpty());
    }
}
