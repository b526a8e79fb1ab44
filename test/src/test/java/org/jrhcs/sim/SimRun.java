package org.jrhcs.sim;

import java.util.List;

/**
 * One seeded schedule from cold start to validation: the seed picks a cluster, boots it,
 * lets the nemesis loose for two minutes of virtual time, heals everything, and checks
 * that every service runs once within {@link #SETTLE_MS} of the heal.
 */
public final class SimRun {
    static final long WARMUP_MS = 40_000, CHAOS_MS = 120_000, SETTLE_MS = 150_000;

    /** The clusters a sweep draws from. */
    static SimConfig clusterFor(SimRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> SimConfig.seed000();
            case 1 -> SimConfig.generated(3, 3, 0, false, false, 0, 5000);
            case 2 -> SimConfig.generated(2, 2, 0, true, false, 0, 5000);
            case 3 -> SimConfig.generated(4, 4, 3, false, r.chance(0.5), 0, 12_000);
            case 4 -> SimConfig.generated(5, 3, 0, false, false, 3, 5000);
            default -> SimConfig.generated(2, 1, 1, false, false, 0, 12_000);
        };
    }

    public interface Setup { void apply(SimCluster c); }

    /** Runs seed {@code seed}; returns the cluster (for stats) or throws {@link SimViolation}. */
    public static SimCluster run(long seed, Setup setup) { return run(seed, setup, null); }

    public static SimCluster run(long seed, Setup setup, java.util.Set<String> faults) {
        SimConfig config = clusterFor(new SimRandom(seed ^ 0x5DEECE66DL));
        SimCluster c = new SimCluster(config, seed);
        setup.apply(c);
        try {
            for (int i = 0; i < c.nodes.size(); i++) {
                int k = i;
                c.scheduler.after(c.random.between(0, 3000), null, () -> c.boot(k));
            }
            c.runFor(WARMUP_MS);
            Nemesis nemesis = new Nemesis(c, faults);
            nemesis.schedule(3 + c.random.nextInt(8), 0, CHAOS_MS);
            c.runFor(CHAOS_MS);
            nemesis.healAll();
            c.runFor(SETTLE_MS / 2);
            nemesis.operatorFixes();
            c.runFor(SETTLE_MS / 2);
            List<String> unplaced = c.unplaced();
            if (c.validateAtEnd && !unplaced.isEmpty())
                c.violate("validation: " + SETTLE_MS / 1000 + " s after the heal, services are not placed: " + unplaced
                        + "\nnodes at the end:\n" + c.nodeStates());
        } catch (SimViolation v) {
            throw v;
        }
        return c;
    }
}
