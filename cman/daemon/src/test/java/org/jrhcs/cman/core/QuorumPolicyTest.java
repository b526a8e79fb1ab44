package org.jrhcs.cman.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuorumPolicyTest {

    @ParameterizedTest(name = "expected {0}, total {1}, two_node {2} -> quorum {3}")
    @CsvSource({
            // expected, total, twoNode, quorum
            "3, 3, false, 2",
            "3, 2, false, 2",
            "3, 1, false, 2",
            "4, 4, false, 3",
            "4, 2, false, 3",
            "5, 5, false, 3",
            "6, 6, false, 4",
            "6, 5, false, 4",
            "6, 3, false, 4",
            "1, 1, false, 1",
            "1, 2, true, 1",
            "1, 1, true, 1",
            "2, 7, false, 4",   // more votes present than expected: total decides
            "16, 16, false, 9",
    })
    void rhcsFormula(int expected, int total, boolean twoNode, int quorum) {
        assertEquals(quorum, QuorumPolicy.quorum(expected, total, twoNode));
    }

    @Test
    void formulaHoldsOverThousandsOfCombinations() {
        Random r = new Random(20261123L);
        for (int i = 0; i < 20_000; i++) {
            int expected = 1 + r.nextInt(64);
            int members = r.nextInt(64);
            int device = r.nextBoolean() ? r.nextInt(16) : 0;
            boolean twoNode = r.nextInt(8) == 0;
            QuorumPolicy.Result res = QuorumPolicy.evaluate(
                    new QuorumPolicy.Input(expected, 0, members, device, twoNode, false));
            int total = members + device;
            int shown = Math.max(expected, total);
            int q = twoNode ? 1 : Math.max((shown + 2) / 2, (total + 2) / 2);
            String ctx = "seed 20261123 case " + i + ": " + expected + "/" + members + "+" + device + " 2node=" + twoNode;
            assertEquals(total, res.totalVotes(), ctx);
            assertEquals(shown, res.expectedVotes(), ctx);
            assertEquals(q, res.quorum(), ctx);
            assertEquals(total >= q, res.quorate(), ctx);
            // A quorate partition holds more than half of the expected votes, so two disjoint
            // partitions of one cluster can never both be quorate (two_node relies on fencing).
            if (!twoNode && res.quorate()) assertTrue(2 * total > shown, ctx);
        }
    }

    @Test
    void waitForAllBlocksUntilEveryNodeWasSeen() {
        QuorumPolicy.Result r = QuorumPolicy.evaluate(new QuorumPolicy.Input(3, 0, 3, 0, false, true));
        assertFalse(r.quorate());
        assertTrue(QuorumPolicy.evaluate(new QuorumPolicy.Input(3, 0, 3, 0, false, false)).quorate());
    }

    @Test
    void lastManStandingLowersOnlyWhenQuorateAndStable() {
        QuorumPolicy.Result r = QuorumPolicy.evaluate(new QuorumPolicy.Input(6, 0, 3, 2, false, false));
        assertEquals(4, r.quorum());
        assertEquals(0, QuorumPolicy.lastManStanding(0, r, 9_999, 10_000), "window not over");
        assertEquals(5, QuorumPolicy.lastManStanding(0, r, 10_000, 10_000));
        QuorumPolicy.Result blocked = QuorumPolicy.evaluate(new QuorumPolicy.Input(6, 0, 1, 0, false, false));
        assertEquals(0, QuorumPolicy.lastManStanding(0, blocked, 60_000, 10_000), "inquorate: never lowered");
    }

    @Test
    void lastManStandingFollowsReturningVotes() {
        assertEquals(5, QuorumPolicy.raiseLastManStanding(4, 5, 6));
        assertEquals(0, QuorumPolicy.raiseLastManStanding(4, 6, 6), "back to full strength");
        assertEquals(4, QuorumPolicy.raiseLastManStanding(4, 3, 6), "fewer votes: only the window lowers it");
    }
}
