package org.jrhcs.qdisk.daemon;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jrhcs.qdisk.core.HeuristicPolicy;
import org.jrhcs.qdisk.core.HeuristicSpec;
import org.jrhcs.qdisk.core.LogLine;

/**
 * Runs every heuristic with {@code sh -c} (as RHCS: the program is a shell command line) in
 * a clean environment ({@link org.jrhcs.client.ChildEnvironment}) on its own thread, every interval, so a slow or hung
 * heuristic never delays the disk loop nor another heuristic. The disk loop only reads
 * {@link #score()}. A run that outlives its interval is killed and counts as failed.
 */
public final class HeuristicRunner implements AutoCloseable {
    private final List<HeuristicSpec> specs;
    private final Map<String, String> env;
    private final Consumer<LogLine> log;
    private final HeuristicPolicy.State[] states;
    private final CountDownLatch firstResults;
    private final boolean[] counted;
    private final ScheduledExecutorService pool;

    public HeuristicRunner(List<HeuristicSpec> specs, Map<String, String> env, Consumer<LogLine> log) {
        this.specs = List.copyOf(specs);
        this.env = Map.copyOf(env);
        this.log = log;
        this.states = new HeuristicPolicy.State[specs.size()];
        java.util.Arrays.fill(states, HeuristicPolicy.State.INITIAL);
        this.firstResults = new CountDownLatch(specs.size());
        this.counted = new boolean[specs.size()];
        this.pool = Executors.newScheduledThreadPool(Math.max(1, specs.size()), r -> {
            Thread t = new Thread(r, "qdiskd-heuristic");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        for (int i = 0; i < specs.size(); i++) {
            int idx = i;
            pool.scheduleWithFixedDelay(() -> runOnce(idx), 0, specs.get(i).intervalMs(), TimeUnit.MILLISECONDS);
        }
    }

    /** Waits until every heuristic finished one run (or the timeout passed). */
    public boolean awaitFirstResults(long timeoutMs) throws InterruptedException {
        return firstResults.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** The sum of the scores of the heuristics that are up. */
    public synchronized int score() {
        int s = 0;
        for (int i = 0; i < specs.size(); i++) if (states[i].up()) s += specs.get(i).score();
        return s;
    }

    private void runOnce(int idx) {
        HeuristicSpec h = specs.get(idx);
        boolean ok = run(h);
        HeuristicPolicy.Result r;
        synchronized (this) {
            r = HeuristicPolicy.step(h, states[idx], ok);
            states[idx] = r.state();
        }
        r.log().ifPresent(log);
        if (!counted[idx]) { // only this heuristic's own thread touches its slot
            counted[idx] = true;
            firstResults.countDown();
        }
    }

    private boolean run(HeuristicSpec h) {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", h.program())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        org.jrhcs.client.ChildEnvironment.apply(pb, env);
        Process p = null;
        try {
            p = pb.start();
            if (!p.waitFor(Math.max(1, h.intervalMs()), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            if (p != null) p.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override public void close() {
        pool.shutdownNow();
    }
}
