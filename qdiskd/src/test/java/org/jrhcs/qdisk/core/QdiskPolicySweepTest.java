package org.jrhcs.qdisk.core;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Seeded sweep over the in-memory disk: hangs, crashes with restart, clean stops, torn and
 * foreign blocks, score drops and 2-way cman partitions, chosen by one seed. After every
 * cycle: at most one master whose block still says so; once no fault has happened for
 * long enough to detect a dead master and elect a new one (tko + master_wait + upgrade_wait
 * + 3 cycles), exactly one master exists if any node scores well enough, and the nodes
 * advertising the disk all lie in one cman partition. At every cycle of a partition, the
 * nodes told "available" since the cut lie in one half, whatever died meanwhile (a master's
 * death in the same window included: seed 16 found that before the fix). A node told
 * "available" before the cut is left to cman, which holds its transition open until the next
 * poll. A failure names its seed and cycle.
 */
class QdiskPolicySweepTest {
    static final int SEEDS = 150;
    static final int CYCLES = 150;

    @Test
    void invariantsHoldUnderRandomFaults() {
        for (long seed = 1; seed <= SEEDS; seed++) run(seed);
    }

    /** How many halves hold a live node whose cman was last told "available" (among {@code counted}). */
    private static int halvesAdvertising(QdiskSim sim, Set<Integer> groupA, java.util.function.Predicate<QdiskSim.Node> counted) {
        Set<Boolean> sides = new HashSet<>();
        for (QdiskSim.Node n : sim.nodes.values())
            if (n.running && !n.hung && n.fenced == null && n.advertise && counted.test(n)) sides.add(groupA.contains(n.id));
        return sides.size();
    }

    private static void run(long seed) {
        Random rnd = new Random(seed);
        int nodes = 3 + rnd.nextInt(4);
        QdiskConfig c = QdiskSim.config(6 + rnd.nextInt(5), false, true, rnd.nextBoolean(),
                rnd.nextBoolean() ? List.of() : List.of(new HeuristicSpec("h", 1, 2000, 1)));
        QdiskSim sim = new QdiskSim(c);
        for (int id = 1; id <= nodes; id++) sim.start(id);
        Set<Integer> groupA = null;
        int stableSince = 0;
        List<String> events = new ArrayList<>();
        int cutAt = 0;
        java.util.Map<Integer, Integer> lastPoll = new java.util.HashMap<>();
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            if (rnd.nextInt(100) < 6) {
                stableSince = cycle;
                int id = 1 + rnd.nextInt(nodes);
                QdiskSim.Node n = sim.node(id);
                switch (rnd.nextInt(6)) {
                    case 0 -> { n.hung = !n.hung; events.add(cycle + ": " + (n.hung ? "hang " : "resume ") + id); }
                    case 1 -> {
                        if (n.fenced != null || !n.running || rnd.nextBoolean()) {
                            sim.start(id).cmanView = n.cmanView;
                            events.add(cycle + ": restart " + id);
                        }
                    }
                    case 2 -> { if (n.running && !n.hung && n.fenced == null) { sim.shutdown(id); events.add(cycle + ": stop " + id); } }
                    case 3 -> {
                        byte[] b = sim.disk.get(id).clone();
                        b[rnd.nextInt(124)] ^= (byte) (1 + rnd.nextInt(255));
                        sim.disk.put(id, b);
                        events.add(cycle + ": tear " + id);
                    }
                    case 4 -> {
                        n.score = n.score == 0 ? c.maxScore() : 0;
                        events.add(cycle + ": score " + id + "=" + n.score);
                    }
                    default -> {
                        if (groupA == null) {
                            groupA = new HashSet<>();
                            for (int i = 1; i <= nodes; i++) if (rnd.nextBoolean()) groupA.add(i);
                            for (int i = 1; i <= nodes; i++) {
                                Set<Integer> view = new HashSet<>();
                                for (int j = 1; j <= nodes; j++) if (groupA.contains(i) == groupA.contains(j)) view.add(j);
                                sim.node(i).cmanView = view;
                            }
                            events.add(cycle + ": partition " + groupA);
                            cutAt = cycle;
                        } else {
                            groupA = null;
                            for (int i = 1; i <= nodes; i++) sim.node(i).cmanView = null;
                            events.add(cycle + ": heal");
                        }
                    }
                }
            }
            sim.cycle();
            for (QdiskSim.Node n : sim.nodes.values())
                if (n.running && !n.hung && n.fenced == null && n.polled) lastPoll.put(n.id, cycle);
            String where = "seed " + seed + ", cycle " + cycle + ", events " + events;
            List<Integer> masters = new ArrayList<>();
            for (QdiskSim.Node n : sim.nodes.values()) {
                if (!n.running || n.hung || n.fenced != null) continue;
                if (n.master() && sim.block(n.id) != null && sim.block(n.id).state() == NodeState.MASTER) masters.add(n.id);
            }
            if (masters.size() > 1) fail("two masters " + masters + " at " + where);
            boolean quiet = cycle - stableSince >= c.tko() + c.masterWait() + c.upgradeWait() + 3;
            boolean anyHealthy = sim.nodes.values().stream()
                    .anyMatch(n -> n.running && !n.hung && n.fenced == null && n.score >= c.minScore());
            if (quiet && anyHealthy && masters.size() != 1) fail("no master after a quiet period at " + where);
            // at every cycle: among the answers given since the cut, "available" in one half only
            int since = cutAt;
            if (groupA != null && halvesAdvertising(sim, groupA, n -> lastPoll.getOrDefault(n.id, 0) > since) > 1)
                fail("both cman partitions were told the disk is theirs since the cut at " + where);
            if (groupA != null && quiet && halvesAdvertising(sim, groupA, n -> true) > 1)
                fail("both cman partitions advertise the disk at " + where);
        }
    }
}
