package org.jrhcs.sim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.PriorityQueue;

/**
 * Runs events in (time, sequence) order: events at the same virtual time run in the
 * order they were scheduled, so one seed gives one schedule. After every event the
 * {@link #afterEach} hook runs (the invariant checker). The last events are kept in a
 * bounded trace for failure reports.
 *
 * <p>Threading: one thread; nothing here blocks or sleeps.
 */
public final class SimScheduler {
    private record Event(long time, long seq, String label, Runnable action) {}

    private final VirtualClock clock;
    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) ->
            a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
    private final Deque<String> trace = new ArrayDeque<>();
    private final int traceLimit;
    private long seq;
    private long executed;
    private Runnable afterEach = () -> { };

    public SimScheduler(VirtualClock clock, int traceLimit) {
        this.clock = clock;
        this.traceLimit = traceLimit;
    }

    public void afterEach(Runnable hook) { this.afterEach = hook; }

    /** Runs {@code action} at virtual time {@code at} (not before now). */
    public void at(long at, String label, Runnable action) {
        queue.add(new Event(Math.max(at, clock.now()), seq++, label, action));
    }

    public void after(long delayMs, String label, Runnable action) { at(clock.now() + delayMs, label, action); }

    /** Runs every event up to and including time {@code until}; the clock ends at {@code until}. */
    public void runUntil(long until) {
        Event e;
        while ((e = queue.peek()) != null && e.time <= until) {
            queue.poll();
            clock.advanceTo(e.time);
            note(e.label);
            executed++;
            e.action.run();
            afterEach.run();
        }
        clock.advanceTo(Math.max(clock.now(), until));
    }

    /** Appends a line to the trace (events, nemesis actions). */
    public void note(String line) {
        if (line == null) return;
        trace.addLast(clock.elapsed() + " " + line);
        while (trace.size() > traceLimit) trace.removeFirst();
    }

    public String trace() { return String.join("\n", trace); }

    public long executed() { return executed; }
}
