package org.jrhcs.cman.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The witnesses' confirmation of a suspicion (token 5000: confirm at 1750 ms of silence, escalate after 7000 ms). */
class SuspectConfirmationTest {
    static final List<String> THREE = List.of("n1", "n2", "n3");

    static SuspectConfirmation<String> policy() { return new SuspectConfirmation<>(1750, 7000); }

    @Test
    void aNodeSilentToEveryoneIsExcludedInTheFirstRound() {
        var p = policy();
        p.suspect(List.of("n3"), 0);
        assertEquals(List.of("n2"), p.witnesses(THREE, "n1"));
        var d = p.decide("n1", THREE, List.of("n2"), List.of("n3"), Map.of("n2", Map.of("n3", 3600L)), 0, 10);
        assertEquals(Set.of("n3"), d.exclude());
    }

    @Test
    void aLossyCoordinatorCannotExcludeANodeItsWitnessHears() {
        // n1 (first in the view: coordinator, so escalation is open to it) has the bad link; n2 hears n3 fine.
        var p = policy();
        p.suspect(List.of("n3"), 0);
        var d = p.decide("n1", THREE, List.of("n2"), List.of("n3"), Map.of("n2", Map.of("n3", 40L)), 0, 10);
        assertTrue(d.exclude().isEmpty());
        assertEquals(Map.of("n3", "n2"), d.heldBy());
        // Its rounds keep losing answers: however long it suspects, it never escalates.
        for (long t = 500; t < 60_000; t += 500) {
            boolean answered = t % 5000 == 0;
            d = p.decide("n1", THREE, List.of("n2"), List.of("n3"), answered ? Map.of("n2", Map.of("n3", 40L)) : Map.of(), t, t + 400);
            assertTrue(d.exclude().isEmpty(), "excluded at " + t);
        }
    }

    @Test
    void withNoWitnessLeftEverySuspectGoesAtOnce() {
        var p = policy();
        p.suspect(List.of("n1", "n2"), 0);
        assertEquals(List.of(), p.witnesses(THREE, "n3"));
        assertEquals(Set.of("n1", "n2"), p.decide("n3", THREE, List.of(), List.of("n1", "n2"), Map.of(), 0, 0).exclude());
    }

    @Test
    void withNoWitnessLeftASuspectHeardAMomentAgoIsAskedAndStaysIfItAnswers() {
        // Two of four crash together (n2 and n4); n1 monitored n2, n3 monitored n4. n1's connect
        // to its next neighbour n3 timed out, so n1 suspects n3 as well: no plain witness left.
        var p = policy();
        List<String> four = List.of("n1", "n2", "n3", "n4");
        p.suspect(List.of("n2", "n3", "n4"), 0);
        p.socketClosed("n2", 0);
        // n3 and n4 were heard 300 ms ago (the crash is too recent for silence); n2's socket closed.
        Map<String, Long> silent = Map.of("n2", 300L, "n3", 300L, "n4", 300L);
        assertEquals(List.of("n3", "n4"), p.witnesses(four, "n1", silent, 10));
        // n3 answers and saw n4's socket close; n4 never answers.
        p.socketClosed("n4", 20);
        var d = p.decide("n1", four, List.of("n3", "n4"), List.of("n2", "n3", "n4"),
                Map.of("n3", Map.of("n2", 310L, "n3", Long.MAX_VALUE, "n4", 310L)), 10, 30);
        assertEquals(Set.of("n2", "n4"), d.exclude());
        assertEquals(Set.of("n3"), d.refuted());
        assertEquals(Set.of("n2", "n4"), p.suspects(), "n3 answered: no longer suspected");
        assertEquals(List.of("n3"), p.witnesses(four, "n1", silent, 40));
    }

    @Test
    void withNoWitnessLeftALongSilentSuspectIsNotAsked() {
        var p = policy();
        p.suspect(List.of("n1", "n2"), 0);
        assertEquals(List.of(), p.witnesses(THREE, "n3", Map.of("n1", 1750L), 0), "silent the confirmation time, or never heard");
    }

    @Test
    void aMissingAnswerExcludesNobodyEvenIfOthersConfirm() {
        var p = policy();
        p.suspect(List.of("n4"), 0);
        var d = p.decide("n1", THREE, List.of("n2", "n3"), List.of("n4"), Map.of("n2", Map.of("n4", 9000L)), 0, 100);
        assertTrue(d.exclude().isEmpty());
        assertTrue(d.heldBy().isEmpty(), "not held by a witness: unanswered");
    }

    @Test
    void aCutBetweenTwoNodesIsSettledByTheOneFirstInTheViewAfterTheEscalationTime() {
        var low = policy();
        var high = policy();
        low.suspect(List.of("n3"), 0);
        high.suspect(List.of("n1"), 0);
        Map<String, Map<String, Long>> hears3 = Map.of("n2", Map.of("n3", 100L));
        Map<String, Map<String, Long>> hears1 = Map.of("n2", Map.of("n1", 100L));
        for (long t = 0; t < 7000; t += 500) {
            assertTrue(low.decide("n1", THREE, List.of("n2"), List.of("n3"), hears3, t, t + 10).exclude().isEmpty(), "at " + t);
            assertTrue(high.decide("n3", THREE, List.of("n2"), List.of("n1"), hears1, t, t + 10).exclude().isEmpty(), "at " + t);
        }
        var d = low.decide("n1", THREE, List.of("n2"), List.of("n3"), hears3, 7000, 7010);
        assertEquals(Set.of("n3"), d.exclude());
        assertEquals(Set.of("n3"), d.escalated());
        assertTrue(high.decide("n3", THREE, List.of("n2"), List.of("n1"), hears1, 7000, 7010).exclude().isEmpty(),
                "the later node never escalates against the earlier");
    }

    @Test
    void anUnansweredRoundRestartsTheEscalationClock() {
        var p = policy();
        p.suspect(List.of("n3"), 0);
        Map<String, Map<String, Long>> hears = Map.of("n2", Map.of("n3", 100L));
        p.decide("n1", THREE, List.of("n2"), List.of("n3"), hears, 0, 10);
        p.decide("n1", THREE, List.of("n2"), List.of("n3"), Map.of(), 6000, 6500);
        assertTrue(p.decide("n1", THREE, List.of("n2"), List.of("n3"), hears, 7000, 7010).exclude().isEmpty());
        assertEquals(Set.of("n3"), p.decide("n1", THREE, List.of("n2"), List.of("n3"), hears, 14000, 14010).exclude());
    }

    @Test
    void unsuspectedOrDepartedNodesAreNotExcluded() {
        var p = policy();
        p.suspect(List.of("n3"), 0);
        p.unsuspect("n3");
        assertTrue(p.decide("n1", THREE, List.of("n2"), List.of("n3"), Map.of("n2", Map.of("n3", 9000L)), 0, 10).exclude().isEmpty());
        p.suspect(List.of("n3"), 20);
        p.view(List.of("n1", "n2"));
        assertTrue(p.suspects().isEmpty());
    }

    @Test
    void aSuspectWhoseSocketClosedIsExcludedThoughTheWitnessStillHearsIt() {
        // A crash: n3's process is gone and its socket with n2 was reset; n2 heard it 40 ms ago.
        var p = policy();
        p.suspect(List.of("n3"), 0);
        p.socketClosed("n3", 0);
        assertTrue(p.settledBySockets(List.of("n3"), 10));
        var d = p.decide("n1", THREE, List.of("n2"), List.of("n3"), Map.of("n2", Map.of("n3", 40L)), 0, 10);
        assertEquals(Set.of("n3"), d.exclude());
        assertEquals(Set.of("n3"), d.socketClosed());
        assertTrue(d.heldBy().isEmpty());
        // Without the witness's answer too: the close is evidence enough.
        assertEquals(Set.of("n3"), p.decide("n1", THREE, List.of("n2"), List.of("n3"), Map.of(), 0, 10).exclude());
    }

    @Test
    void aCloseCountsOnlyForItsOwnNodeAndWhileRecent() {
        var p = policy();
        p.suspect(List.of("n3", "n4"), 0);
        p.socketClosed("n4", 0);
        List<String> four = List.of("n1", "n2", "n3", "n4");
        Map<String, Map<String, Long>> hearsBoth = Map.of("n2", Map.of("n3", 40L, "n4", 40L));
        assertTrue(!p.settledBySockets(List.of("n3", "n4"), 10), "n3's socket is open: the round waits for the answers");
        var d = p.decide("n1", four, List.of("n2"), List.of("n3", "n4"), hearsBoth, 0, 10);
        assertEquals(Set.of("n4"), d.exclude());
        assertEquals(Map.of("n3", "n2"), d.heldBy(), "n3 still goes through the witnesses");
        // An old close (beyond the escalation time) is no evidence about a suspicion now
        // (n3 comes first in this view, so n1 would not escalate against it either).
        p.socketClosed("n3", 0);
        List<String> n3First = List.of("n3", "n1", "n2");
        assertEquals(Map.of("n3", "n2"), p.decide("n1", n3First, List.of("n2"), List.of("n3"), hearsBoth, 7001, 7002).heldBy());
        // Nor is a close of a node heard from again since.
        p.socketClosed("n3", 8000);
        p.unsuspect("n3");
        p.suspect(List.of("n3"), 8100);
        assertTrue(p.decide("n1", four, List.of("n2"), List.of("n3"), hearsBoth, 8100, 8110).exclude().isEmpty());
    }

    @Test
    void aRoundSettledBySocketsLeavesTheEscalationClockRunning() {
        var p = policy();
        p.suspect(List.of("n3"), 0);
        Map<String, Map<String, Long>> hears = Map.of("n2", Map.of("n3", 100L));
        p.decide("n1", THREE, List.of("n2"), List.of("n3"), hears, 0, 10);
        // n4 crashes meanwhile; its round ends on the close without n2's answer.
        p.suspect(List.of("n4"), 3000);
        p.socketClosed("n4", 3000);
        assertEquals(Set.of("n4"), p.decide("n1", List.of("n1", "n2", "n3", "n4"), List.of("n2"), List.of("n4"), Map.of(), 3000, 3010).exclude());
        p.view(THREE);
        assertEquals(Set.of("n3"), p.decide("n1", THREE, List.of("n2"), List.of("n3"), hears, 7000, 7010).escalated());
    }

    @Test
    void retuningChangesTheSilenceAWitnessMustConfirm() {
        var p = policy();
        p.suspect(List.of("n3"), 0);
        Map<String, Map<String, Long>> silent1000 = Map.of("n2", Map.of("n3", 1000L));
        assertTrue(p.decide("n1", THREE, List.of("n2"), List.of("n3"), silent1000, 0, 10).exclude().isEmpty());
        p.retune(350, 1400); // token 1000
        assertEquals(Set.of("n3"), p.decide("n1", THREE, List.of("n2"), List.of("n3"), silent1000, 20, 30).exclude());
    }
}
