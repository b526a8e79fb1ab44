package org.jrhcs.cman.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.cman.client.CmanWire;
import org.jrhcs.cman.client.GroupView;
import org.junit.jupiter.api.Test;

class ClusterCoreTest {

    private static CoreNet fourNodes() {
        CoreNet net = new CoreNet(CoreNet.config(4, 4, false, false, false));
        for (String n : List.of("n1", "n2", "n3", "n4")) net.start(n);
        net.view("n1", "n2", "n3", "n4");
        return net;
    }

    /** Four members whose daemons hold state (each joined a process group): "Dirty". */
    private static CoreNet fourDirtyNodes() {
        CoreNet net = fourNodes();
        dirty(net, "n1", "n2", "n3", "n4");
        return net;
    }

    /** Three members whose daemons hold state. */
    private static CoreNet threeDirtyNodes() {
        CoreNet net = new CoreNet(CoreNet.config(3, 3, false, false, false));
        for (String n : List.of("n1", "n2", "n3")) net.start(n);
        net.view("n1", "n2", "n3");
        dirty(net, "n1", "n2", "n3");
        return net;
    }

    private static void dirty(CoreNet net, String... nodes) {
        for (String n : nodes) net.request(n, c -> c.groupJoin("fence"));
    }

    @Test
    void allNodesJoinAndAgree() {
        CoreNet net = fourNodes();
        for (ClusterCore c : net.cores.values()) {
            assertTrue(c.isMember());
            assertEquals(List.of(1, 2, 3, 4), c.memberIds());
            assertEquals(3, c.quorum().quorum());
            assertTrue(c.quorum().quorate());
        }
        assertTrue(net.logs("n1").contains("[CLM  ] Members Joined:"));
    }

    @Test
    void generationGrowsWithEveryChange() {
        CoreNet net = fourNodes();
        long g = net.cores.get("n1").generation();
        net.crash("n4");
        net.view("n1", "n2", "n3");
        assertTrue(net.cores.get("n1").generation() > g);
        assertEquals(net.cores.get("n1").generation(), net.cores.get("n2").generation());
    }

    @Test
    void failureIsNotACleanLeave() {
        CoreNet net = fourNodes();
        net.crash("n4");
        net.view("n1", "n2", "n3");
        assertTrue(net.logs("n1").contains("[CLM  ]     n4 (failed)"));
        assertEquals(ClusterCore.NodeState.NOT_MEMBER, net.cores.get("n1").nodes().get(3).state());
    }

    @Test
    void cleanLeaveIsAnnouncedAndRemoveLowersExpectedVotes() {
        CoreNet net = fourNodes();
        net.request("n4", c -> c.requestLeave(true, false));
        assertTrue(net.effects.get("n4").stream().anyMatch(e -> e instanceof Effect.LeaveAnnounced));
        net.crash("n4");
        net.view("n1", "n2", "n3");
        List<String> logs = net.logs("n1");
        assertTrue(logs.contains("[CLM  ]     n4"), logs.toString());
        assertFalse(logs.contains("[CLM  ]     n4 (failed)"));
        assertEquals(3, net.cores.get("n1").quorum().expectedVotes());
        assertEquals(2, net.cores.get("n1").quorum().quorum());
    }

    @Test
    void twoTwoSplitLeavesBothHalvesInquorate() {
        CoreNet net = fourNodes();
        net.view("n1", "n2");
        net.view("n3", "n4");
        for (ClusterCore c : net.cores.values()) assertFalse(c.quorum().quorate());
        assertTrue(net.logs("n1").contains("[CMAN ] quorum lost, blocking activity"));
    }

    @Test
    void threeOneSplitLeavesOnlyTheThreeQuorate() {
        CoreNet net = fourNodes();
        net.view("n1", "n2", "n3");
        net.view("n4");
        assertTrue(net.cores.get("n1").quorum().quorate());
        assertFalse(net.cores.get("n4").quorum().quorate());
    }

    @Test
    void twoNodeSurvivesLosingEitherNode() {
        for (String survivor : List.of("n1", "n2")) {
            CoreNet net = new CoreNet(CoreNet.config(2, 1, true, false, false));
            net.start("n1");
            net.start("n2");
            net.view("n1", "n2");
            String other = survivor.equals("n1") ? "n2" : "n1";
            net.crash(other);
            net.view(survivor);
            assertTrue(net.cores.get(survivor).quorum().quorate(), survivor);
            assertEquals(1, net.cores.get(survivor).quorum().quorum());
        }
    }

    @Test
    void hungNodeThatWakesUpIsToldToLeave() {
        CoreNet net = fourDirtyNodes();
        net.view("n1", "n2", "n3");     // n4 hung: the others drop it
        net.view("n4");                 // n4 wakes alone (its own failure detector fired)
        net.view("n1", "n2", "n3", "n4"); // the partitions merge
        assertEquals(1, net.exits.get("n4"));
        assertTrue(net.logs("n4").stream().anyMatch(l -> l.contains("because we rejoined the cluster without a full restart")),
                net.logs("n4").toString());
        assertTrue(net.logs("n1").contains("[CMAN ] telling node n4 to leave the cluster"));
        assertEquals(ClusterCore.NodeState.DISALLOWED, net.cores.get("n1").nodes().get(3).state());
        assertTrue(net.cores.get("n1").quorum().quorate());
    }

    @Test
    void hungNodeIsStaleEvenWhenItNeverSawItsOwnViewChange() {
        CoreNet net = fourDirtyNodes();
        net.view("n1", "n2", "n3");
        // n4 never noticed: from its side the merged view has the same members as before.
        net.view("n1", "n2", "n3", "n4");
        assertEquals(1, net.exits.get("n4"));
    }

    /**
     * Seed 112 of the simulation: n1 hangs, n2 and n3 drop it, n1 wakes into a view with the
     * same members as its old one. It must wait for every hello of that view: settling on
     * the first one (n2's, which says n2 dropped it) made n1 quorate with {n1, n3} while n2
     * and n3 were quorate with {n2, n3}, and n1's fenced started fencing the healthy n2.
     */
    @Test
    void aNodeBackFromAHangNeverSettlesOnStalePeers() {
        CoreNet net = threeDirtyNodes();
        int before = net.effects.get("n1").size();
        net.view("n2", "n3");             // n1 hung: it never sees this view
        net.view("n1", "n2", "n3");       // n1 wakes; for it nothing changed
        List<Effect> after = net.effects.get("n1").subList(before, net.effects.get("n1").size());
        for (Effect e : after) {
            if (e instanceof Effect.Deliver d && "view".equals(d.event().get("event")))
                assertFalse(CmanWire.view(d.event()).quorate(), "n1's fenced got a quorate view: " + d.event());
            if (e instanceof Effect.Log l) assertFalse(l.text().startsWith("[QUORUM] Members[2]"), l.text());
        }
        assertEquals(1, net.exits.get("n1"), "told to leave");
    }

    /**
     * Simulation seed 357: n1 hangs while n2 (crashed earlier) restarts and joins n3. Back
     * from the hang, n1 learns n3 dropped it; it still counts n2 (a new process it never
     * dropped), but it must not be quorate with {n1, n2} beside {n2, n3} until n3's kill arrives.
     */
    @Test
    void aNodeBackFromAHangBlocksAtOnceWhenItLearnsItWasDropped() {
        CoreNet net = threeDirtyNodes();
        net.crash("n2");
        net.view("n1", "n3");
        net.start("n2");                  // n1 hangs: it never sees the next view
        net.view("n2", "n3");
        dirty(net, "n2");
        int before = net.effects.get("n1").size();
        net.lose = m -> "kill".equals(((IpcMessage) m[2]).get("type")); // the kill is late
        net.view("n1", "n2", "n3");
        List<Effect> after = net.effects.get("n1").subList(before, net.effects.get("n1").size());
        for (Effect e : after)
            if (e instanceof Effect.Deliver d && "view".equals(d.event().get("event")))
                assertFalse(CmanWire.view(d.event()).quorate(), "n1's daemons got a quorate view: " + d.event());
        assertFalse(net.cores.get("n1").quorum().quorate());
        assertTrue(net.logs("n1").stream().anyMatch(l -> l.contains("dropped us from the cluster while we were hung")));
        assertTrue(net.cores.get("n3").quorum().quorate());
    }

    /** Seed 000's shape: four nodes of one vote, expected 6, a 2-vote quorum disk counting on each. */
    private static CoreNet fourNodesCountingTheDisk() {
        CoreNet net = new CoreNet(CoreNet.config(4, 6, false, false, false));
        for (String n : List.of("n1", "n2", "n3", "n4")) net.start(n);
        net.view("n1", "n2", "n3", "n4");
        for (String n : List.of("n1", "n2", "n3", "n4")) {
            net.request(n, c -> c.qdiskRegister("qdisk", 2, net.now));
            net.request(n, c -> c.qdiskPoll(true, Set.of(1, 2, 3, 4), net.now));
        }
        return net;
    }

    /**
     * Simulation seed 9 (profile all), reduced: a node that learnt it was dropped while hung
     * says so in its hellos, and nobody counts it. A node that restarts beside it does not
     * count it either, and the stale node does not keep the healthy ones inquorate: it
     * cannot form a side of its own.
     */
    @Test
    void aStaleNodeIsCountedByNobodyAndBlocksNobody() {
        CoreNet net = threeDirtyNodes();
        net.view("n1", "n3");             // n2 hangs: the others, quorate, drop it
        net.crash("n1");
        net.view("n3");
        net.view("n2", "n3");             // n2 wakes and learns it: stale
        assertTrue(net.logs("n2").stream().anyMatch(l -> l.contains("while we were hung")));
        net.start("n1");
        net.view("n1", "n2", "n3");
        for (String n : List.of("n1", "n3")) {
            ClusterCore c = net.cores.get(n);
            assertEquals(List.of(1, 3), c.memberIds(), n);
            assertTrue(c.quorum().quorate(), n);
            assertEquals(ClusterCore.NodeState.DISALLOWED, c.nodes().get(1).state(), n);
        }
        assertFalse(net.cores.get("n2").quorum().quorate());
        assertTrue(net.logs("n1").contains("[CMAN ] node n2 was dropped while it was hung and its state is stale: it is disallowed"));
    }

    /**
     * A 2|2 split with the quorum disk counted: the side without the qdisk master still
     * counts the disk's votes from its last poll. Its daemons must get nothing until qdiskd
     * has judged the disk against the new membership, so they never act on that quorum.
     */
    @Test
    void aFailureWhileTheQuorumDeviceCountsWaitsForQdiskd() {
        CoreNet net = fourNodesCountingTheDisk();
        for (String n : List.of("n1", "n2", "n3", "n4")) net.request(n, c -> c.groupJoin("fence"));
        ClusterCore n1 = net.cores.get("n1");
        int before = net.delivered("n1", "fence").size();
        net.view("n1", "n2");
        net.view("n3", "n4");
        assertTrue(n1.inTransition(), "waiting for qdiskd");
        net.request("n2", c -> c.groupSend("fence", new IpcMessage().put("m.x", "held")));
        assertEquals(before, net.delivered("n1", "fence").size(), "nothing reaches the daemons in the transition");
        net.advance(500);
        assertTrue(n1.inTransition(), "a tick does not end it");
        net.request("n1", c -> c.qdiskPoll(false, net.now)); // qdiskd: the master is on the other side
        assertFalse(n1.inTransition());
        List<IpcMessage> got = net.delivered("n1", "fence").subList(before, net.delivered("n1", "fence").size());
        GroupView v = CmanWire.view(got.get(0));
        assertEquals(List.of(1, 2), v.members());
        assertFalse(v.quorate(), "4 of 6 votes without the disk");
        assertEquals("held", got.get(1).get("m.x"), "the held message follows the view");
        // the other half's qdiskd holds the master: it keeps the votes
        net.request("n3", c -> c.qdiskPoll(true, net.now));
        assertTrue(net.cores.get("n3").quorum().quorate());
        assertTrue(CmanWire.view(net.delivered("n3", "fence").get(net.delivered("n3", "fence").size() - 1)).quorate());
    }

    /**
     * Sim seed 19807 under rgsafety's schedule: a node cut off alone, short of quorum even with
     * the disk's votes, waited for its qdiskd's verdict with the transition open, and its
     * daemons went on acting on the quorate membership it began with while the other side
     * settled quorate. No verdict can make it quorate: it settles at once, inquorate.
     */
    @Test
    void aMembershipShortOfQuorumEvenWithTheDiskDoesNotWaitForQdiskd() {
        CoreNet net = fourNodesCountingTheDisk();
        for (String n : List.of("n1", "n2", "n3", "n4")) net.request(n, c -> c.groupJoin("fence"));
        ClusterCore n1 = net.cores.get("n1");
        net.view("n1");
        net.view("n2", "n3", "n4");
        assertFalse(n1.inTransition(), "1 + 2 disk votes of 6: quorum 4 is out of reach");
        GroupView v = CmanWire.view(net.delivered("n1", "fence").get(net.delivered("n1", "fence").size() - 1));
        assertEquals(List.of(1), v.members());
        assertFalse(v.quorate());
        assertTrue(net.cores.get("n2").inTransition(), "the other side still waits: the disk decides for it");
    }

    /**
     * QdiskNetnsTest (real processes): qdiskd read the members {1,2,3,4} and judged the device
     * available; while its cycle wrote to the disk, the view lost the qdisk master's half; the
     * late "available" ended the new transition, and the half without the master was settled
     * and quorate with the disk's votes. A verdict on another membership ends nothing.
     */
    @Test
    void aQuorumDevicePollJudgedOnAnOldMembershipEndsNoTransition() {
        CoreNet net = fourNodesCountingTheDisk();
        ClusterCore n4 = net.cores.get("n4");
        net.view("n1", "n2");
        net.view("n3", "n4");
        assertTrue(n4.inTransition(), "waiting for qdiskd");
        net.request("n4", c -> c.qdiskPoll(true, Set.of(1, 2, 3, 4), net.now)); // judged before the split
        assertTrue(n4.inTransition(), "a verdict on the old members ends nothing");
        net.request("n4", c -> c.qdiskPoll(false, Set.of(1, 2, 3, 4), net.now)); // giving up always counts
        assertFalse(n4.inTransition());
        assertFalse(n4.quorum().quorate(), "2 of 6 votes without the disk");
        net.request("n1", c -> c.qdiskPoll(true, Set.of(1, 2), net.now)); // the master's half
        assertTrue(net.cores.get("n1").quorum().quorate());
    }

    @Test
    void aFailureWithoutTheQuorumDeviceSettlesAtOnce() {
        CoreNet net = fourNodes();
        net.crash("n4");
        net.view("n1", "n2", "n3");
        assertFalse(net.cores.get("n1").inTransition());
    }

    @Test
    void restartedNodeRejoinsNormally() {
        CoreNet net = fourNodes();
        net.crash("n4");
        net.view("n1", "n2", "n3");
        net.start("n4");
        net.view("n1", "n2", "n3", "n4");
        assertFalse(net.exits.containsKey("n4"));
        assertEquals(List.of(1, 2, 3, 4), net.cores.get("n1").memberIds());
        assertEquals(List.of(1, 2, 3, 4), net.cores.get("n4").memberIds());
    }

    /**
     * Halves that were never quorate apart merge back into one quorate cluster, with or
     * without state. Without state: RHCS disallows only a returning node with state, and a
     * simultaneous start in a CI run had left n1 and n3 disallowed to each other for good.
     * With state: they did nothing apart (no fencing, no takeover), so nothing of theirs is
     * stale (sim liveness, seed 3; RHCS would keep them apart until an operator restarts).
     */
    @Test
    void halvesThatWereNeverQuorateApartMergeAgain() {
        for (boolean dirty : List.of(false, true)) {
            CoreNet net = dirty ? fourDirtyNodes() : fourNodes();
            net.view("n1", "n2");
            net.view("n3", "n4");
            net.view("n1", "n2", "n3", "n4");
            assertTrue(net.exits.isEmpty());
            for (ClusterCore c : net.cores.values()) {
                assertFalse(c.hasDisallowed(), c.self().name() + (dirty ? " (dirty)" : ""));
                assertEquals(List.of(1, 2, 3, 4), c.memberIds());
                assertTrue(c.quorum().quorate());
            }
        }
    }

    /**
     * Sim seed 54 of profile all, reduced: a 2|2 split while the quorum disk counts. Each half
     * keeps the disk's votes until qdiskd judges its new membership, quorate for that moment
     * but in a transition (its daemons get nothing); qdiskd gives the votes up on both sides.
     * Neither half's daemons were ever told they were quorate without the other, so nothing
     * was acted on apart and the halves merge again (they stayed disallowed for good).
     */
    @Test
    void halvesQuorateOnlyWhileWaitingForQdiskdMergeAgain() {
        CoreNet net = fourNodesCountingTheDisk();
        dirty(net, "n1", "n2", "n3", "n4");
        net.view("n1", "n2");
        net.view("n3", "n4");
        for (String n : List.of("n1", "n2", "n3", "n4")) {
            assertTrue(net.cores.get(n).inTransition(), n);
            assertTrue(net.cores.get(n).quorum().quorate(), n + ": 2 votes and the disk's 2 of 6, for now");
        }
        for (String n : List.of("n1", "n2", "n3", "n4")) net.request(n, c -> c.qdiskPoll(false, net.now));
        for (String n : List.of("n1", "n2", "n3", "n4")) {
            assertFalse(net.cores.get(n).inTransition(), n);
            assertFalse(net.cores.get(n).quorum().quorate(), n);
        }
        net.view("n1", "n2", "n3", "n4");
        assertTrue(net.exits.isEmpty());
        for (ClusterCore c : net.cores.values()) {
            assertFalse(c.hasDisallowed(), c.self().name());
            assertEquals(List.of(1, 2, 3, 4), c.memberIds(), c.self().name());
            assertTrue(c.quorum().quorate(), c.self().name());
        }
    }

    @Test
    void cleanHungNodeRejoinsWithoutBeingKilled() {
        CoreNet net = fourNodes();
        dirty(net, "n1", "n2", "n3");   // n4 runs no daemon: nothing of its can be stale
        net.view("n1", "n2", "n3");
        net.view("n4");
        net.view("n1", "n2", "n3", "n4");
        assertTrue(net.exits.isEmpty(), net.logs("n1").toString());
        for (ClusterCore c : net.cores.values()) assertEquals(List.of(1, 2, 3, 4), c.memberIds(), c.self().name());
        assertFalse(net.cores.get("n4").hasDisallowed());
    }

    @Test
    void dirtyIsKeptAfterTheGroupIsLeft() {
        CoreNet net = fourNodes();
        assertFalse(net.cores.get("n1").isDirty());
        dirty(net, "n1");
        net.request("n1", c -> c.groupLeave("fence", false));
        assertTrue(net.cores.get("n1").isDirty());
    }

    /**
     * A member's hello sent before a "leave remove" and delivered after it carries the old
     * expected votes; it must not raise them again (CmanSandboxTest saw 4 after the leave
     * of the fourth node, and the remaining two nodes lost quorum).
     */
    @Test
    void aStaleHelloDoesNotRaiseExpectedVotesAfterLeaveRemove() {
        CoreNet net = fourNodes();
        IpcMessage staleHello = net.effects.get("n2").stream()
                .filter(e -> e instanceof Effect.Broadcast b && "hello".equals(b.message().get("type")))
                .map(e -> ((Effect.Broadcast) e).message()).reduce((a, b) -> b).orElseThrow();
        assertEquals(4, staleHello.getInt("expected", 0));
        net.request("n4", c -> c.requestLeave(true, false));
        net.crash("n4");
        net.view("n1", "n2", "n3");
        assertEquals(3, net.cores.get("n1").quorum().expectedVotes());
        net.request("n1", c -> c.onMessage("n2", staleHello, net.now));
        assertEquals(3, net.cores.get("n1").quorum().expectedVotes());
        assertEquals(2, net.cores.get("n1").quorum().quorum());
    }

    /**
     * Halves disallowed to each other because one was quorate without the other: neither
     * kills (neither is quorate when they meet), and a node booting into the merged view
     * makes neither quorate (seed 34: each half counting the newcomer fenced the other).
     */
    @Test
    void aNodeJoiningTwoDisallowedHalvesMakesNeitherQuorate() {
        CoreNet net = new CoreNet(CoreNet.config(5, 5, false, false, false));
        for (String n : List.of("n1", "n2", "n3", "n4")) net.start(n);
        net.view("n1", "n2", "n3", "n4");
        dirty(net, "n1", "n2", "n3", "n4");
        net.view("n1", "n2", "n3");       // quorate without n4: may have fenced it
        net.view("n4");
        net.crash("n3");
        net.view("n1", "n2");             // inquorate now
        net.view("n1", "n2", "n4");
        assertTrue(net.exits.isEmpty(), "no side was quorate when they met: nobody kills");
        assertTrue(net.cores.get("n1").hasDisallowed());
        assertTrue(net.cores.get("n4").hasDisallowed());
        net.start("n5");
        net.view("n1", "n2", "n4", "n5");
        for (String n : List.of("n1", "n2", "n4"))
            assertFalse(net.cores.get(n).quorum().quorate(), n + " " + net.cores.get(n).memberIds());
    }

    @Test
    void lostHelloIsAskedForAgain() {
        CoreNet net = new CoreNet(CoreNet.config(3, 3, false, false, false));
        for (String n : List.of("n1", "n2", "n3")) net.start(n);
        net.lose = m -> m[0].equals("n3") && m[1].equals("n1") && "hello".equals(((IpcMessage) m[2]).get("type"));
        net.view("n1", "n2", "n3");
        assertTrue(net.cores.get("n1").inTransition(), "n1 still waits for n3");
        net.lose = m -> false;
        net.advance(ClusterCore.HELLO_RETRY_MS);
        assertFalse(net.cores.get("n1").inTransition());
        assertEquals(List.of(1, 2, 3), net.cores.get("n1").memberIds());
    }

    @Test
    void unknownNodeIsRefused() {
        CoreNet net = fourNodes();
        net.view("n1", "n2", "n3", "n4", "intruder");
        assertTrue(net.logs("n1").contains("[CMAN ] refusing node intruder: it is not in cluster.conf"));
        assertEquals(List.of(1, 2, 3, 4), net.cores.get("n1").memberIds());
    }

    @Test
    void nodeOfAnotherClusterIsRefused() {
        CoreNet net = fourNodes();
        IpcMessage hello = org.jrhcs.cman.wire.PeerMessages.hello("n2", 2, "t", "beta", 7, 1, 1, 4, List.of());
        List<Effect> fx = net.cores.get("n1").onMessage("n2", hello, net.now);
        assertTrue(fx.stream().anyMatch(e -> e instanceof Effect.Log l && l.text().contains("belongs to cluster beta")));
    }

    @Test
    void killTellsTheNodeWhoKilledIt() {
        CoreNet net = fourNodes();
        net.request("n1", c -> c.requestKill(3, "cman_tool"));
        assertEquals(1, net.exits.get("n3"));
        assertTrue(net.logs("n3").contains(
                "[CMAN ] cman killed by node 1 because we were killed by cman_tool or other application"));
    }

    @Test
    void expectedAndVotesChangeAtRunTime() {
        CoreNet net = fourNodes();
        net.request("n1", c -> c.requestVotes(0, 3));
        assertEquals(6, net.cores.get("n2").quorum().totalVotes());
        assertEquals(6, net.cores.get("n2").quorum().expectedVotes(), "raised to the votes present");
        net.request("n2", c -> c.requestExpected(10));
        assertEquals(10, net.cores.get("n4").quorum().expectedVotes());
        assertEquals(6, net.cores.get("n4").quorum().quorum());
        assertThrows(IllegalArgumentException.class, () -> net.cores.get("n1").requestExpected(0));
    }

    @Test
    void versionReloadReachesEveryMember() {
        CoreNet net = fourNodes();
        net.request("n2", c -> c.requestReload(5));
        for (String n : List.of("n1", "n2", "n3", "n4"))
            assertTrue(net.effects.get(n).stream().anyMatch(e -> e instanceof Effect.Reload r && r.configVersion() == 5), n);
    }

    @Test
    void quorumDeviceCountsOnlyWhilePolled() {
        CoreNet net = fourNodes();
        ClusterCore n1 = net.cores.get("n1");
        net.request("n1", c -> c.qdiskRegister("/dev/sdq", 3, net.now));
        assertEquals(4, n1.quorum().totalVotes(), "registered but not yet polled");
        net.request("n1", c -> c.qdiskPoll(true, net.now));
        assertEquals(7, n1.quorum().totalVotes());
        net.advance(10_000);
        assertEquals(7, n1.quorum().totalVotes(), "within quorum_dev_poll");
        net.advance(1);
        assertEquals(4, n1.quorum().totalVotes(), "poll overdue");
        assertTrue(net.logs("n1").contains("[CMAN ] lost contact with quorum device"));
    }

    @Test
    void aPollThatJudgedTheQuorumDeviceAlongWithTheMembersCounts() {
        // cman lists the device as node 0 while it counts; qdiskd read it with the members.
        CoreNet net = fourNodes();
        ClusterCore n1 = net.cores.get("n1");
        net.request("n1", c -> c.qdiskRegister("/dev/sdq", 3, net.now));
        net.request("n1", c -> c.qdiskPoll(true, Set.of(1, 2, 3, 4), net.now));
        for (int cycle = 0; cycle < 30; cycle++) {
            net.advance(1_000);
            net.request("n1", c -> c.qdiskPoll(true, Set.of(0, 1, 2, 3, 4), net.now));
        }
        assertEquals(7, n1.quorum().totalVotes(), "30 s of polls: still counted");
        assertFalse(net.logs("n1").contains("[CMAN ] lost contact with quorum device"));
    }

    /** Seed 000, drill 5: four nodes of one vote and a quorum disk of two; three crash in turn. */
    @Test
    void seed000QuorumFallsFourThreeTwoWithLastManStanding() {
        CoreNet net = new CoreNet(CoreNet.config(4, 6, false, true, false));
        for (String n : List.of("n1", "n2", "n3", "n4")) net.start(n);
        net.view("n1", "n2", "n3", "n4");
        ClusterCore web1 = net.cores.get("n1");
        net.request("n1", c -> c.qdiskRegister("/dev/sdb1", 2, net.now));
        net.request("n1", c -> c.qdiskPoll(true, net.now));
        assertEquals(List.of(6, 6, 4), figures(web1));
        String[] crashes = {"n4", "n3", "n2"};
        int[][] expect = {{6, 5, 3}, {6, 4, 3}, {6, 3, 2}};
        List<String> alive = new java.util.ArrayList<>(List.of("n1", "n2", "n3", "n4"));
        for (int i = 0; i < crashes.length; i++) {
            net.crash(crashes[i]);
            alive.remove(crashes[i]);
            net.view(alive.toArray(String[]::new));
            assertTrue(web1.quorum().quorate(), "still quorate right after crash " + (i + 1));
            for (int s = 0; s < 11; s++) { // the window passes while qdiskd keeps polling
                net.advance(1_000);
                net.request("n1", c -> c.qdiskPoll(true, net.now));
            }
            assertEquals(List.of(expect[i][0], expect[i][1], expect[i][2]), figures(web1), "after crash " + (i + 1));
        }
        assertEquals(1, web1.memberIds().size());
    }

    private static List<Integer> figures(ClusterCore c) {
        return List.of(c.quorum().expectedVotes(), c.quorum().totalVotes(), c.quorum().quorum());
    }

    @Test
    void waitForAllBlocksUntilAllNodesWereMembersTogether() {
        CoreNet net = new CoreNet(CoreNet.config(3, 3, false, false, true));
        for (String n : List.of("n1", "n2", "n3")) net.start(n);
        net.view("n1", "n2");
        assertFalse(net.cores.get("n1").quorum().quorate());
        net.view("n1", "n2", "n3");
        assertTrue(net.cores.get("n1").quorum().quorate());
        net.crash("n3");
        net.view("n1", "n2");
        assertTrue(net.cores.get("n1").quorum().quorate(), "once seen, normal quorum rules apply");
    }

    @Test
    void processGroupViewsAndMessagesInOneOrder() {
        CoreNet net = fourNodes();
        net.request("n1", c -> c.groupJoin("fence"));
        net.request("n2", c -> c.groupJoin("fence"));
        net.request("n3", c -> c.groupJoin("fence"));
        net.request("n2", c -> c.groupSend("fence", new IpcMessage().put("m.x", "1")));
        net.request("n3", c -> c.groupSend("fence", new IpcMessage().put("m.x", "2")));
        net.request("n2", c -> c.groupLeave("fence", false));
        net.crash("n3");
        net.view("n1", "n2", "n4");
        List<IpcMessage> n1 = net.delivered("n1", "fence");
        GroupView last = CmanWire.view(n1.get(n1.size() - 1));
        assertEquals(List.of(1), last.members());
        assertEquals(List.of(3), last.failed());
        GroupView left = CmanWire.view(n1.get(n1.size() - 2));
        assertEquals(List.of(2), left.left());
        assertEquals(List.of("1", "2"), n1.stream().filter(m -> "message".equals(m.get("event")))
                .map(m -> m.get("m.x")).toList());
        assertTrue(net.delivered("n4", "fence").isEmpty(), "n4 never joined the group");
        // the newcomer learns the groups from the hellos
        net.start("n3");
        net.view("n1", "n2", "n3", "n4");
        net.request("n3", c -> c.groupJoin("fence"));
        GroupView first = CmanWire.view(net.delivered("n3", "fence").get(0));
        assertEquals(List.of(1, 3), first.members());
    }

    @Test
    void leaveWithActiveSubsystemsIsRefusedUnlessForced() {
        CoreNet net = fourNodes();
        net.request("n1", c -> c.groupJoin("rgmanager"));
        assertThrows(IllegalStateException.class, () -> net.cores.get("n1").requestLeave(false, false));
        net.request("n1", c -> c.requestLeave(false, true));
    }
}
