package org.jrhcs.qdisk.core;

import static org.junit.jupiter.api.Assertions.*;

import org.jrhcs.ccs.ConfDocument;
import org.junit.jupiter.api.Test;

/** {@code <quorumd>} → settings, defaults from org.jrhcs.ccs.Defaults (qdisk(5)). */
class QdiskConfigTest {
    private static QdiskConfig parse(String quorumd, int nodes, String totem) throws Exception {
        StringBuilder xml = new StringBuilder("<cluster name=\"c\" config_version=\"1\">" + totem + quorumd + "<clusternodes>");
        for (int i = 1; i <= nodes; i++) xml.append("<clusternode name=\"n").append(i).append("\" nodeid=\"").append(i).append("\"/>");
        xml.append("</clusternodes></cluster>");
        return QdiskConfig.from(ConfDocument.parse(xml.toString(), "cluster.conf").cluster());
    }

    @Test
    void seed000Settings() throws Exception {
        QdiskConfig c = parse("<quorumd interval=\"1\" tko=\"10\" votes=\"2\" label=\"myqdisk\">"
                + "<heuristic program=\"ping -c1 -w1 198.18.0.1\" score=\"1\" interval=\"2\" tko=\"3\"/></quorumd>",
                4, "<totem token=\"21000\"/>");
        assertEquals(1000, c.intervalMs());
        assertEquals(10, c.tko());
        assertEquals(3, c.tkoUp());
        assertEquals(5, c.masterWait());
        assertEquals(2, c.upgradeWait());
        assertEquals(2, c.votes());
        assertEquals(1, c.minScore());
        assertFalse(c.masterWins());
        assertTrue(c.allowKill());
        assertTrue(c.reboot());
        assertEquals("myqdisk", c.label());
        assertEquals(new HeuristicSpec("ping -c1 -w1 198.18.0.1", 1, 2000, 3), c.heuristics().get(0));
        assertTrue(c.problems().isEmpty(), c.problems().toString());
        assertTrue(c.tokenWarning(21000).isEmpty());
    }

    @Test
    void unsetTimingsFollowTheToken() throws Exception {
        QdiskConfig c = parse("<quorumd label=\"q\"><heuristic program=\"true\"/></quorumd>", 3, "<totem token=\"21000\"/>");
        assertEquals(10, c.tko(), "(21 - 1) / 2");
        assertEquals(3, c.tkoUp());
        assertEquals(5, c.masterWait());
        assertEquals(2, c.votes(), "nodes - 1");
        assertEquals(2000, c.heuristics().get(0).intervalMs(), "allowance 9 s → 2 s");
        assertEquals(4, c.heuristics().get(0).tko(), "9 s / 2 s");
        QdiskConfig small = parse("<quorumd label=\"q\" tko=\"4\"/>", 3, "");
        assertEquals(2, small.tkoUp(), "never below 2");
        assertEquals(3, small.masterWait(), "raised above tko_up");
    }

    @Test
    void masterWinsDefaultsOnForTwoNodesWithoutHeuristicsOrVotes() throws Exception {
        assertTrue(parse("<quorumd label=\"q\"/>", 2, "").masterWins());
        assertFalse(parse("<quorumd label=\"q\" votes=\"1\"/>", 2, "").masterWins());
        assertFalse(parse("<quorumd label=\"q\"/>", 3, "").masterWins());
        assertFalse(parse("<quorumd label=\"q\" master_wins=\"1\"><heuristic program=\"true\"/></quorumd>", 2, "")
                .masterWins(), "ignored when heuristics exist");
    }

    @Test
    void badSettingsAreReported() throws Exception {
        QdiskConfig c = parse("<quorumd tko=\"2\" min_score=\"5\"><heuristic program=\"true\" score=\"2\"/></quorumd>", 3, "");
        assertTrue(c.problems().stream().anyMatch(p -> p.contains("tko 2 is too low")), c.problems().toString());
        assertTrue(c.problems().stream().anyMatch(p -> p.contains("never be available")));
        assertTrue(c.problems().stream().anyMatch(p -> p.contains("neither label nor device")));
        assertTrue(c.tokenWarning(5000).isPresent());
    }
}
