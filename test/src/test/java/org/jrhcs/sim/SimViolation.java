package org.jrhcs.sim;

/**
 * The checker's verdict: which invariant broke, when, and the events that led there.
 * The message names the seed and the command that replays it.
 */
public final class SimViolation extends RuntimeException {
    private final long seed;
    private final String what;

    public SimViolation(long seed, String config, String at, String what, String trace) {
        super("seed " + seed + " (" + config + ") at t=" + at + "s: " + what
                + "\nreplay: mvn -q -B -o -pl test test -Dtest=SimSweepTest#replay -Dsim.seed=" + seed
                + "\nlast events:\n" + trace);
        this.seed = seed;
        this.what = what;
    }

    public long seed() { return seed; }

    public String what() { return what; }
}
