package org.jrhcs.qdisk.core;

import java.util.Optional;

/**
 * One heuristic's up/down bookkeeping: after {@code tko} consecutive failures it is down and
 * its score no longer counts; one success brings it back. A heuristic that has not finished
 * its first run counts as down (qdiskd waits for first results before its first cycle).
 */
public final class HeuristicPolicy {
    private HeuristicPolicy() {}

    /**
     * @param up       counts towards the score
     * @param failures consecutive failed runs
     * @param ran      finished at least one run
     */
    public record State(boolean up, int failures, boolean ran) {
        public static final State INITIAL = new State(false, 0, false);
    }

    public record Result(State state, Optional<LogLine> log) {}

    /** @param succeeded the program exited 0 within its interval */
    public static Result step(HeuristicSpec h, State s, boolean succeeded) {
        String name = "Heuristic: '" + h.program() + "'";
        if (succeeded) {
            boolean announce = !s.up() && s.ran();
            return new Result(new State(true, 0, true),
                    announce ? Optional.of(LogLine.notice(name + " UP")) : Optional.empty());
        }
        int failures = s.failures() + 1;
        if (!s.ran()) {
            return new Result(new State(false, failures, true), Optional.of(LogLine.info(name + " failed at start")));
        }
        if (s.up() && failures >= h.tko()) {
            return new Result(new State(false, failures, true),
                    Optional.of(LogLine.warning(name + " DOWN (" + failures + "/" + h.tko() + ")")));
        }
        Optional<LogLine> l = s.up() ? Optional.of(LogLine.info(name + " missed (" + failures + "/" + h.tko() + ")"))
                : Optional.empty();
        return new Result(new State(s.up(), failures, true), l);
    }
}
