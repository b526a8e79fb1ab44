package org.jrhcs.fence.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The sequencer's events for local subscribers: one per change of a node's fence state,
 * carrying what {@code fenced_last} would answer right after it.
 */
class FenceEventTest {
    private static final Set<Integer> ALL = Set.of(1, 2, 3);

    private static CoreHarness member(int local, long overrideMs) {
        CoreHarness h = new CoreHarness(CoreHarness.config(CoreHarness.settings(6000, 0, false, overrideMs, false)), local);
        h.view(List.of(1, 2, 3), List.of(), true, ALL);
        h.events.clear();
        return h;
    }

    private static String brief(FenceEvent e) {
        return e.name() + " " + e.result().word() + " time=" + e.time() + " how=" + e.how() + " pending=" + e.pending() + " by=" + e.by();
    }

    /** The event's state is exactly what the queries answer at that moment. */
    private static void assertMatchesQueries(CoreHarness h, FenceEvent e) {
        assertEquals(h.core.lastFencedTime(e.name()), e.time(), "time as fenced_last");
        assertEquals(h.core.lastFencedHow(e.name()), e.how(), "how as fenced_last");
        assertEquals(h.core.isVictim(e.name()), e.pending(), "pending as fenced_last");
    }

    @Test
    void aFailureIsPendingThenTheDeliveredFenceIsSuccessWithItsTime() {
        CoreHarness h = member(1, 3000);
        h.view(List.of(1, 3), List.of(2), true, Set.of(1, 3));
        assertEquals(List.of("web2 pending time=0 how=none pending=true by=0"), h.events.stream().map(FenceEventTest::brief).toList());
        assertMatchesQueries(h, h.events.get(0));
        h.agentDone(true);
        assertEquals(1, h.events.size(), "the agent's success is not yet the domain's: nothing until the delivery");
        long fencedAt = h.now;
        h.now += 5;
        h.deliverOwn();
        assertEquals("web2 success time=" + fencedAt + " how=agent pending=false by=1", brief(h.events.get(1)));
        assertMatchesQueries(h, h.events.get(1));
        assertEquals(2, h.events.size());
    }

    @Test
    void aMemberThatDidNotFenceHearsTheSuccessFromTheDelivery() {
        CoreHarness h = member(3, 3000);
        h.view(List.of(1, 3), List.of(2), true, Set.of(1, 3));
        h.deliver(1, new FenceMessage.Fenced(2, "web2", 42, FenceMessage.How.AGENT, 1, -1));
        assertEquals(List.of("web2 pending time=0 how=none pending=true by=0", "web2 success time=42 how=agent pending=false by=1"),
                h.events.stream().map(FenceEventTest::brief).toList());
    }

    @Test
    void aFailedAttemptIsAnEventAndTheNodeStaysPendingUntilTheManualAck() {
        CoreHarness h = member(1, 3000);
        h.view(List.of(1, 3), List.of(2), true, Set.of(1, 3));
        h.agentDone(false);
        FenceEvent failed = h.events.get(1);
        assertEquals("web2 failed time=0 how=none pending=true by=0", brief(failed));
        assertNull(h.handle(new Input.AckManual("web2")).refusal, "fence_ack_manual accepted");
        h.deliverOwn();
        FenceEvent acked = h.events.get(h.events.size() - 1);
        assertEquals("web2 success time=" + h.now + " how=override pending=false by=1", brief(acked));
        assertMatchesQueries(h, acked);
    }

    @Test
    void aVictimThatRejoinsIsCancelledNotFenced() {
        CoreHarness h = member(1, 3000);
        h.core.handle(new Input.ConfigChanged(CoreHarness.config(CoreHarness.settings(6000, 5000, false, 3000, false))), h.now);
        h.view(List.of(1, 3), List.of(2), true, Set.of(1, 3));
        h.view(List.of(1, 2, 3), List.of(), true, ALL);
        assertEquals(List.of("web2 pending time=0 how=none pending=true by=0", "web2 cancelled time=0 how=none pending=false by=0"),
                h.events.stream().map(FenceEventTest::brief).toList());
    }

    @Test
    void nothingChangedNoEvent() {
        CoreHarness h = member(1, 3000);
        h.advance(1000);
        h.quorum(true);
        assertEquals(List.of(), h.events);
    }
}
