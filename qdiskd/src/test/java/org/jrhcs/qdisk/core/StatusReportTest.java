package org.jrhcs.qdisk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** status_file text for a master and for a member of its partition. */
class StatusReportTest {
    @Test
    void masterAndMemberViews() {
        QdiskSim sim = new QdiskSim(QdiskSim.config(10, false, true, true, List.of()));
        sim.start(1);
        sim.start(2);
        sim.start(3);
        sim.run(15);
        sim.node(3).hung = true;
        sim.run(12);
        assertEquals("""
                Time Stamp: Mon Nov 23 09:30:00 2026
                Node ID: 1
                Score: 0/0 (Minimum required = 0)
                Current state: Master
                Initializing Set: { }
                Visible Set: { 1 2 }
                Master Node ID: 1
                Quorate Set: { 1 2 }
                """, StatusReport.render(sim.node(1).state, sim.block(1), sim.config, "Mon Nov 23 09:30:00 2026"));
        assertEquals("""
                Time Stamp: t
                Node ID: 2
                Score: 0/0 (Minimum required = 0)
                Current state: Running
                Initializing Set: { }
                Visible Set: { 1 2 }
                Master Node ID: 1
                Quorate Set: { 1 2 }
                """, StatusReport.render(sim.node(2).state, sim.block(2), sim.config, "t"));
    }
}
