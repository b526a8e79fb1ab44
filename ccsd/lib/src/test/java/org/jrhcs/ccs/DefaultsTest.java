package org.jrhcs.ccs;

import static org.junit.jupiter.api.Assertions.*;

import org.jrhcs.ccs.model.Quorumd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The derived defaults, pinned to the numbers RHCS 3 documents or computes. */
class DefaultsTest {
    @ParameterizedTest(name = "token {0} ms, {1} nodes -> consensus {2} ms")
    @CsvSource({"10000,3,12000", "10000,2,2000", "5000,2,1000", "500,2,200", "21000,4,23000", "10000,0,12000"})
    void consensusFollowsCman(int token, int nodes, int consensus) {
        assertEquals(consensus, Defaults.consensus(token, nodes));
    }

    @ParameterizedTest(name = "interval {0} tko {1} -> heuristic every {2} s, tko {3}")
    @CsvSource({"1,10,2,4", "1,4,1,3", "2,10,2,9", "3,10,3,9", "5,12,5,11", "1,3,2,1"})
    void heuristicTimingFitsTheDisk(int interval, int tko, int hInterval, int hTko) {
        assertEquals(hInterval, Defaults.heuristicInterval(interval, tko));
        assertEquals(hTko, Defaults.heuristicTko(interval, tko));
    }

    @Test void qdiskTimingsFromTheToken() {
        Quorumd q = new Quorumd();
        QdiskTimings t = QdiskTimings.of(q, 10000);
        // tko = (10 - 1) / 2 = 4; tko_up = max(2, 1) = 2; master_wait = 2 <= tko_up -> 3
        assertEquals(new QdiskTimings(1, 4, 2, 3, 2), t);
        assertEquals(9000, t.masterRecoveryMs());
    }

    @Test void qdiskTimingsAsConfigured() {
        Quorumd q = new Quorumd();
        q.interval = 2;
        q.tko = 7;
        q.masterWait = 2;
        q.upgradeWait = 2;
        QdiskTimings t = QdiskTimings.of(q, 30000);
        // qdisk(5)'s example: 2 x (7 + 2 + 2) = 22 s, so the token must be at least 24 s
        assertEquals(new QdiskTimings(2, 7, 2, 3, 2), t, "master_wait is raised above tko_up");
        assertEquals(24000, t.masterRecoveryMs());
    }

    @Test void documentedConstants() {
        assertEquals(10000, Defaults.TOKEN_MS);
        assertEquals(10000, Defaults.QUORUM_DEV_POLL_MS);
        assertEquals(5405, Defaults.CMAN_PORT);
        assertEquals(6, Defaults.POST_JOIN_DELAY_S);
        assertEquals(0, Defaults.POST_FAIL_DELAY_S);
        assertEquals(3, Defaults.OVERRIDE_TIME_S);
        assertEquals(3, Defaults.qdiskTkoUp(10));
        assertEquals(5, Defaults.qdiskMasterWait(10));
        assertEquals(3, Defaults.qdiskVotes(4));
        assertEquals(2, Defaults.qdiskMinScore(3));
    }
}
