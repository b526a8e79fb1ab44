package org.jrhcs.fence.daemon;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jrhcs.client.ipc.IpcException;
import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.client.ipc.IpcServer;
import org.jrhcs.fence.client.FencedClient;
import org.jrhcs.cman.client.GroupView;
import org.jrhcs.fence.agent.AgentResult;
import org.jrhcs.fence.agent.AgentRunner;
import org.jrhcs.fence.agent.NodeFencer;
import org.jrhcs.fence.core.Effect;
import org.jrhcs.fence.core.FenceConfig;
import org.jrhcs.fence.core.FenceCore;
import org.jrhcs.fence.core.FenceEvent;
import org.jrhcs.fence.core.FenceMessage;
import org.jrhcs.fence.core.Input;
import org.jrhcs.fence.core.NodeFencing;
import org.jrhcs.fence.core.Outcome;
import org.jrhcs.fence.wire.FenceWire;
import org.jrhcs.log.Severity;

/**
 * The fenced mechanism around {@link FenceCore}: one loop thread owns the core and feeds
 * it group views, delivered messages, agent results, operator commands and wake-ups; it
 * carries out the effects (log, send to the group, run an agent on the agent thread).
 *
 * <p>Threading: group events arrive on cman's delivery thread, commands on socket
 * threads; all are queued to the loop. Agents run one at a time on their own thread so
 * a hung agent never stops the loop (it is killed at its timeout).
 */
public final class FencedDaemon {

    /** Where log lines go (ClusterLog in the daemon, a list in tests). */
    public interface LogSink {
        void log(Severity severity, String text);
    }

    private record Task(Input input, Function<FenceCore, Object> query, CompletableFuture<Object> reply) {}

    private static final Object STOP = new Object();
    /** cman's membership changed: a wake-up now (a {@link Input.Tick} with fresh membership). */
    private static final Object MEMBERSHIP_CHANGED = new Object();
    private static final int DUMP_LINES = 500;

    private final int localNodeId;
    private final String localName;
    private final DomainGroup group;
    private final AgentRunner runner;
    private final LogSink sink;
    private final LongSupplier clock;
    private final FenceCore core;
    private volatile FenceConfig config;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final ExecutorService agentThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fence-agent");
        t.setDaemon(true);
        return t;
    });
    private final Deque<String> dump = new ArrayDeque<>();
    private final FenceNotifier notifier = new FenceNotifier();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private volatile boolean joined;
    private volatile long lastViewAt;
    private Thread loop;
    private volatile AutoCloseable membershipWatch;
    private ConfigWatcher watcher;

    public FencedDaemon(FenceConfig config, int localNodeId, String localName, DomainGroup group, AgentRunner runner,
                        LogSink sink, LongSupplier clock) {
        this.config = config;
        this.localNodeId = localNodeId;
        this.localName = localName;
        this.group = group;
        this.runner = runner;
        this.sink = sink;
        this.clock = clock;
        this.core = new FenceCore(config, localNodeId);
    }

    /** Re-reads cluster.conf before each decision when it changed (the daemon; tests leave it off). */
    FencedDaemon watch(ConfigWatcher w) {
        this.watcher = w;
        return this;
    }

    public FencedDaemon start() {
        loop = new Thread(this::run, "fenced-loop");
        loop.start();
        return this;
    }

    /** Completes with the exit status when the daemon stops (leave: 0, cman gone: 1). */
    public CompletableFuture<Integer> exit() { return exit; }

    public int localNodeId() { return localNodeId; }

    public String localName() { return localName; }

    // ---- commands (any thread) ----

    /** Unfences this node when {@code <unfence>} is configured, then joins the fence domain. */
    public synchronized void join() {
        if (joined) return;
        NodeFencing self = config.node(localNodeId).orElse(null);
        if (self != null && !self.unfence().isEmpty()) {
            NodeFencer.Result r = new NodeFencer(runner).unfence(self, rep -> {
                if (!rep.result().ok()) log(Severity.ERR, rep.line("unfence"));
            });
            log(r == NodeFencer.Result.SUCCESS ? Severity.INFO : Severity.ERR, "unfence " + localName + " "
                    + (r == NodeFencer.Result.SUCCESS ? "success" : "failed"));
        }
        group.join(new DomainGroup.Listener() {
            @Override public void onView(GroupView view) {
                lastViewAt = clock.getAsLong();
                Map<Integer, Long> members;
                try {
                    members = group.clusterMembers();
                } catch (RuntimeException e) {
                    members = Map.of(); // unknown: every failed node counts as gone (fencing is the safe side)
                }
                queue.add(new Task(new Input.ViewChanged(view, members), null, null));
            }

            @Override public void onMessage(int from, IpcMessage payload) {
                try {
                    FenceMessage m = FenceWire.decode(payload);
                    if (m == null) log(Severity.WARNING, "ignoring unknown fence domain message from node " + from + ": " + payload);
                    else queue.add(new Task(new Input.Delivered(from, m), null, null));
                } catch (RuntimeException e) {
                    log(Severity.WARNING, "ignoring malformed fence domain message from node " + from + ": " + e.getMessage());
                }
            }

            @Override public void onDisconnect(String reason) {
                if (!joined) return;
                log(Severity.ERR, "cluster is down, exiting (" + reason + ")");
                stop(1);
            }
        });
        joined = true;
        try {
            membershipWatch = group.watchMembership(() -> queue.add(MEMBERSHIP_CHANGED));
        } catch (RuntimeException e) {
            log(Severity.WARNING, "no membership events from cman (" + e.getMessage() + "); a held victim is fenced at the next "
                    + FenceCore.MEMBERSHIP_RECHECK_MS + " ms re-read of the membership");
        }
    }

    /** Leaves the domain cleanly and stops the daemon. */
    public void leave() {
        call(new Task(null, c -> {
            joined = false;
            group.leave();
            return Boolean.TRUE;
        }, new CompletableFuture<>()));
        stop(0);
    }

    /**
     * SIGTERM (service stop, cluster-sandbox stop): leave the domain cleanly so the others
     * see a leave, not a failure, and fence nobody; then stop.
     */
    public void terminate() {
        synchronized (this) {
            if (joined) {
                joined = false;
                try {
                    group.leave();
                } catch (RuntimeException e) {
                    // cman already gone: the others see cman's own leave
                }
            }
        }
        stop(0);
    }

    /** fence_ack_manual: null when accepted, else why not. */
    public String ackManual(String node) {
        return ((Outcome) call(new Task(new Input.AckManual(node), null, new CompletableFuture<>()))).refusal();
    }

    /** Queues a domain fence of {@code node} (qdiskd, cman, fence_node -w0); null or why not. */
    public String requestFence(String node) {
        return ((Outcome) call(new Task(new Input.RequestFence(node), null, new CompletableFuture<>()))).refusal();
    }

    /** fence_node through the daemon: one pass now; success is announced to the domain. */
    public NodeFencer.Result fenceNow(String node, List<String> report) {
        NodeFencing n = config.node(node).orElse(null);
        if (n == null) return NodeFencer.Result.UNDEFINED;
        log(Severity.INFO, "fencing node \"" + node + "\"");
        NodeFencer.Result r = new NodeFencer(runner).fence(n, rep -> {
            report.add(rep.line("fence"));
            if (!rep.result().ok()) logFailure(rep.call().agent(), rep.result(), rep.line("fence"));
        });
        log(r == NodeFencer.Result.SUCCESS ? Severity.INFO : Severity.ERR,
                "fence \"" + node + "\" " + (r == NodeFencer.Result.SUCCESS ? "success" : r == NodeFencer.Result.UNDEFINED ? "undefined" : "failed"));
        if (r == NodeFencer.Result.SUCCESS) call(new Task(new Input.FencedHere(node), null, new CompletableFuture<>()));
        return r;
    }

    /** Runs {@code q} on the loop thread (the core is not thread-safe). */
    @SuppressWarnings("unchecked")
    public <T> T query(Function<FenceCore, T> q) {
        return (T) call(new Task(null, (Function<FenceCore, Object>) (Function<?, ?>) q, new CompletableFuture<>()));
    }

    /**
     * A subscriber on {@code conn}: its first message is every configured node's state now,
     * then one event per change. Built on the loop thread, in one step with the
     * registration, so no change falls between the two.
     */
    void subscribe(IpcServer.Connection conn) {
        query(c -> {
            List<Map<String, String>> nodes = new ArrayList<>();
            for (String name : c.configuredNames()) nodes.add(lastFence(c, name).fields());
            notifier.add(FenceNotifier.Sink.of(conn), IpcMessage.ok().putList("node", nodes));
            return Boolean.TRUE;
        });
    }

    /** What {@code fenced_last} answers about {@code name} (call on the loop thread: {@link #query}). */
    static FencedClient.LastFence lastFence(FenceCore c, String name) {
        return new FencedClient.LastFence(name, c.lastFencedTime(name), c.lastFencedHow(name), c.isVictim(name));
    }

    int subscribers() { return notifier.count(); }

    public List<String> dump() {
        synchronized (dump) { return new ArrayList<>(dump); }
    }

    /** Stops the loop and completes {@link #exit()} with {@code status}. */
    public void stop(int status) {
        AutoCloseable w = membershipWatch;
        membershipWatch = null;
        if (w != null) {
            try {
                w.close();
            } catch (Exception ignored) {
                // the subscription's connection is going anyway
            }
        }
        queue.add(STOP);
        agentThread.shutdownNow();
        exit.complete(status);
    }

    private Object call(Task t) {
        if (exit.isDone()) throw new IpcException("fenced is shutting down");
        queue.add(t);
        try {
            return t.reply().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcException("interrupted");
        } catch (ExecutionException e) {
            throw new IpcException(String.valueOf(e.getCause().getMessage()));
        } catch (TimeoutException e) {
            throw new IpcException("fenced did not answer within 30 s");
        }
    }

    // ---- the loop ----

    private void run() {
        long wakeAt = Long.MAX_VALUE;
        while (true) {
            Object next;
            try {
                long now = clock.getAsLong();
                long wait = wakeAt == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, wakeAt - now);
                next = wait == Long.MAX_VALUE ? queue.take() : queue.poll(wait, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (next == STOP) break;
            Task t = next == MEMBERSHIP_CHANGED ? null : (Task) next;
            try {
                if (t != null && t.query() != null) {
                    t.reply().complete(t.query().apply(core));
                    continue;
                }
                Input in = t != null ? t.input() : new Input.Tick(clusterMembersOrEmpty());
                if (watcher != null && (in instanceof Input.Tick || in instanceof Input.ViewChanged)) reload();
                Outcome o = core.handle(in, clock.getAsLong());
                execute(o);
                wakeAt = o.wakeAt();
                if (t != null && t.reply() != null) t.reply().complete(o);
            } catch (RuntimeException e) {
                // a bug, not an input problem: say so loudly and keep fencing
                log(Severity.ERR, "internal error: " + e);
                if (t != null && t.reply() != null) t.reply().completeExceptionally(e);
            }
        }
        // fail whatever still waits for an answer
        Object o;
        while ((o = queue.poll()) != null)
            if (o instanceof Task t && t.reply() != null) t.reply().completeExceptionally(new IpcException("fenced stopped"));
    }

    private void reload() {
        FenceConfig fresh = watcher.changed(this::log);
        if (fresh == null) return;
        config = fresh;
        execute(core.handle(new Input.ConfigChanged(fresh), clock.getAsLong()));
        log(Severity.INFO, "fencing config reloaded");
    }

    private Map<Integer, Long> clusterMembersOrEmpty() {
        try {
            return group.clusterMembers();
        } catch (RuntimeException e) {
            // unknown membership: treat every victim as still absent (fencing is the safe side)
            return Map.of();
        }
    }

    private void execute(Outcome o) {
        for (Effect e : o.effects()) {
            if (e instanceof Effect.Log l) log(l.level(), l.text());
            else if (e instanceof Effect.Send s) send(s.message());
            else if (e instanceof Effect.RunAgent r) runAgent(r);
            else if (e instanceof Effect.Notify n) notifier.publish(update(n.event()).toMessage());
        }
    }

    private static FencedClient.FenceUpdate update(FenceEvent e) {
        return new FencedClient.FenceUpdate(new FencedClient.LastFence(e.name(), e.time(), e.how(), e.pending()),
                e.result().word(), e.by());
    }

    private void send(FenceMessage m) {
        try {
            group.send(FenceWire.encode(m));
        } catch (RuntimeException e) {
            log(Severity.ERR, "cannot send to the fence domain: " + e.getMessage());
        }
    }

    private void runAgent(Effect.RunAgent r) {
        long since = lastViewAt;
        agentThread.execute(() -> {
            // the sequencer starts nothing else until this attempt's AgentDone: it must come, whatever happens
            Input.AgentDone done;
            try {
                long start = clock.getAsLong();
                log(Severity.DEBUG, "agent " + r.call().agent() + " for " + r.victim() + " starting "
                        + (start - since) + " ms after the last domain view");
                AgentResult res = runner.run(r.call(), r.victim(), AgentRunner.DEFAULT_ACTION);
                log(Severity.DEBUG, "agent " + r.call().agent() + " for " + r.victim() + " finished in " + res.millis() + " ms: " + res.text());
                if (!res.ok()) logFailure(r.call().agent(), res, null);
                done = new Input.AgentDone(r.attempt(), res.ok(), res.text());
            } catch (RuntimeException e) {
                log(Severity.ERR, "internal error running " + r.call().agent() + " for " + r.victim() + ": " + e);
                done = new Input.AgentDone(r.attempt(), false, "internal error: " + e);
            }
            queue.add(new Task(done, null, null));
        });
    }

    private void logFailure(String agent, AgentResult res, String summary) {
        if (summary != null) log(Severity.ERR, summary);
        int n = 0;
        for (String line : res.output().split("\n")) {
            if (line.isBlank()) continue;
            if (++n > 20) {
                log(Severity.ERR, agent + ": ...");
                break;
            }
            log(Severity.ERR, agent + ": " + line.strip());
        }
    }

    void log(Severity s, String text) {
        sink.log(s, text);
        synchronized (dump) {
            dump.addLast(s.text() + " " + text);
            while (dump.size() > DUMP_LINES) dump.removeFirst();
        }
    }
}
