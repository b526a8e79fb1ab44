package org.jrhcs.ccsd.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jrhcs.ccsd.core.Effect.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CcsdCoreTest {

    static ConfigCopy v(int version) { return new ConfigCopy(version, "<cluster config_version=\"" + version + "\"/>\n"); }

    static ConfigCopy v(int version, String tag) {
        return new ConfigCopy(version, "<cluster config_version=\"" + version + "\"><!-- " + tag + " --></cluster>\n");
    }

    static ConfigCopy[] disks(int... versions) {
        ConfigCopy[] out = new ConfigCopy[versions.length];
        for (int i = 0; i < versions.length; i++) out[i] = versions[i] == 0 ? ConfigCopy.NONE : v(versions[i]);
        return out;
    }

    // --- the whole cluster starts at once: newest wins --------------------------------

    static Stream<Arguments> freshStarts() {
        return Stream.of(
                Arguments.of("all equal", new int[] {5, 5, 5}, 5),
                Arguments.of("one newer", new int[] {3, 5, 4}, 5),
                Arguments.of("newest on the lowest id", new int[] {9, 2, 2}, 9),
                Arguments.of("a node without a file", new int[] {0, 4, 4}, 4),
                Arguments.of("single node", new int[] {7}, 7));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("freshStarts")
    void freshStartTakesTheNewest(String name, int[] versions, int expected) {
        CoreCluster c = new CoreCluster();
        Map<Integer, ConfigCopy> start = new LinkedHashMap<>();
        ConfigCopy[] d = disks(versions);
        for (int i = 0; i < d.length; i++) start.put(i + 1, d[i]);
        c.joinAll(start);
        c.settle();
        for (int id : start.keySet()) {
            assertTrue(c.cores.get(id).synced(), "node " + id + " synced");
            assertEquals(v(expected), c.disks.get(id), "disk of node " + id);
            assertEquals(v(expected), c.served(id), "served by node " + id);
            assertEquals(1, c.published.get(id).size(), "one publication, never an older copy first");
        }
    }

    @Test
    void aNodeThatJoinsInTheMiddleOfTheStartRoundIsHandedTheOutcome() {
        CoreCluster c = new CoreCluster();
        c.join(1, v(2));
        c.join(2, v(6));
        c.step();               // view [1]: Hello(1) sent
        c.step();               // view [1,2]: Hello(2) sent
        c.step();               // Hello(1) delivered to 1 and 2
        c.joinAhead(3, v(4));   // view [1,2,3] before Hello(2): node 3 never sees Hello(1)
        c.settle();
        for (int id = 1; id <= 3; id++) {
            assertTrue(c.cores.get(id).synced(), "node " + id);
            assertEquals(v(6), c.disks.get(id), "node " + id);
        }
    }

    // --- joining an existing cluster -------------------------------------------------

    static Stream<Arguments> joins() {
        // joiner's disk version, expected log fragment, whether its own copy is kept aside
        return Stream.of(
                Arguments.of(3, "Remote copy of cluster.conf (version = 5) is newer than local copy (version = 3).", false),
                Arguments.of(0, "Remote copy of cluster.conf (version = 5) is newer than local copy (version = 0).", false),
                Arguments.of(5, "matches the cluster's", false),
                Arguments.of(8, "Conflict: local cluster.conf (version = 8) is newer than the cluster's version 5", true));
    }

    @ParameterizedTest(name = "joiner at version {0}")
    @MethodSource("joins")
    void joinerTakesTheClustersCopy(int joinerVersion, String logged, boolean keptAside) {
        CoreCluster c = new CoreCluster();
        c.joinAll(Map.of(1, v(5), 2, v(5)));
        c.settle();
        c.join(3, joinerVersion == 0 ? ConfigCopy.NONE : v(joinerVersion));
        c.settle();
        assertTrue(c.cores.get(3).synced());
        assertEquals(List.of(v(5)), c.published.get(3), "the joiner serves only the cluster's copy");
        assertEquals(v(5), c.disks.get(3));
        assertEquals(v(5), c.disks.get(1), "an unpublished newer copy never overrides the cluster");
        assertTrue(c.logs.get(3).stream().anyMatch(l -> l.contains(logged)), c.logs.get(3).toString());
        assertEquals(keptAside ? List.of(v(joinerVersion)) : List.of(), c.unpublished.get(3));
        assertEquals(List.of(1, 2, 3), List.copyOf(c.cores.get(1).syncedMembers()));
        assertEquals(List.of(1, 2, 3), List.copyOf(c.cores.get(3).syncedMembers()));
    }

    @Test
    void sameVersionDifferentTextIsAConflictToo() {
        CoreCluster c = new CoreCluster();
        c.joinAll(Map.of(1, v(5, "cluster")));
        c.settle();
        c.join(2, v(5, "local edit"));
        c.settle();
        assertEquals(v(5, "cluster"), c.disks.get(2));
        assertEquals(List.of(v(5, "local edit")), c.unpublished.get(2));
        assertTrue(c.logs.get(2).stream().anyMatch(l -> l.startsWith("warning: Conflict")));
    }

    // --- updates -----------------------------------------------------------------------

    @Test
    void updateReachesEveryMemberAndRepliesAfterAllWrote() {
        CoreCluster c = threeNodesAt(5);
        c.request(2, 41, v(6));
        assertTrue(c.replies.get(2).isEmpty(), "no answer before the cluster delivered it");
        c.settle();
        for (int id = 1; id <= 3; id++) {
            assertEquals(v(6), c.disks.get(id));
            assertEquals(v(6), c.served(id));
        }
        assertEquals(List.of(new Reply(41, true, "Config file updated from version 5 to 6", 5, 6)), c.replies.get(2));
    }

    static Stream<Arguments> refusedAtOnce() {
        return Stream.of(
                Arguments.of(5, "config_version 5 is not greater than the cluster's config_version 5 (published by node 1); raise config_version in the new file"),
                Arguments.of(4, "config_version 4 is not greater than the cluster's config_version 5 (published by node 1); raise config_version in the new file"));
    }

    @ParameterizedTest(name = "version {0}")
    @MethodSource("refusedAtOnce")
    void olderOrEqualVersionIsRefusedAndNothingChanges(int version, String message) {
        CoreCluster c = threeNodesAt(5);
        c.request(1, 7, v(version, "new"));
        c.settle();
        assertEquals(List.of(new Reply(7, false, message, 5, version)), c.replies.get(1));
        for (int id = 1; id <= 3; id++) assertEquals(v(5), c.disks.get(id));
    }

    @Test
    void concurrentUpdatesOneWinsTheOtherNamesTheVersionItLostTo() {
        CoreCluster c = threeNodesAt(5);
        c.request(1, 1, v(6, "from node 1"));
        c.request(3, 1, v(6, "from node 3"));
        c.settle();
        for (int id = 1; id <= 3; id++) assertEquals(v(6, "from node 1"), c.disks.get(id));
        assertTrue(c.replies.get(1).get(0).ok());
        Reply lost = c.replies.get(3).get(0);
        assertFalse(lost.ok());
        assertEquals("config_version 6 lost to config_version 6 published by node 1 first", lost.message());
    }

    @Test
    void concurrentUpdatesWithDifferentVersionsAreBothAppliedInOrderWhenIncreasing() {
        CoreCluster c = threeNodesAt(5);
        c.request(1, 1, v(6));
        c.request(2, 1, v(7));
        c.settle();
        for (int id = 1; id <= 3; id++) assertEquals(v(7), c.disks.get(id));
        assertTrue(c.replies.get(1).get(0).ok());
        assertTrue(c.replies.get(2).get(0).ok());
    }

    @Test
    void higherVersionDeliveredFirstMakesTheLowerOneLose() {
        CoreCluster c = threeNodesAt(5);
        c.request(2, 1, v(7));
        c.request(1, 1, v(6));
        c.settle();
        for (int id = 1; id <= 3; id++) assertEquals(v(7), c.disks.get(id));
        assertEquals("config_version 6 is not greater than the cluster's config_version 7 (published by node 2)",
                c.replies.get(1).get(0).message());
    }

    @Test
    void updateDeliveredWhileANodeIsJoiningReachesItToo() {
        CoreCluster c = new CoreCluster();
        c.joinAll(Map.of(1, v(5), 2, v(5)));
        c.settle();
        c.join(3, v(2));
        c.step();                 // view: node 3 joins and sends its Hello
        c.request(2, 9, v(6));    // proposed before the Hello is delivered
        c.step();                 // node 3's Hello -> node 1 answers with State(5)
        c.step();                 // the update to 6, delivered before the State
        c.settle();
        for (int id = 1; id <= 3; id++) assertEquals(v(6), c.disks.get(id), "node " + id);
        assertEquals(v(6), c.served(3));
        assertTrue(c.replies.get(2).get(0).ok(), c.replies.get(2).toString());
    }

    @Test
    void aJoinerWhoseResponderDiesIsAnsweredByTheNextSyncedMember() {
        CoreCluster c = threeNodesAt(5);
        c.join(4, v(1));
        c.step();          // view with node 4; its Hello queued
        c.leave(1);        // node 1 (the responder) fails: queued behind the Hello
        c.step();          // Hello delivered, node 1 sends State (queued after the leave)
        c.settle();        // leave drops node 1's State; node 2 answers instead
        assertTrue(c.cores.get(4).synced());
        assertEquals(v(5), c.disks.get(4));
    }

    @Test
    void aCcsdRestartedWithinOneViewIsStillAnsweredAsAJoiner() {
        CoreCluster c = threeNodesAt(5);
        c.restart(3, v(4));
        c.settle();
        assertTrue(c.cores.get(3).synced());
        assertEquals(v(5), c.disks.get(3));
    }

    @Test
    void aNodeThatMissedAnUpdateCatchesUpOnRejoin() {
        CoreCluster c = threeNodesAt(5);
        c.leave(3);
        c.settle();
        c.request(1, 2, v(6));
        c.settle();
        assertTrue(c.replies.get(1).get(0).ok(), "the update does not wait for the absent node");
        assertEquals(v(5), c.disks.get(3));
        c.join(3, c.disks.get(3));
        c.settle();
        assertEquals(v(6), c.disks.get(3));
        assertEquals(List.of(v(6)), c.published.get(3));
    }

    /**
     * Sim bug 7 (seed 1020): node 1 published version 6 while it was the only member and
     * went; node 2 started a cluster of its own at version 5; node 1 coming back must not
     * write version 5 over the 6 its ccsd wrote: the cluster takes 6 instead.
     */
    @Test
    void aPublishedCopyNewerThanTheClustersIsTakenByTheClusterNotOverwritten() {
        CoreCluster c = new CoreCluster();
        c.joinAll(Map.of(1, v(5)));
        c.settle();
        c.request(1, 1, v(6));
        c.settle();
        assertEquals(v(6), c.disks.get(1));
        c.leave(1);
        c.settle();
        c.joinAll(Map.of(2, v(5), 3, v(5)));
        c.settle();
        assertEquals(v(5), c.disks.get(2), "node 2 never saw version 6");
        c.join(1, c.disks.get(1));
        c.settle();
        for (int id = 1; id <= 3; id++) {
            assertEquals(v(6), c.disks.get(id), "disk of node " + id);
            assertEquals(v(6), c.served(id), "served by node " + id);
        }
        assertEquals(List.of(v(6)), c.published.get(1), "node 1 never served version 5");
        assertEquals(List.of(), c.unpublished.get(1));
    }

    @Test
    void aMemberThatLeavesDuringAnUpdateDoesNotHoldUpTheReply() {
        CoreCluster c = threeNodesAt(5);
        c.request(1, 3, v(6));
        c.leave(3); // queued behind the update: node 3 writes it, but goes before its Ack is delivered
        c.settle();
        assertEquals(new Reply(3, true, "Config file updated from version 5 to 6 "
                + "(node 3 left before confirming it and will take it when rejoining if it lacks it)", 5, 6), c.replies.get(1).get(0));
    }

    @Test
    void aMemberThatCannotWriteIsNamedInTheReply() {
        CoreCluster c = threeNodesAt(5);
        c.failingDisks.add(2);
        c.request(1, 3, v(6));
        c.settle();
        Reply r = c.replies.get(1).get(0);
        assertFalse(r.ok());
        assertEquals("config_version 6 was accepted by the cluster, but some members could not write it: "
                + "node 2: No space left on device", r.message());
        assertTrue(c.logs.get(2).contains("err: Unable to write cluster.conf version 6: No space left on device"));
    }

    @Test
    void noUpdateWithoutQuorum() {
        CoreCluster c = threeNodesAt(5);
        c.quorum(false);
        c.settle();
        c.request(1, 4, v(6));
        c.settle();
        assertEquals(List.of(new Reply(4, false, "the cluster is not quorate; cluster.conf can only be updated "
                + "while the cluster has quorum", 5, 6)), c.replies.get(1));
        for (int id = 1; id <= 3; id++) assertEquals(v(5), c.disks.get(id));
        c.quorum(true);
        c.settle();
        c.request(1, 5, v(6));
        c.settle();
        assertTrue(c.replies.get(1).get(1).ok());
    }

    /** cman nodes that started alone and found each other later: two groups in sync each, one view. */
    @Test
    void twoGroupsThatFormedApartKeepTheNewestCopyWhenTheyMerge() {
        CcsdCore a = new CcsdCore(v(5), 1), b = new CcsdCore(v(7), 2);
        List<CcsdCore> both = List.of(a, b);
        a.handle(new Input.View(List.of(1), List.of(1), 1, true));
        a.handle(new Input.Delivered(1, new GroupMessage.Hello(v(5), 1)));
        b.handle(new Input.View(List.of(2), List.of(2), 2, true));
        b.handle(new Input.Delivered(2, new GroupMessage.Hello(v(7), 2)));
        assertTrue(a.synced() && b.synced());
        // the merge: each sees the other join; each side's lowest member announces what it holds
        List<Effect> fromA = a.handle(new Input.View(List.of(1, 2), List.of(2), 1, true));
        List<Effect> fromB = b.handle(new Input.View(List.of(1, 2), List.of(1), 2, true));
        GroupMessage annA = ((Effect.Broadcast) fromA.get(0)).message(), annB = ((Effect.Broadcast) fromB.get(0)).message();
        assertEquals(new GroupMessage.Synced(v(5), 1), annA);
        for (CcsdCore core : both) {
            List<Effect> out = new java.util.ArrayList<>(core.handle(new Input.Delivered(1, annA)));
            out.addAll(core.handle(new Input.Delivered(2, annB)));
            for (Effect e : out)
                if (e instanceof Effect.Persist p) core.handle(new Input.Persisted(p.copy().version(), true, null));
        }
        assertEquals(v(7), a.cluster());
        assertEquals(v(7), a.disk());
        assertEquals(v(7), b.cluster());
    }

    @Test
    void requestsBeforeSyncAreRefused() {
        CcsdCore core = new CcsdCore(v(5), 1);
        List<Effect> out = core.handle(new Input.UpdateRequest(1, v(6)));
        assertEquals(List.of(new Reply(1, false, "ccsd is not in sync with the cluster yet; try again shortly", 0, 6)), out);
    }

    @Test
    void nothingIsPublishedBeforeItIsOnDisk() {
        CcsdCore core = new CcsdCore(v(3), 77);
        core.handle(new Input.View(List.of(1, 2), List.of(2), 2, true));
        core.handle(new Input.Delivered(2, new GroupMessage.Hello(v(3), 77)));
        assertEquals(List.of(), core.handle(new Input.Delivered(1, new GroupMessage.State(2, 76, v(5), 1, List.of(1)))),
                "a State for an earlier run of this node is ignored");
        List<Effect> out = core.handle(new Input.Delivered(1, new GroupMessage.State(2, 77, v(5), 1, List.of(1))));
        assertEquals(new Effect.Persist(v(5)), out.get(out.size() - 1));
        assertTrue(out.stream().noneMatch(e -> e instanceof Effect.Publish));
        List<Effect> after = core.handle(new Input.Persisted(5, true, null));
        assertTrue(after.contains(new Effect.Publish(v(5))));
        assertTrue(after.contains(new Effect.Reload(5)));
    }

    private static CoreCluster threeNodesAt(int version) {
        CoreCluster c = new CoreCluster();
        c.joinAll(Map.of(1, v(version), 2, v(version), 3, v(version)));
        c.settle();
        return c;
    }
}
