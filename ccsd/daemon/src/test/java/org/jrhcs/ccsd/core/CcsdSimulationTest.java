package org.jrhcs.ccsd.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jrhcs.ccsd.core.Effect.Reply;
import org.junit.jupiter.api.Test;

/**
 * Seeded random schedules of joins, departures, fast restarts and concurrent updates
 * over the total-order group, with the invariants checked once the group is quiet.
 * A failure prints its seed; rerun that one seed to debug it.
 */
class CcsdSimulationTest {
    static final int SCHEDULES = Integer.getInteger("ccsd.sim.schedules", 400);

    @Test
    void randomSchedulesKeepOneCopyEverywhere() {
        for (int seed = Integer.getInteger("ccsd.sim.first", 1); seed <= SCHEDULES; seed++) {
            try {
                run(seed);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    private static void run(long seed) {
        Random rnd = new Random(seed);
        CoreCluster c = new CoreCluster();
        Map<Integer, ConfigCopy> down = new HashMap<>();
        int nodes = 2 + rnd.nextInt(4);
        c.majorityOf = nodes;
        for (int id = 1; id <= nodes; id++) down.put(id, CcsdCoreTest.v(1 + rnd.nextInt(3), "start " + id));
        int nextVersion = 4;
        long request = 0;
        for (int step = 0; step < 60; step++) {
            int op = rnd.nextInt(10);
            if (op < 3 && !down.isEmpty()) {
                int id = List.copyOf(down.keySet()).get(rnd.nextInt(down.size()));
                ConfigCopy disk = down.remove(id);
                if (rnd.nextBoolean()) c.join(id, disk); else c.joinAhead(id, disk);
            } else if (op < 4 && c.cores.size() > 1) {
                int id = List.copyOf(c.cores.keySet()).get(rnd.nextInt(c.cores.size()));
                c.leave(id);
                down.put(id, c.disks.get(id));
            } else if (op < 8 && !c.cores.isEmpty()) {
                int id = List.copyOf(c.cores.keySet()).get(rnd.nextInt(c.cores.size()));
                // sometimes two proposals of the same version race
                int version = rnd.nextInt(4) == 0 ? nextVersion - 1 : nextVersion++;
                c.request(id, ++request, CcsdCoreTest.v(version, "from " + id + " #" + request));
            }
            for (int i = rnd.nextInt(6); i > 0; i--) c.step();
        }
        c.settle();
        // Everybody comes back.
        for (int id = 1; id <= nodes; id++)
            if (!c.cores.containsKey(id)) c.join(id, c.disks.containsKey(id) ? c.disks.get(id) : down.get(id));
        c.settle();

        // Every running member is in sync and holds the same copy, on disk and served.
        ConfigCopy agreed = null;
        for (Map.Entry<Integer, CcsdCore> e : c.cores.entrySet()) {
            CcsdCore core = e.getValue();
            int id = e.getKey();
            if (!core.synced()) continue; // a core that joined before any view reached it
            if (agreed == null) agreed = core.cluster();
            assertEquals(agreed, core.cluster(), "node " + id + " holds another copy\n" + String.join("\n", c.trace));
            assertEquals(agreed, c.disks.get(id), "node " + id + " disk");
            assertEquals(agreed, c.served(id), "node " + id + " serves");
        }
        assertTrue(c.cores.values().stream().allMatch(CcsdCore::synced), "every member in sync once the group is quiet\n"
                + String.join("\n", c.trace));

        // No running ccsd ever went back to an older version after its first publication.
        for (Map.Entry<Integer, List<ConfigCopy>> e : c.published.entrySet()) {
            if (!c.cores.containsKey(e.getKey())) continue;
            int last = 0;
            for (ConfigCopy p : e.getValue()) {
                assertTrue(p.version() > last || p.equals(e.getValue().get(0)),
                        "node " + e.getKey() + " went from " + last + " to " + p.version());
                last = p.version();
            }
        }

        // Every request of a node that stayed up got exactly one answer.
        for (Map.Entry<Integer, CcsdCore> e : c.cores.entrySet()) {
            List<Reply> replies = c.replies.get(e.getKey());
            List<Long> ids = new ArrayList<>();
            for (Reply r : replies) {
                assertFalse(ids.contains(r.request()), "two answers to request " + r.request());
                ids.add(r.request());
            }
        }
    }
}
