package org.jrhcs.rg.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.rg.core.placement.Action;
import org.jrhcs.rg.core.placement.ServiceState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The replicated table and its guards, driven step by step with no threads or clocks. */
class RgCoreTest {
    static final String CONF = """
            <cluster name="t" config_version="1">
              <clusternodes>
                <clusternode name="web1" nodeid="1"/><clusternode name="web2" nodeid="2"/><clusternode name="web3" nodeid="3"/>
              </clusternodes>
              <rm>
                <failoverdomains>
                  <failoverdomain name="d" ordered="1">
                    <failoverdomainnode name="web1" priority="1"/><failoverdomainnode name="web2" priority="2"/>
                  </failoverdomain>
                </failoverdomains>
                <service name="webserver" domain="d"/>
              </rm>
            </cluster>
            """;
    static final String WEB = "service:webserver";
    SyncCluster c;

    @BeforeEach void cluster() throws Exception {
        c = new SyncCluster(RgConfig.from(ConfDocument.parse(CONF, "cluster.conf").cluster()));
    }

    private void threeUp() {
        c.join(1);
        c.join(2);
        c.join(3);
        c.converge();
        assertEquals("started web1", c.state(3, WEB));
        c.assertSameTables();
    }

    /** web1..web4 all up (web4 outside the domain): web runs on web1. */
    private void fourUp() throws Exception {
        c = new SyncCluster(RgConfig.from(ConfDocument.parse(CONF.replace(
                "<clusternode name=\"web3\" nodeid=\"3\"/>",
                "<clusternode name=\"web3\" nodeid=\"3\"/><clusternode name=\"web4\" nodeid=\"4\"/>"), "cluster.conf").cluster()));
        for (int id = 1; id <= 4; id++) c.join(id);
        c.converge();
    }

    @Test void joinersGetTheTableAndEveryoneAgrees() {
        threeUp();
        assertEquals(1, c.cores.get(2).master());
        assertTrue(c.logs.get(1).contains("<notice> Starting stopped service service:webserver"));
        assertTrue(c.logs.get(1).contains("<notice> Service service:webserver started"));
    }

    @Test void aJoinerReplaysWhatHappenedWhileItWaitedForTheSnapshot() {
        c.join(1);
        c.converge();
        c.join(2);
        c.converge();            // node 2 asked, node 1 answered, node 2 probed
        c.join(3);               // node 3 asks ...
        c.settle();              // ... and its request is ordered before the freeze below
        c.local(1, new Input.ClientRequest("1:1", org.jrhcs.rg.core.placement.Trigger.Kind.FREEZE, WEB, null));
        c.converge();
        assertTrue(c.effects.get(1).contains(new Effect.Reply("1:1", RequestResult.SUCCESS, null)), c.effects.get(1).toString());
        assertTrue(c.cores.get(3).service(WEB).frozen(), "node 3 replayed the freeze after the snapshot");
        c.assertSameTables();
    }

    /**
     * A member that joined has not said yet what it runs (a partition merging back, or web3
     * here, absent at the cold start): a start now, planned before its view or asked by an
     * operator, could be a second copy. It is refused ("try again") until the member's probe.
     */
    @Test void nothingStartsBeforeAJoinerReportsWhatItRuns() {
        c.join(1);
        c.join(2);
        c.converge();            // web3 unknown since the cold start: nothing placed
        c.join(3);
        c.settle();              // web3 asked for the table, its probe not yet in
        c.local(1, new Input.ClientRequest("1:1", org.jrhcs.rg.core.placement.Trigger.Kind.ENABLE, WEB, "web2"));
        c.settle();
        assertTrue(c.effects.get(1).contains(new Effect.Reply("1:1", RequestResult.AGAIN, null)), c.effects.get(1).toString());
        assertTrue(c.logs.get(2).contains("<debug> Ignoring start service:webserver on web2 (operator): member web3 has not reported what it runs"),
                c.logs.get(2).toString());
        c.converge();            // web3's probe is in: placement goes on
        assertEquals("started web1", c.state(3, WEB));
        assertEquals(List.of(1), c.runningOn(WEB));
        c.assertSameTables();
    }

    @Test void nothingOfAFailedNodeStartsBeforeItIsFenced() {
        threeUp();
        c.fail(1);
        c.converge();
        assertEquals("started web1", c.state(2, WEB), "held until fenced");
        assertTrue(c.cores.get(2).awaitingFence().contains("web1"));
        c.local(2, new Input.FenceConfirmed("web1"));
        c.converge();
        assertEquals("started web2", c.state(3, WEB));
        assertTrue(c.logs.get(2).contains("<notice> Taking over service service:webserver from down member web1"));
        c.assertSameTables();
    }

    @Test void aStalePlanCannotStartASecondCopy() {
        threeUp();
        // an old decision maker's start, arriving after the service started elsewhere
        c.local(2, new Input.Delivered(1, new GroupMessage.Exec(new Action.Start(WEB, "web2", Action.Why.AUTOSTART, null), null, 5)));
        assertEquals("started web1", c.state(2, WEB));
        assertFalse(c.effects.get(2).stream().anyMatch(e -> e instanceof Effect.RunStart));
    }

    @Test void aCleanLeaveHandsTheServiceOverFirst() {
        threeUp();
        c.local(1, new Input.Shutdown());
        c.converge();
        assertEquals("started web2", c.state(2, WEB));
        assertTrue(c.effects.get(1).stream().anyMatch(e -> e instanceof Effect.Leave));
        assertTrue(c.logs.get(2).contains("<notice> Member 1 shutting down"));
        c.leave(1);
        c.converge();
        assertTrue(c.cores.get(2).awaitingFence().isEmpty());
        c.assertSameTables();
    }

    @Test void losingQuorumStopsWhatRuns() {
        threeUp();
        c.setQuorate(false);
        c.converge();
        assertEquals("stopped null", c.state(1, WEB));
        assertTrue(c.logs.get(1).contains("<notice> Stopping service service:webserver"));
        c.setQuorate(true);
        c.converge();
        assertEquals("started web1", c.state(2, WEB), "quorum back: started again");
        c.assertSameTables();
    }

    @Test void aFailedStopLeavesTheServiceFailedUntilDisabled() {
        threeUp();
        c.local(3, new Input.ClientRequest("3:1", org.jrhcs.rg.core.placement.Trigger.Kind.DISABLE, WEB, null));
        c.settle();
        c.runAgents(false);
        c.converge();
        assertEquals("failed null", c.state(2, WEB));
        c.local(3, new Input.ClientRequest("3:2", org.jrhcs.rg.core.placement.Trigger.Kind.DISABLE, WEB, null));
        c.converge();
        assertEquals(ServiceState.DISABLED, c.cores.get(1).service(WEB).state());
        assertTrue(c.effects.get(3).contains(new Effect.Reply("3:2", RequestResult.SUCCESS, null)));
    }

    @Test void aRestartedMemberReportsWhatItRuns() {
        threeUp();
        c.fail(1);
        c.converge();
        // rgmanager on web1 comes back (no fence: only the daemon died); its probe says web runs there
        c.join(1);
        c.settle();
        c.runAgents(true); // the probe reports nothing running here ...
        c.converge();
        assertFalse(c.cores.get(2).awaitingFence().contains("web1"), "the live member's probe settles it");
        assertEquals("started web1", c.state(2, WEB), "... so the service is started again, on its best node");
        c.assertSameTables();
    }

    @Test void everyMessageSurvivesTheWire() {
        threeUp();
        List<GroupMessage> all = List.of(new GroupMessage.SyncRequest(2, 7),
                new GroupMessage.Snapshot(2, 7, c.cores.get(1).image()),
                new GroupMessage.Exec(new Action.Relocate(WEB, "web1", "web2", Action.Why.BETTER_NODE), "1:2", 9),
                new GroupMessage.Exec(new Action.Refuse(WEB, "no", Action.Refusal.DOMAIN), null, 9),
                new GroupMessage.Result(WEB, "web1", true, false, true, 3), new GroupMessage.StatusFailed(WEB, "web2", 4),
                new GroupMessage.Request("2:1", org.jrhcs.rg.core.placement.Trigger.Kind.FREEZE, WEB, null),
                new GroupMessage.Reply("2:1", RequestResult.FROZEN, "web1"), new GroupMessage.Leaving(3),
                new GroupMessage.Fenced("web3"), new GroupMessage.Probe(3, List.of(WEB), 5), new GroupMessage.Lock("1:9", true),
                new GroupMessage.Stopped(WEB, "web2", true, 6), new GroupMessage.ConfigChange(3),
                new GroupMessage.TableHeld(2, 3, 1), new GroupMessage.Resync(3));
        for (GroupMessage m : all) assertEquals(m, org.jrhcs.rg.wire.RgWire.decode(org.jrhcs.rg.wire.RgWire.encode(m)));
    }

    @Test void aRequestWhoseDecisionMakerDiesIsAnsweredTryAgain() {
        threeUp();
        c.local(3, new Input.ClientRequest("3:7", org.jrhcs.rg.core.placement.Trigger.Kind.RELOCATE, WEB, "web2"));
        c.fail(1); // the decision maker fails before it could decide
        c.converge();
        assertTrue(c.effects.get(3).contains(new Effect.Reply("3:7", RequestResult.AGAIN, null)), c.effects.get(3).toString());
    }

    /**
     * Sim seed 67: a member fails while a start is under way on it. Its start never reports,
     * so once it is fenced the takeover must proceed (it was refused as "an operation is under
     * way" and re-sent on every delivery, forever).
     */
    @Test void aFailedMembersStartUnderWayIsAbortedAndTheServiceTakenOver() {
        c.join(1);
        c.join(2);
        c.join(3);
        for (int i = 0; i < 5; i++) {   // sync and probe, but leave web1's start under way
            c.settle();
            c.runProbes();
        }
        assertEquals("starting web1", c.state(2, WEB));
        c.fail(1);
        c.converge();
        assertEquals("started web1", c.state(2, WEB), "held by the failed member until it is fenced");
        c.local(2, new Input.FenceConfirmed("web1"));
        c.converge();
        assertEquals("started web2", c.state(3, WEB));
        assertEquals(List.of(2), c.runningOn(WEB));
        assertTrue(c.logs.get(2).contains("<notice> Taking over service service:webserver from down member web1"));
        c.assertSameTables();
    }

    /**
     * Sim seeds 451, 230, 608, 1008: two partitions whose members each kept a table merge
     * again. Here web1 was cut off inquorate (it stopped the service) while web2 and web3 took
     * it over; after the merge web1's stale table made it decision maker of its own side and
     * it started the service a second time. The smaller side must give its table up, take the
     * other one and probe before anything is placed.
     */
    @Test void aPartitionMergeKeepsOneTableAndOneCopy() {
        threeUp();
        c.split(java.util.Set.of(1), false, true);
        c.converge();
        assertEquals("stopped null", c.state(1, WEB), "the inquorate side stopped it");
        c.local(2, new Input.FenceConfirmed("web1"));   // a fence that reported success but did not power web1 off
        c.converge();
        assertEquals("started web2", c.state(2, WEB));
        assertEquals(List.of(2), c.runningOn(WEB));
        c.heal();
        for (int i = 0; i < 50; i++) {
            c.settle();
            c.runAgents(true);
            assertTrue(c.runningOn(WEB).size() <= 1, "running on " + c.runningOn(WEB));
        }
        assertEquals(1, c.runningOn(WEB).size());
        assertEquals(1, c.cores.get(1).master());
        assertEquals(1, c.cores.get(3).master());
        ServiceSlot s = c.cores.get(3).service(WEB);
        assertEquals(List.of(c.config.id(s.owner())), c.runningOn(WEB), "the table says where it runs");
        assertTrue(c.logs.get(1).stream().anyMatch(l -> l.contains("Partition merge")), c.logs.get(1).toString());
        c.assertSameTables();
    }
    /**
     * Sim seed 2254: web2 hung while the others dropped it, then woke still holding its last
     * view, decision maker there and hearing only itself. web1, failed before, was fenced; both
     * web2 and the real membership's decision maker took its service over. Nothing may start
     * while a failed member (web2 here) is unfenced: its fence ends what it started.
     */
    @Test void nothingStartsWhileAFailedMemberIsUnfencedSoAStaleMemberCannotMakeASecondCopy() throws Exception {
        fourUp();
        assertEquals("started web1", c.state(4, WEB));
        c.fail(1);
        c.converge();
        c.strand(2);
        c.converge();
        c.local(2, new Input.FenceConfirmed("web1"));   // the stale member's fenced fences web1
        c.converge();
        assertEquals("started web2", c.state(2, WEB), "in its own stale view web2 took the service over");
        c.local(3, new Input.FenceConfirmed("web1"));
        c.converge();
        assertEquals(List.of(2), c.runningOn(WEB), "no second copy while web2 is unfenced");
        assertEquals("started web1", c.state(3, WEB), "held: web2 failed and is not fenced yet");
        c.powerOff(2);
        c.local(3, new Input.FenceConfirmed("web2"));
        c.converge();
        assertEquals(List.of(3), c.runningOn(WEB));
        assertEquals("started web3", c.state(4, WEB));
        assertTrue(c.logs.get(3).contains("<notice> Taking over service service:webserver from down member web1"));
        c.assertSameTables();
    }

    /**
     * Sim seed 115: the decision maker crashed and booted again within one cman transition, so
     * one view said it failed and joined. The others kept it as holding the table, so it stayed
     * decision maker while its new life waited for a table nobody sent.
     */
    @Test void aMemberThatFailedAndJoinedInOneViewTakesTheTableAgain() {
        threeUp();
        c.bounce(1);
        assertTakesTheTableAgain(1);
    }

    /**
     * Sim seed 646: members that had given their table up at a partition merge were counted as
     * synchronised by a member that cold-started with them; their SyncRequests went unanswered
     * and an operator's start ran a service one of them still ran. A member that asks for the
     * table has none, whatever the others believed: it gets one and probes.
     */
    @Test void aMemberAskingForTheTableGetsItEvenWhenCountedAsHoldingIt() {
        threeUp();
        c.forget(2);
        assertTakesTheTableAgain(2);
    }

    /** After {@code id} lost its table: it has one again, web1 decides, web runs once on web1. */
    private void assertTakesTheTableAgain(int id) {
        c.converge();
        assertTrue(c.cores.get(id).synced(), c.cores.get(id).debugState());
        assertEquals(1, c.cores.get(2).master());
        assertEquals("started web1", c.state(2, WEB));
        assertEquals(List.of(1), c.runningOn(WEB));
        c.assertSameTables();
    }
    /**
     * Sim seed 413: cman told web1 and web2 that web3 failed and joined again, web3 that nothing
     * happened. web3 kept believing it held the table and never asked; the decision maker waited
     * for it for ever. It now tells web3 to take its table again.
     */
    @Test void aMemberTheDecisionMakerDoesNotCountTakesTheTableWhenTold() {
        threeUp();
        for (int id : List.of(1, 2)) c.viewTo(id, List.of(1, 2), List.of(), List.of(3));
        c.converge();
        for (int id : List.of(1, 2)) c.viewTo(id, List.of(1, 2, 3), List.of(3), List.of());
        c.viewTo(3, List.of(1, 2, 3), List.of(), List.of());
        c.converge();
        assertTrue(c.cores.get(1).placementInput(org.jrhcs.rg.core.placement.Trigger.RECHECK).view().online().contains("web3"),
                c.cores.get(1).debugState());
        assertTrue(c.logs.get(3).stream().anyMatch(l -> l.contains("does not count this member")), c.logs.get(3).toString());
        assertEquals("started web1", c.state(3, WEB));
        assertEquals(List.of(1), c.runningOn(WEB));
        c.assertSameTables();
    }

    /**
     * Sim seed 1347 of profile all, reduced: web4 hung and was dropped; web2 and web3 went
     * too, leaving web1, the decision maker, the only holder of its table. web4 woke as web2
     * booted, still holding a copy with two holders (itself and web1) and said so. web1 took
     * that for another side with more holders and gave its table up, while it also told web4
     * (a member it does not count) to take its table again: nobody held a table, for good.
     * A side whose decision maker holds this table is this side.
     */
    @Test void aStaleCopyOfTheTableNeverTakesItFromItsOwnDecisionMaker() throws Exception {
        fourUp();
        c.side.put(4, -4); // web4 hangs: it hears nothing, and only itself
        for (int id : List.of(1, 2, 3)) c.viewTo(id, List.of(1, 2, 3), List.of(), List.of(4));
        c.converge();
        c.powerOff(2);
        c.powerOff(3);
        c.viewTo(1, List.of(1), List.of(), List.of(2, 3));
        c.converge();
        c.side.put(4, 0);  // web4 wakes as web2 boots
        c.join(2);
        c.converge();
        for (int id : List.of(1, 2, 4)) assertEquals(1, c.cores.get(id).master(), id + ": " + c.cores.get(id).debugState());
        c.assertSameTables();
    }

    /**
     * Sim seeds 14607 and 18367: at a partition merge the kept table said web4 ran the service
     * (web4 had rebooted and ran nothing) while web2, on the side that gave its table up, ran
     * it. web2's probe made it stop its copy, but only web2 knew: web4's probe marked the
     * service stopped and the decision maker started it on web1 while web2 was still stopping
     * it. The copy is now part of the table, and the service starts nowhere until its stop is
     * confirmed.
     */
    @Test void aCopyFoundAtAMergeIsStoppedBeforeTheServiceStartsElsewhere() throws Exception {
        fourUp();
        c.local(1, new Input.ClientRequest("1:1", org.jrhcs.rg.core.placement.Trigger.Kind.RELOCATE, WEB, "web4"));
        c.converge();
        assertEquals("started web4", c.state(1, WEB));
        // {web1, web3} inquorate, {web2, web4} quorate; there web1 and web3 count as fenced and web moves to web2
        c.split(java.util.Set.of(1, 3), false, true);
        c.converge();
        c.local(2, new Input.FenceConfirmed("web1"));
        c.local(2, new Input.FenceConfirmed("web3"));
        c.converge();
        c.local(2, new Input.ClientRequest("2:1", org.jrhcs.rg.core.placement.Trigger.Kind.RELOCATE, WEB, "web2"));
        c.converge();
        assertEquals("started web2", c.state(4, WEB));
        assertEquals("started web4", c.state(1, WEB), "the other side's table still has it on web4");
        c.running.get(4).clear();   // web4 rebooted meanwhile: the kept table is stale
        c.heal();                   // two holders each: web1's side (lower decision maker) keeps its table
        c.converge();
        assertEquals(List.of(), c.secondCopies, "nothing started beside the copy being stopped");
        assertTrue(c.logs.get(2).stream().anyMatch(l -> l.contains("keeps its table")), c.logs.get(2).toString());
        assertTrue(c.logs.get(2).contains("<notice> Stopping service service:webserver"), c.logs.get(2).toString());
        assertEquals(List.of(1), c.runningOn(WEB));
        assertEquals("started web1", c.state(3, WEB));
        c.assertSameTables();
    }

    /** The stray copy travels with the table: a member synchronising meanwhile waits for the same stop. */
    @Test void aStrayCopySurvivesTheWire() {
        StrayCopies strays = new StrayCopies();
        strays.found(WEB, "web2");
        strays.found(WEB, "web3");
        GroupMessage.Snapshot s = new GroupMessage.Snapshot(2, 7, new GroupMessage.TableImage(List.of(), java.util.Set.of(1),
                java.util.Set.of(), java.util.Set.of(), java.util.Set.of(), false, 5, java.util.Set.of(), strays.image()));
        assertEquals(s, org.jrhcs.rg.wire.RgWire.decode(org.jrhcs.rg.wire.RgWire.encode(s)));
    }
}
