package org.jrhcs.qdisk.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.qdisk.core.QdiskConfig;
import org.junit.jupiter.api.Test;

class QdiskReloadTest {

    static QdiskConfig conf(int nodes, String quorumd) throws Exception {
        StringBuilder n = new StringBuilder();
        for (int i = 1; i <= nodes; i++) n.append("<clusternode name=\"n").append(i).append("\" nodeid=\"").append(i).append("\"/>");
        return QdiskConfig.from(ConfDocument.parse("<cluster name=\"c\" config_version=\"1\"><clusternodes>" + n
                + "</clusternodes>" + quorumd + "</cluster>", "cluster.conf").cluster());
    }

    @Test
    void runtimeOptionsAndVotesChangeTimingsAndHeuristicsWaitForARestart() throws Exception {
        QdiskConfig running = conf(3, "<quorumd label=\"q\" interval=\"1\" tko=\"10\" votes=\"2\">"
                + "<heuristic program=\"true\"/></quorumd>");
        QdiskConfig newer = conf(3, "<quorumd label=\"q\" interval=\"2\" tko=\"10\" votes=\"3\" reboot=\"0\" allow_kill=\"0\""
                + " status_file=\"/tmp/qd\"><heuristic program=\"false\"/></quorumd>");
        QdiskReload.Outcome o = QdiskReload.of(running, newer);
        assertEquals(List.of("votes 2 -> 3", "allow_kill true -> false", "reboot true -> false", "status_file null -> /tmp/qd"),
                o.changed());
        assertEquals(List.of("interval (ms) 1000 -> 2000", "heuristics"), o.ignored());
        assertEquals(3, o.applied().votes());
        assertFalse(o.applied().reboot());
        assertEquals(1000, o.applied().intervalMs(), "timings keep their start values");
        assertEquals(running.heuristics(), o.applied().heuristics());
    }

    @Test
    void masterWinsByDefaultOnTwoNodesTurnsOffWhenANodeIsAdded() throws Exception {
        QdiskConfig two = conf(2, "<quorumd label=\"q\"/>");
        QdiskConfig three = conf(3, "<quorumd label=\"q\"/>");
        QdiskReload.Outcome o = QdiskReload.of(two, three);
        assertFalse(o.applied().masterWins());
        assertEquals(List.of("votes 1 -> 2", "master_wins true -> false"), o.changed());
        assertFalse(QdiskReload.of(three, two).applied().masterWins(), "never turned on while running");
    }
}
