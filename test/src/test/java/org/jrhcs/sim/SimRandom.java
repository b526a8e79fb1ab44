package org.jrhcs.sim;

import java.util.List;
import java.util.SplittableRandom;

/** The one source of randomness of a run: every jitter, fault and tie comes from the seed. */
public final class SimRandom {
    private final SplittableRandom random;

    public SimRandom(long seed) { this.random = new SplittableRandom(seed); }

    public int nextInt(int bound) { return random.nextInt(bound); }

    /** Uniform in [lo, hi]. */
    public long between(long lo, long hi) { return lo + random.nextLong(hi - lo + 1); }

    public boolean chance(double p) { return random.nextDouble() < p; }

    public <T> T pick(List<T> items) { return items.get(random.nextInt(items.size())); }
}
