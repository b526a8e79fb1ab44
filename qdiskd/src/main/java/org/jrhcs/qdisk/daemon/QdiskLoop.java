package org.jrhcs.qdisk.daemon;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.jrhcs.qdisk.core.CycleInput;
import org.jrhcs.qdisk.core.CycleOutcome;
import org.jrhcs.qdisk.core.LogLine;
import org.jrhcs.qdisk.core.QdiskConfig;
import org.jrhcs.qdisk.core.QdiskPolicy;
import org.jrhcs.qdisk.core.QdiskState;
import org.jrhcs.qdisk.core.SelfFenceReason;
import org.jrhcs.qdisk.core.StatusBlock;
import org.jrhcs.qdisk.core.TimeoutPolicy;
import org.jrhcs.qdisk.disk.Decoded;
import org.jrhcs.qdisk.disk.QdiskStore;
import org.jrhcs.qdisk.disk.StatusReads;
import org.jrhcs.log.Severity;

/**
 * The disk loop: every interval read all status blocks, run {@link QdiskPolicy#step}, and
 * carry out its outcome (writes, log lines, kills, cman poll, self-fence). A watchdog thread
 * applies io_timeout and paranoid, since a loop stuck in a write cannot notice its own stall.
 *
 * <p>Lifecycle: {@link #start} once; {@link #stop} writes the shutdown state (others then log
 * "Node N shutdown") and unregisters from cman. {@link #crash} stops without either, as a
 * killed process would. Threading: the policy and all I/O run on the loop thread only.
 */
public final class QdiskLoop {
    private volatile QdiskConfig config;
    private final QdiskStore store;
    private final QuorumDeviceSink cman;
    private final IntSupplier score;
    private final SelfFence selfFence;
    private final Consumer<LogLine> log;
    private final LongSupplier wallClock;
    private final String cmanName;
    private final Map<Integer, Decoded.Problem> reportedProblems = new HashMap<>();
    private final Thread thread;
    private final Thread watchdog;
    private volatile QdiskState state;
    private volatile CycleOutcome lastOutcome;
    private volatile boolean running;
    private volatile boolean cleanStop;
    private volatile boolean fenced;
    private volatile long cycleStartMs = TimeoutPolicy.NO_CYCLE;
    private volatile long lastWriteOkMs;
    private volatile boolean pollFailureLogged;
    /** Polls in a row that cman did not take. */
    private int pollFailures;
    private volatile Consumer<CycleOutcome> observer = o -> { };
    private volatile Consumer<String> statusSink;

    /**
     * @param nodeId     our node id
     * @param cmanName   the name registered with cman (cman_label, else the device)
     * @param score      our current heuristic score (read once per cycle)
     * @param wallClock  epoch milliseconds, stamped into blocks (timeouts use a monotonic clock, as
     *                   use_uptime="1" asks, so setting the system clock never fences a node)
     */
    public QdiskLoop(QdiskConfig config, int nodeId, QdiskStore store, QuorumDeviceSink cman, String cmanName,
                     IntSupplier score, SelfFence selfFence, Consumer<LogLine> log, LongSupplier wallClock) {
        this.config = config;
        this.store = store;
        this.cman = cman;
        this.cmanName = cmanName;
        this.score = score;
        this.selfFence = selfFence;
        this.log = log;
        this.wallClock = wallClock;
        this.state = QdiskState.initial(nodeId, Math.max(1, wallClock.getAsLong()) * 1000 + nodeId);
        this.thread = new Thread(this::loop, "qdiskd-disk-" + nodeId);
        this.watchdog = new Thread(this::watch, "qdiskd-watchdog-" + nodeId);
        watchdog.setDaemon(true);
    }

    /** Applies the options that may change while running (see {@link QdiskConfig#withRuntimeOptions}). */
    /**
     * Applies what qdisk(5) lets change at run time ({@link QdiskReload}); new votes are
     * registered with cman at once (the device keeps counting). Returns what changed and
     * what was left for a restart.
     */
    public QdiskReload.Outcome reconfigure(QdiskConfig newer) {
        QdiskReload.Outcome o = QdiskReload.of(config, newer);
        boolean votes = o.applied().votes() != config.votes();
        config = o.applied();
        if (votes) {
            try {
                cman.register(cmanName, config.votes());
            } catch (RuntimeException e) {
                log.accept(new LogLine(Severity.WARNING, "Cannot give cman the quorum device's new votes: " + e.getMessage()));
            }
        }
        return o;
    }

    public QdiskConfig config() { return config; }

    /** Called after every cycle with its outcome (tests, status). */
    public void setObserver(Consumer<CycleOutcome> o) { observer = o; }

    /** Receives the status_file text every cycle. */
    public void setStatusSink(Consumer<String> sink) { statusSink = sink; }

    public QdiskState state() { return state; }

    public CycleOutcome lastOutcome() { return lastOutcome; }

    public boolean isRunning() { return running; }

    public boolean fenced() { return fenced; }

    public void start() {
        running = true;
        lastWriteOkMs = monotonicMs();
        try {
            cman.register(cmanName, config.votes());
        } catch (RuntimeException e) {
            log.accept(new LogLine(Severity.WARNING, "Cannot register the quorum device with cman yet: "
                    + e.getMessage() + "; will retry"));
        }
        thread.start();
        watchdog.start();
    }

    /** A clean stop: finish the cycle, write the shutdown state, unregister. */
    public void stop() throws InterruptedException {
        cleanStop = true;
        running = false;
        LockSupport.unpark(thread);
        thread.join();
    }

    /** Stops writing at once, as if the process had died (tests: a crashed or hung node). */
    public void crash() throws InterruptedException {
        running = false;
        LockSupport.unpark(thread);
        thread.join();
    }

    /** Waits until the loop ends by itself (self-fence in a test, too many I/O errors) or is stopped. */
    public void awaitTermination() throws InterruptedException { thread.join(); }

    private void loop() {
        long intervalNs = config.intervalMs() * 1_000_000L;
        long next = System.nanoTime();
        long lastCycleMicros = 0;
        int errorCycles = 0;
        long previousStepMs = -1;
        while (running) {
            long t0 = System.nanoTime();
            cycleStartMs = monotonicMs();
            boolean ioError = false;
            CycleOutcome out = null;
            StatusReads read = null;
            try {
                Map<Integer, Decoded<StatusBlock>> decoded = store.readStatusBlocks();
                decoded.forEach((node, d) -> report(node, d.problem()));
                read = StatusReads.of(decoded);
            } catch (IOException e) {
                ioError = true;
                log.accept(new LogLine(Severity.ERR, "Error reading status blocks from " + store.name() + ": " + e.getMessage()));
            }
            Set<Integer> judged = null;
            if (!ioError) {
                judged = members();
                long sincePrevious = previousStepMs < 0 ? 0 : cycleStartMs - previousStepMs;
                previousStepMs = cycleStartMs;
                out = QdiskPolicy.step(state, new CycleInput(wallClock.getAsLong(), read.blocks(), score.getAsInt(),
                        judged, lastCycleMicros, sincePrevious, read.unreadable(), cycleStartMs - lastWriteOkMs), config);
                if (out.selfFence() == null) {
                    try {
                        for (StatusBlock b : out.writes()) store.write(b);
                        lastWriteOkMs = monotonicMs();
                    } catch (IOException e) {
                        ioError = true;
                        log.accept(new LogLine(Severity.ERR, "Error writing to " + store.name() + ": " + e.getMessage()));
                    }
                }
                out.logs().forEach(log);
                if (out.selfFence() != null) {
                    fence(out.selfFence());
                    return;
                }
                state = out.next();
                lastOutcome = out;
                for (int n : out.kills()) {
                    try {
                        cman.kill(n);
                    } catch (RuntimeException e) {
                        log.accept(new LogLine(Severity.WARNING, "Cannot ask cman to kill node " + n + ": " + e.getMessage()));
                    }
                }
            }
            if (ioError) {
                // qdisk(5): after an I/O error we do not tell cman we are alive this cycle; once
                // no write has completed for half of interval * tko, we tell it "unavailable".
                errorCycles++;
                CycleOutcome e = QdiskPolicy.ioErrorCycle(state, config, monotonicMs() - lastWriteOkMs);
                e.logs().forEach(log);
                state = e.next();
                if (e.pollCman()) pollQuietly(false, null);
                if (TimeoutPolicy.tooManyErrors(config, errorCycles)) {
                    log.accept(new LogLine(Severity.CRIT, "Too many I/O errors (" + errorCycles
                            + " cycles in a row); giving up the quorum disk"));
                    pollQuietly(false, null);
                    running = false;
                    break;
                }
            } else {
                errorCycles = 0;
                // A cycle that stalled between its read and here (SIGSTOP, a slow write) judged
                // a disk the others may have moved on from: its "available" is not sent.
                boolean stalled = TimeoutPolicy.votesAtRisk(config, monotonicMs() - cycleStartMs);
                if (out.pollCman()) pollQuietly(out.advertise() && !stalled, judged);
                Consumer<String> s = statusSink;
                if (s != null && !out.writes().isEmpty()) s.accept(org.jrhcs.qdisk.core.StatusReport.render(
                        state, out.writes().get(0), config, new java.util.Date(wallClock.getAsLong()).toString()));
                observer.accept(out);
            }
            lastCycleMicros = (System.nanoTime() - t0) / 1000;
            cycleStartMs = TimeoutPolicy.NO_CYCLE;
            next += intervalNs;
            long now = System.nanoTime();
            if (next < now) next = now; // overran: start the next cycle at once, do not try to catch up
            while (running && (now = System.nanoTime()) < next) LockSupport.parkNanos(next - now);
        }
        if (cleanStop && !fenced) {
            try {
                store.write(QdiskPolicy.shutdownBlock(state, config, wallClock.getAsLong()));
            } catch (IOException e) {
                log.accept(new LogLine(Severity.ERR, "Error writing shutdown state to " + store.name() + ": " + e.getMessage()));
            }
            try {
                cman.poll(false, null);
                cman.unregister();
            } catch (RuntimeException e) {
                log.accept(new LogLine(Severity.WARNING, "Cannot unregister the quorum device from cman: " + e.getMessage()));
            }
        }
    }

    private void watch() {
        long step = Math.max(10, config.intervalMs() / 2);
        while (running && !fenced) {
            SelfFenceReason r = TimeoutPolicy.check(config, monotonicMs(), cycleStartMs, lastWriteOkMs);
            if (r != null) {
                fence(r);
                return;
            }
            LockSupport.parkNanos(step * 1_000_000L);
        }
    }

    private synchronized void fence(SelfFenceReason r) {
        if (fenced) return;
        fenced = true;
        running = false;
        log.accept(new LogLine(Severity.CRIT, "Removing this node from the cluster: " + r.description()));
        selfFence.fence(r);
    }

    private static long monotonicMs() { return System.nanoTime() / 1_000_000; }

    private Set<Integer> members() {
        try {
            return cman.members();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void pollQuietly(boolean available, Set<Integer> judged) {
        try {
            cman.poll(available, judged);
            if (pollFailureLogged) {
                pollFailureLogged = false;
                log.accept(new LogLine(Severity.INFO, "cman accepts quorum device polls again"));
            }
            pollFailures = 0;
        } catch (RuntimeException e) {
            if (!pollFailureLogged) {
                pollFailureLogged = true;
                log.accept(new LogLine(Severity.WARNING, "Cannot poll cman: " + e.getMessage()));
            }
            if (TimeoutPolicy.cmanGone(config, ++pollFailures)) {
                log.accept(new LogLine(Severity.ERR, "cman has not answered for " + pollFailures
                        + " cycles; qdiskd is leaving the quorum disk"));
                cleanStop = true;
                running = false;
            }
        }
    }

    /** Logs a torn or foreign block once when it appears and once when it heals. */
    private void report(int node, Decoded.Problem p) {
        Decoded.Problem before = reportedProblems.get(node);
        if (p == before) return;
        if (p == null) {
            reportedProblems.remove(node);
            log.accept(new LogLine(Severity.INFO, "Status block for node " + node + " is readable again"));
        } else {
            reportedProblems.put(node, p);
            log.accept(new LogLine(Severity.WARNING, "Ignoring status block for node " + node + ": " + p.text()));
        }
    }
}
