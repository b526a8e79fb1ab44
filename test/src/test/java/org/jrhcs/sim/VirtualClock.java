package org.jrhcs.sim;

/**
 * The simulation's only clock: milliseconds that move only when the scheduler runs the
 * next event. Starts at a fixed epoch so log lines and recorded times are the same on
 * every run of a seed.
 */
public final class VirtualClock {
    /** 2011-09-22 11:26:56 UTC, the moment of seed 002's clustat sample. */
    public static final long EPOCH = 1_316_690_816_000L;

    private long now = EPOCH;

    public long now() { return now; }

    /** Seconds since the start of the run, for traces. */
    public String elapsed() {
        long ms = now - EPOCH;
        return String.format("%d.%03d", ms / 1000, ms % 1000);
    }

    void advanceTo(long t) {
        if (t < now) throw new IllegalStateException("time went back: " + t + " < " + now);
        now = t;
    }
}
