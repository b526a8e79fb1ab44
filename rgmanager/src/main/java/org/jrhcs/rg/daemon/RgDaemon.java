package org.jrhcs.rg.daemon;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.client.ipc.IpcServer;
import org.jrhcs.cman.client.GroupView;
import org.jrhcs.cman.client.ProcessGroup;
import org.jrhcs.rg.client.RgClient;
import org.jrhcs.rg.core.placement.PlacementScenario;
import org.jrhcs.rg.core.placement.Trigger;
import org.jrhcs.rg.core.state.Effect;
import org.jrhcs.rg.core.state.GroupMessage;
import org.jrhcs.rg.core.state.Input;
import org.jrhcs.rg.core.state.RgCore;
import org.jrhcs.rg.core.state.ServiceSlot;
import org.jrhcs.rg.wire.RgWire;

/**
 * The rgmanager daemon's mechanism around {@link RgCore}: one loop thread feeds the core
 * every input (group views and messages, agent results, timers, client requests) and
 * carries out the effects it returns. Agents run on worker threads, one operation at a
 * time per service; the status checker and the fence poller run on a timer thread and
 * only enqueue inputs. Clients read a snapshot the loop publishes after every input.
 */
public final class RgDaemon implements AutoCloseable {
    public static final String GROUP = "rgmanager";

    /**
     * Timing of the mechanism.
     *
     * @param tickMs           how often the decision maker re-evaluates on its own (catches
     *                         anything no event announced); default 5 s
     * @param checkScanMs      how often the status checker looks for services that are due;
     *                         the agents' intervals decide when each is checked
     * @param fencePollMs      how often the decision maker asks about failed nodes on its own.
     *                         Takeover does not wait on it: fenced's events wake the decision
     *                         maker at once ({@link FenceOracle#watch}), and so does a new
     *                         failed node or mastership. The poll is the fallback for when no
     *                         event can come (no subscription: fenced restarting, or it
     *                         dropped events), so it can be slow; default 2 s
     * @param requestTimeoutMs how long a client request may wait for its answer
     * @param shutdownTimeoutMs how long a clean stop waits for the others to take over
     *                         before it stops what is left itself
     */
    public record Settings(long tickMs, long checkScanMs, long fencePollMs, long requestTimeoutMs,
                           long shutdownTimeoutMs) {
        public static Settings defaults() { return new Settings(5000, 1000, 2000, 600_000, 120_000); }
    }

    /** What clients see: published by the loop after every input. */
    public record Published(int master, List<Integer> members, List<ServiceSlot> services, boolean locked,
                            boolean isMaster, Set<String> awaitingFence, Map<String, Long> fenceBound, List<String> toCheck,
                            List<String> ownedHere, String debug) {}

    private final RgCore core;
    private final GroupPort.Connector connector;
    private final ServiceRunner runner;
    private final FenceOracle fence;
    private final RgLog log;
    private final ClusterRoot root;
    private final LongSupplier clock;
    private final Settings settings;
    private final PlanRecorder recorder;
    private volatile ConfigSource configSource = ConfigSource.NONE;

    private final BlockingQueue<Input> inbox = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Effect.Reply>> pending = new ConcurrentHashMap<>();
    private final AtomicLong requestSeq = new AtomicLong();
    private final Map<String, CompletableFuture<Void>> chains = new ConcurrentHashMap<>();
    private final Map<String, Long> nextCheck = new ConcurrentHashMap<>();
    private final Set<String> checking = ConcurrentHashMap.newKeySet();
    private final ExecutorService agents = Executors.newCachedThreadPool(daemonThreads("rg-agent"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("rg-timer"));
    private final CountDownLatch left = new CountDownLatch(1);
    private volatile Published published;
    private volatile GroupPort group;
    private volatile boolean closed;
    private Thread loop;
    private IpcServer readSocket, adminSocket;
    private AutoCloseable fenceWatch = () -> {};

    public RgDaemon(RgCore core, GroupPort.Connector connector, ServiceRunner runner, FenceOracle fence, RgLog log,
                    ClusterRoot root, LongSupplier clock, Settings settings) {
        this.core = core;
        this.connector = connector;
        this.runner = runner;
        this.fence = fence;
        this.log = log;
        this.root = root;
        this.clock = clock;
        this.settings = settings;
        this.recorder = new PlanRecorder(root.stateDir().resolve("rgmanager"), 200);
        publish();
    }

    // ---- lifecycle ---------------------------------------------------------------------------

    /** Where reloads come from (default: none). Set before {@link #start}. */
    public RgDaemon withConfigSource(ConfigSource source) {
        this.configSource = source;
        return this;
    }

    /** Opens the client sockets, joins the group and starts the loop and timers. */
    public RgDaemon start() throws IOException {
        readSocket = new IpcServer(root.socket(RgClient.DAEMON), false, this::handleQuery).start("rgmanager");
        adminSocket = new IpcServer(root.adminSocket(RgClient.DAEMON), true, this::handleClient).start("rgmanager-admin");
        group = connector.join(GROUP, new ProcessGroup.Listener() {
            public void onView(GroupView view) { inbox.add(new Input.View(view)); }

            public void onMessage(int from, IpcMessage payload) {
                GroupMessage m;
                try {
                    m = RgWire.decode(payload);
                } catch (RuntimeException e) {
                    log.log(Effect.Level.WARNING, "Ignoring a malformed message from node " + from + ": " + e.getMessage());
                    return;
                }
                if (m != null) inbox.add(new Input.Delivered(from, m));
            }

            public void onDisconnect(String reason) {
                if (closed || left.getCount() == 0) return;
                log.log(Effect.Level.ERR, "Lost the connection to cman (" + reason + "); stopping local services");
                emergencyStop();
                left.countDown();
            }
        });
        // The loop starts once the group exists, so every Send has somewhere to go;
        // what the group delivered meanwhile waits in the inbox.
        loop = new Thread(this::run, "rg-loop");
        loop.setDaemon(true);
        loop.start();
        timer.scheduleWithFixedDelay(() -> {
            inbox.add(Input.TICK);
            Published p = published;
            if (p.isMaster()) {
                int v = configSource.diskVersion();
                if (v > core.configVersion()) inbox.add(new Input.ConfigSeen(v));
            }
        }, settings.tickMs(), settings.tickMs(), TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::scanChecks, settings.checkScanMs(), settings.checkScanMs(), TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::pollFence, settings.fencePollMs(), settings.fencePollMs(), TimeUnit.MILLISECONDS);
        fenceWatch = fence.watch(this::pollFence);
        return this;
    }

    /**
     * A clean stop: announce it, let the decision maker move the services away, leave.
     * Returns when this member left the group (or the timeout forced it out).
     */
    public void shutdown() {
        inbox.add(new Input.Shutdown());
        try {
            if (!left.await(settings.shutdownTimeoutMs(), TimeUnit.MILLISECONDS)) {
                log.log(Effect.Level.WARNING, "Services were not handed over in time; stopping them here");
                emergencyStop();
                GroupPort g = group;
                if (g != null) g.leave();
                left.countDown();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    /** Whether this member has left the group. */
    public boolean hasLeft() { return left.getCount() == 0; }

    /** Stops without a word to anyone, as a crash would (tests simulate failures with it). */
    @Override public void close() {
        closed = true;
        try {
            fenceWatch.close();
        } catch (Exception ignored) {
            // a socket being closed
        }
        timer.shutdownNow();
        if (loop != null) loop.interrupt();
        if (readSocket != null) readSocket.close();
        if (adminSocket != null) adminSocket.close();
        agents.shutdownNow();
        pending.values().forEach(f -> f.complete(new Effect.Reply("", org.jrhcs.rg.core.state.RequestResult.AGAIN, null)));
    }

    public Published published() { return published; }

    // ---- the loop -------------------------------------------------------------------------------

    private void run() {
        while (!closed) {
            Input in;
            try {
                in = inbox.take();
            } catch (InterruptedException e) {
                return;
            }
            if (in instanceof Input.Delivered d && d.message() instanceof GroupMessage.ConfigChange c
                    && c.version() > core.configVersion()) {
                // Load here, at the message's place in the order, so every member switches
                // between the same two messages.
                org.jrhcs.rg.core.state.RgConfig next = configSource.switchTo(c.version(), published.ownedHere());
                if (next != null) in = new Input.Reconfigure(c.version(), next);
            }
            List<Effect> effects;
            try {
                effects = core.handle(in, clock.getAsLong());
            } catch (RuntimeException e) {
                // A bug in the core: say so loudly, keep serving (the table may be stale,
                // but the next snapshot or probe repairs it).
                log.log(Effect.Level.ERR, "Internal error handling " + in.getClass().getSimpleName() + ": " + e);
                continue;
            }
            Published before = published;
            for (Effect e : effects) execute(e, in);
            publish();
            // A fence event may have come before this failure view (fenced is often faster):
            // check at once, off the loop, rather than at the next poll.
            if (fenceWaitChanged(before, published)) {
                try {
                    timer.execute(this::pollFence);
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    return;
                }
            }
        }
    }

    /** Whether this member now waits, as decision maker, on a fence it did not wait on before. */
    static boolean fenceWaitChanged(Published before, Published after) {
        return after.isMaster() && !after.awaitingFence().isEmpty()
                && (!before.isMaster() || !before.fenceBound().equals(after.fenceBound()));
    }

    private void execute(Effect e, Input cause) {
        if (e instanceof Effect.Send s) {
            try {
                group.send(RgWire.encode(s.message()));
            } catch (RuntimeException ex) {
                log.log(Effect.Level.ERR, "Cannot send to the rgmanager group: " + ex.getMessage());
            }
        } else if (e instanceof Effect.RunStart r) {
            onAgentThread(r.service(), () -> {
                boolean ok = safely(() -> runner.start(r.service()));
                boolean clean = ok || safely(() -> runner.stop(r.service()));
                nextCheck.put(r.service(), clock.getAsLong() + runner.checkIntervalMs(r.service()));
                inbox.add(new Input.AgentDone(r.service(), true, ok, clean));
            });
        } else if (e instanceof Effect.RunStop r) {
            onAgentThread(r.service(), () -> {
                boolean ok = safely(() -> runner.stop(r.service()));
                inbox.add(new Input.AgentDone(r.service(), false, ok, ok));
            });
        } else if (e instanceof Effect.RunProbe) {
            agents.execute(() -> {
                List<String> running = new ArrayList<>();
                for (String s : core.config().services().keySet()) if (safely(() -> runner.probe(s))) running.add(s);
                inbox.add(new Input.ProbeDone(running));
            });
        } else if (e instanceof Effect.Reply r) {
            CompletableFuture<Effect.Reply> f = pending.remove(r.id());
            if (f != null) f.complete(r);
        } else if (e instanceof Effect.Log l) {
            log.log(l.level(), l.text());
        } else if (e instanceof Effect.Record r) {
            String problem = recorder.record(r.input(), r.plan(), "node " + core.localName() + ", trigger "
                    + trigger(r.input().trigger()));
            if (problem != null) log.log(Effect.Level.WARNING, problem);
        } else if (e instanceof Effect.Leave) {
            GroupPort g = group;
            if (g != null) g.leave();
            left.countDown();
        }
    }

    private static String trigger(Trigger t) {
        return PlacementScenario.format(new org.jrhcs.rg.core.placement.PlacementInput(0, Map.of(), Map.of(),
                new org.jrhcs.rg.core.placement.ClusterView(List.of(), Set.of(), Set.of(), Set.of(), true), Map.of(), t))
                .lines().filter(l -> l.startsWith("trigger ")).findFirst().orElse("?").substring(8);
    }

    private void onAgentThread(String service, Runnable task) {
        chains.compute(service, (k, prev) -> (prev == null ? CompletableFuture.<Void>completedFuture(null) : prev)
                .thenRunAsync(task, agents).exceptionally(t -> null));
    }

    private static boolean safely(java.util.function.BooleanSupplier op) {
        try {
            return op.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void publish() {
        Map<String, Long> fenceBound = new HashMap<>();
        Set<String> awaiting = core.awaitingFence();
        for (String n : awaiting) fenceBound.put(n, core.fenceBound(n));
        List<String> toCheck = new ArrayList<>();
        for (ServiceSlot s : core.services()) if (core.shouldCheck(s.name())) toCheck.add(s.name());
        published = new Published(core.master(), core.members(), core.services(), core.locked(), core.isMaster(),
                awaiting, fenceBound, toCheck, core.ownedHere(), core.debugState());
    }

    // ---- timers -----------------------------------------------------------------------------------

    private void scanChecks() {
        long now = clock.getAsLong();
        for (String s : published.toCheck()) {
            long due = nextCheck.computeIfAbsent(s, k -> now + runner.checkIntervalMs(k));
            if (now < due || !checking.add(s)) continue;
            onAgentThread(s, () -> {
                try {
                    if (!published.toCheck().contains(s)) return; // stopped or moved meanwhile
                    boolean ok = safely(() -> runner.status(s));
                    nextCheck.put(s, clock.getAsLong() + runner.checkIntervalMs(s));
                    if (!ok) inbox.add(new Input.CheckFailed(s));
                } finally {
                    checking.remove(s);
                }
            });
        }
    }

    private void pollFence() {
        Published p = published;
        if (!p.isMaster()) return;
        for (String node : p.awaitingFence()) {
            boolean done;
            try {
                done = fence.fencedSince(node, p.fenceBound().getOrDefault(node, 0L));
            } catch (RuntimeException e) {
                done = false;
            }
            if (done) inbox.add(new Input.FenceConfirmed(node));
        }
    }

    /** Stops whatever this node runs, directly (cman is gone or nobody took the services). */
    private void emergencyStop() {
        for (String s : published.ownedHere()) {
            log.log(Effect.Level.NOTICE, "Stopping service " + s);
            if (safely(() -> runner.stop(s))) log.log(Effect.Level.NOTICE, "Service " + s + " is stopped");
            else log.log(Effect.Level.ERR, "Service " + s + " failed to stop");
        }
    }

    // ---- clients ----------------------------------------------------------------------------------

    /** The read-only socket (mode 0666): queries only; requests and locks need the admin socket. */
    private IpcMessage handleQuery(IpcMessage req, IpcServer.Connection conn) {
        return switch (req.op()) {
            case "status", "lock_state" -> handleClient(req, conn);
            default -> IpcMessage.error("unknown request \"" + req.op()
                    + "\" on the read-only socket (requests and locks need the admin socket, as root)");
        };
    }

    private IpcMessage handleClient(IpcMessage req, IpcServer.Connection conn) {
        return switch (req.op()) {
            case "status" -> status();
            case "request" -> request(req);
            case "lock", "unlock" -> lock(req.op().equals("lock"));
            case "lock_state" -> IpcMessage.ok().put("locked", published.locked());
            default -> IpcMessage.error("unknown op " + req.op() + " (rgmanager knows status, request, lock, unlock, lock_state)");
        };
    }

    private IpcMessage status() {
        Published p = published;
        IpcMessage m = IpcMessage.ok().put("master", p.master())
                .put("nodes", org.jrhcs.cman.client.CmanWire.joinInts(p.members())).put("locked", p.locked());
        List<Map<String, String>> items = new ArrayList<>();
        for (ServiceSlot s : p.services()) {
            Map<String, String> f = new java.util.LinkedHashMap<>();
            f.put("name", s.name());
            f.put("state", s.state().text());
            if (s.owner() != null) f.put("owner", s.owner());
            if (s.lastOwner() != null) f.put("last_owner", s.lastOwner());
            f.put("restarts", Integer.toString(s.restarts().size()));
            f.put("frozen", s.frozen() ? "1" : "0");
            f.put("last_transition", Long.toString(s.lastTransition() / 1000));
            items.add(f);
        }
        return m.putList("service", items);
    }

    private IpcMessage request(IpcMessage req) {
        String action = req.get("action", "");
        Trigger.Kind kind;
        try {
            kind = Trigger.Kind.valueOf(action.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return IpcMessage.ok().put("ret", RequestCodes.of(org.jrhcs.rg.core.state.RequestResult.INVALID).code());
        }
        String service = req.get("service");
        if (service == null || service.isBlank()) return IpcMessage.error("request without service");
        Effect.Reply r = await(new Input.ClientRequest(newId(), kind, service, req.get("target")));
        return IpcMessage.ok().put("ret", RequestCodes.of(r.result()).code()).put("owner", r.owner());
    }

    private IpcMessage lock(boolean lock) {
        Effect.Reply r = await(new Input.ClientLock(newId(), lock));
        if (r.result() != org.jrhcs.rg.core.state.RequestResult.SUCCESS) return IpcMessage.error("lock operation failed: " + r.result());
        return IpcMessage.ok().put("locked", lock);
    }

    private String newId() { return core.localId() + ":" + requestSeq.incrementAndGet(); }

    private Effect.Reply await(Input in) {
        String id = in instanceof Input.ClientRequest r ? r.id() : ((Input.ClientLock) in).id();
        CompletableFuture<Effect.Reply> f = new CompletableFuture<>();
        pending.put(id, f);
        inbox.add(in);
        try {
            return f.get(settings.requestTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            pending.remove(id);
            return new Effect.Reply(id, org.jrhcs.rg.core.state.RequestResult.AGAIN, null);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    static Duration ms(long v) { return Duration.ofMillis(v); }
}
