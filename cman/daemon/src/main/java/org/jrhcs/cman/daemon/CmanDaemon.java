package org.jrhcs.cman.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.ccs.ConfException;
import org.jrhcs.ccsd.client.ConfigFeed;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.client.ipc.IpcServer;
import org.jrhcs.cman.client.CmanWire;
import org.jrhcs.cman.core.ClusterCore;
import org.jrhcs.cman.core.CmanConfig;
import org.jrhcs.cman.core.Effect;
import org.jrhcs.cman.core.NodeConf;
import org.jrhcs.cman.core.QuorumPolicy;
import org.jrhcs.cman.wire.PeerMessages;
import org.jrhcs.log.ClusterLog;

/**
 * The cman daemon: one {@link ClusterCore} driven by one loop thread, fed by the
 * cluster channel ({@link JGroupsAdapter}), the local sockets and a 100 ms tick.
 *
 * <p>Usage: {@code cman [-n NODE]} (runs in the foreground; {@code cman_tool join}
 * starts it in the background). Exit status: 0 after a clean leave, 1 when killed or
 * refused by the cluster, 2 for bad configuration or arguments.
 */
public final class CmanDaemon {
    public static final String VERSION = "6.2.0";
    private static final long TICK_MS = 100;

    private final ClusterRoot root;
    private ConfDocument doc; // the running configuration's document (replaced by a reload)
    private final ClusterCore core;
    private final ClusterLog log;
    private final Map<String, InetAddress> addresses;
    private final ConfigFeed feed;
    private final TransportSettings transport;
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    /**
     * Network sends leave the loop: JGroups can hold a sender (SEQUENCER while a new
     * coordinator takes over, flow control towards a member that hangs), and the loop must
     * go on answering local requests and quorum-device polls meanwhile. One thread keeps
     * this node's send order.
     */
    private final ExecutorService outbound = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cman-send");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, IpcServer.Connection> groupConnections = new HashMap<>();
    private final List<IpcServer.Connection> subscribers = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile int configVersion;
    private volatile int exitCode = 0;
    private volatile boolean stopping;
    private JGroupsAdapter adapter;
    private IpcServer readServer, adminServer;
    private Thread loopThread;

    CmanDaemon(ClusterRoot root, ConfigFeed feed, ConfDocument doc, CmanConfig config, String nodeName, ClusterLog log,
               Map<String, InetAddress> addresses, TransportSettings transport) {
        this.root = root;
        this.feed = feed;
        this.doc = doc;
        this.log = log;
        this.addresses = new java.util.concurrent.ConcurrentHashMap<>(addresses);
        this.transport = transport;
        this.configVersion = config.configVersion();
        this.core = new ClusterCore(config, nodeName, UUID.randomUUID().toString(), System.currentTimeMillis());
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        String node = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-n" -> {
                    if (++i >= args.length) return usage("-n needs a node name");
                    node = args[i];
                }
                case "-f" -> { /* always in the foreground */ }
                case "-h", "--help" -> { return usage(null); }
                default -> { return usage("unknown option " + args[i]); }
            }
        }
        ClusterRoot root = ClusterRoot.fromEnvironment();
        ConfDocument doc;
        CmanConfig config;
        String name;
        Map<String, InetAddress> addrs;
        ClusterKey key;
        ConfigFeed feed = new ConfigFeed(root);
        try {
            ConfigFeed.Snapshot snap = feed.current(Duration.ZERO);
            doc = ConfDocument.parse(snap.text(), snap.origin());
            config = CmanSettings.config(doc);
            HostsFile hosts = new HostsFile(root.resolve("etc/hosts"));
            name = CmanSettings.findLocalNode(config, node, hosts);
            addrs = CmanSettings.addresses(config, hosts);
            key = ClusterKey.fromConfig(doc.cluster(), root);
        } catch (ConfException e) {
            System.err.println("cman: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("cman: " + e.getMessage());
            return 2;
        }
        Path pid = root.pidFile("cman");
        Long running = runningPid(pid);
        if (running != null) {
            System.err.println("cman: already running (pid " + running + ")");
            return 2;
        }
        ClusterLog log;
        try {
            // SIGTERM runs our clean leave in a shutdown hook; Log4j's own hook would close
            // the files before that leave logs its last lines. run() shuts logging down itself.
            System.setProperty("log4j.shutdownHookEnabled", "false");
            log = ClusterLog.open(root, "cman", name, false);
            log.configure(doc.cluster().logging);
        } catch (IOException e) {
            System.err.println("cman: cannot open logs: " + e.getMessage());
            return 2;
        }
        ClusterLog opened = log;
        feed.logTo(line -> opened.notice("[CMAN ] " + line));
        TransportSettings ts = CmanSettings.transport(doc, config, name, addrs,
                Boolean.getBoolean("cman.testDiscard")).withKey(key);
        CmanDaemon d = new CmanDaemon(root, feed, doc, config, name, log, addrs, ts);
        try {
            return d.serve(pid);
        } catch (Exception e) {
            log.err("[CMAN ] cannot start: " + e);
            System.err.println("cman: cannot start: " + e);
            return 2;
        } finally {
            ClusterLog.shutdown();
        }
    }

    private static int usage(String problem) {
        if (problem != null) System.err.println("cman: " + problem);
        System.err.println("usage: cman [-n NODE]   (CLUSTER_ROOT selects the node's root)");
        return problem == null ? 0 : 2;
    }

    static Long runningPid(Path pidFile) { return org.jrhcs.client.PidFile.livePid(pidFile); }

    static boolean alive(long pid) { return org.jrhcs.client.PidFile.alive(pid); }

    int serve(Path pidFile) throws Exception {
        CmanConfig c = core.config();
        log.notice("[MAIN ] cman " + VERSION + " starting: cluster " + c.clusterName() + " (id " + c.clusterId()
                + "), node " + core.self().name() + " (id " + core.self().id() + "), "
                + (transport.udp() ? "udp multicast " + transport.multicastAddr() : "tcp") + " "
                + transport.bind().getAddress().getHostAddress() + ":" + transport.bind().getPort()
                + ", token " + c.tokenMs() + " ms");
        log.notice("[MAIN ] cluster traffic " + (transport.key() == null ? "is not authenticated (no key file)"
                : "is authenticated and encrypted with key file " + transport.key().file()));
        Files.createDirectories(pidFile.getParent());
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8);
        loopThread = new Thread(this::loop, "cman-loop");
        loopThread.start();
        adapter = new JGroupsAdapter(transport, new JGroupsAdapter.Listener() {
            @Override public void onView(long viewId, List<String> members, boolean merge) {
                post(() -> execute(core.onView(viewId, members, System.currentTimeMillis())));
            }

            @Override public void onMessage(String from, byte[] frame) {
                post(() -> {
                    IpcMessage m;
                    try {
                        m = PeerMessages.decode(frame);
                    } catch (RuntimeException e) {
                        log.debug("[CMAN ] dropping malformed message from " + from + ": " + e.getMessage());
                        return;
                    }
                    execute(core.onMessage(from, m, System.currentTimeMillis()));
                });
            }

            @Override public void onRefused(String peer, String reason) {
                log.warning("[CMAN ] refusing traffic from " + peer + ": " + reason);
            }

            @Override public void onSuspicion(String text) {
                log.notice("[TOTEM] " + text);
            }
        });
        adapter.connect();
        readServer = new IpcServer(root.socket("cman"), false, this::handleRead).start("cman");
        adminServer = new IpcServer(root.adminSocket("cman"), true, this::handleAdmin).start("cman-admin");
        Thread ticker = new Thread(() -> {
            while (!stopping) {
                try { Thread.sleep(TICK_MS); } catch (InterruptedException e) { return; }
                post(() -> execute(core.onTick(System.currentTimeMillis())));
            }
        }, "cman-tick");
        ticker.setDaemon(true);
        ticker.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (stopping) return;
            post(() -> execute(core.requestLeave(false, true)));
            try { stopped.await(5, TimeUnit.SECONDS); } catch (InterruptedException ignored) { /* exiting anyway */ }
        }, "cman-sigterm"));
        stopped.await();
        Files.deleteIfExists(pidFile);
        return exitCode;
    }

    private void post(Runnable r) { queue.add(r); }

    private void loop() {
        while (!stopping) {
            Runnable r;
            try { r = queue.take(); } catch (InterruptedException e) { return; }
            try {
                r.run();
            } catch (RuntimeException e) {
                log.err("[CMAN ] internal error: " + e);
            }
        }
    }

    /** Runs {@code work} on the loop and waits for its result (requests from socket threads). */
    private IpcMessage onLoop(Supplier<IpcMessage> work) {
        CompletableFuture<IpcMessage> f = new CompletableFuture<>();
        post(() -> {
            try {
                f.complete(work.get());
            } catch (IllegalArgumentException | IllegalStateException e) {
                f.complete(IpcMessage.error(e.getMessage()));
            } catch (RuntimeException e) {
                f.complete(IpcMessage.error("internal error: " + e));
            }
        });
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return IpcMessage.error("cman did not answer: " + e);
        }
    }

    private void execute(List<Effect> effects) {
        for (Effect e : effects) {
            try {
                if (e instanceof Effect.Log l) log.log(l.severity(), l.text());
                else if (e instanceof Effect.Broadcast b) send(e, PeerMessages.encode(b.message()), null);
                else if (e instanceof Effect.SendTo s) send(e, PeerMessages.encode(s.message()), s.node());
                else if (e instanceof Effect.Deliver d) {
                    IpcServer.Connection c = groupConnections.get(d.group());
                    if (c != null) c.push(d.event());
                } else if (e instanceof Effect.Notify n) subscribers.removeIf(c -> !c.push(n.event()));
                else if (e instanceof Effect.Reload r) reloadFromPeer(r);
                else if (e instanceof Effect.LeaveAnnounced) lingerThenStop();
                else if (e instanceof Effect.Exit x) stop(x.code(), null);
            } catch (Exception ex) {
                log.err("[CMAN ] cannot " + e.getClass().getSimpleName() + ": " + ex);
            }
        }
    }

    /** Runs {@code r} on the sender thread, once every frame queued so far has gone out; nothing once cman is exiting. */
    private void afterSends(Runnable r) {
        try {
            outbound.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // cman is exiting already.
        }
    }

    /** Queues one frame for the network, to everyone ({@code node == null}) or to one node. */
    private void send(Effect what, byte[] frame, String node) {
        afterSends(() -> {
            try {
                if (node == null) adapter.broadcast(frame);
                else adapter.sendTo(node, frame);
            } catch (Exception ex) {
                log.err("[CMAN ] cannot " + what.getClass().getSimpleName() + ": " + ex);
            }
        });
    }

    private void stop(int code, String line) {
        if (stopping) return;
        stopping = true;
        exitCode = code;
        if (line != null) log.notice(line);
        outbound.shutdown();
        try {
            // What was queued before the decision to stop (a leave announcement) goes out first.
            if (!outbound.awaitTermination(2, TimeUnit.SECONDS)) log.warning("[CMAN ] messages still unsent at exit");
        } catch (InterruptedException ignored) { /* exiting */ }
        try { adapter.close(); } catch (RuntimeException ignored) { /* exiting */ }
        if (readServer != null) readServer.close();
        if (adminServer != null) adminServer.close();
        stopped.countDown();
    }

    // ---------------------------------------------------------------- local sockets

    private IpcMessage handleRead(IpcMessage req, IpcServer.Connection conn) {
        return switch (req.op()) {
            case "status" -> onLoop(this::status);
            case "nodes" -> onLoop(this::nodes);
            case "quorate" -> onLoop(() -> IpcMessage.ok().put("quorate", core.quorum().quorate()));
            case "subscribe" -> {
                subscribers.add(conn);
                conn.onClose(() -> subscribers.remove(conn));
                yield IpcMessage.ok();
            }
            default -> IpcMessage.error("unknown request \"" + req.op() + "\" (or it needs the admin socket)");
        };
    }

    private IpcMessage handleAdmin(IpcMessage req, IpcServer.Connection conn) {
        long now = System.currentTimeMillis();
        return switch (req.op()) {
            case "status", "nodes", "quorate", "subscribe" -> handleRead(req, conn);
            case "expected" -> onLoop(() -> ok(core.requestExpected(req.getInt("votes", 0))));
            case "votes" -> onLoop(() -> ok(core.requestVotes(req.getInt("nodeid", 0), req.getInt("votes", -1))));
            case "kill" -> onLoop(() -> ok(core.requestKill(req.getInt("nodeid", -1), "pid user " + conn.user())));
            case "leave" -> onLoop(() -> {
                List<Effect> fx = core.requestLeave(req.getBool("remove"), req.getBool("force"));
                // The reply goes out before the daemon closes its sockets.
                conn.push(IpcMessage.ok());
                post(() -> execute(fx));
                // The deadline counts from when the leave message has gone out (the sender
                // can be held while JGroups changes coordinator), not from the request.
                post(() -> afterSends(this::leaveDeadline));
                return null;
            });
            case "qdisk_register" -> onLoop(() -> ok(core.qdiskRegister(req.get("name"), req.getInt("votes", 1), now)));
            case "qdisk_poll" -> onLoop(() -> ok(core.qdiskPoll(req.getBool("available"), req.get("members") == null ? null
                    : java.util.Set.copyOf(CmanWire.splitInts(req.get("members"))), System.currentTimeMillis())));
            case "qdisk_unregister" -> onLoop(() -> ok(core.qdiskUnregister(System.currentTimeMillis())));
            case "version" -> onLoop(() -> {
                IpcMessage reply = reload(req.getInt("config_version", 0));
                // The others load the same version when the request comes round.
                if (core.isMember()) execute(core.requestReload(reply.getInt("config_version", 0)));
                return reply;
            });
            case "group_join" -> groupJoin(req.get("group"), conn);
            case "group_send" -> {
                String g = req.get("group");
                post(() -> {
                    if (groupConnections.get(g) == conn) execute(core.groupSend(g, req));
                });
                yield null;
            }
            case "group_leave" -> {
                String g = req.get("group");
                post(() -> {
                    if (groupConnections.remove(g, conn)) execute(core.groupLeave(g, false));
                });
                yield null;
            }
            default -> IpcMessage.error("unknown request \"" + req.op() + "\"");
        };
    }

    private IpcMessage groupJoin(String group, IpcServer.Connection conn) {
        return onLoop(() -> {
            if (groupConnections.containsKey(group))
                throw new IllegalArgumentException("group " + group + " already has a member on this node");
            List<Effect> fx = core.groupJoin(group);
            // The reply must precede the group's first view on this connection.
            conn.push(IpcMessage.ok());
            groupConnections.put(group, conn);
            conn.onClose(() -> post(() -> {
                if (groupConnections.remove(group, conn)) execute(core.groupLeave(group, true));
            }));
            execute(fx);
            return null;
        });
    }

    /**
     * Our own leave message came back, but without FLUSH a view change does not wait for
     * the copies still on their way to the others: closing at once let the view without us
     * reach a member before our leave, which then logged us "(failed)" and kept the votes
     * a "leave remove" should have taken away (CmanSandboxTest, under CI load). Lingering
     * {@value #LEAVE_LINGER_MS} ms lets the copies arrive first.
     */
    private void lingerThenStop() {
        Thread t = new Thread(() -> {
            try { Thread.sleep(LEAVE_LINGER_MS); } catch (InterruptedException e) { return; }
            post(() -> stop(0, "[CMAN ] left the cluster"));
        }, "cman-leave-linger");
        t.setDaemon(true);
        t.start();
    }

    static final long LEAVE_LINGER_MS = 300;

    private void leaveDeadline() {
        // If our own leave message never comes back (the channel is wedged), leave anyway.
        Thread t = new Thread(() -> {
            try { Thread.sleep(3000); } catch (InterruptedException e) { return; }
            post(() -> stop(0, "[CMAN ] left the cluster (leave message not confirmed)"));
        }, "cman-leave-deadline");
        t.setDaemon(true);
        t.start();
    }

    private IpcMessage ok(List<Effect> fx) {
        execute(fx);
        return IpcMessage.ok();
    }

    /**
     * Loads cluster.conf again, through ccsd when it runs (the file otherwise), and applies
     * what changed ({@link ClusterCore#reconfigure}). {@code requested} > 0 must match the
     * copy's config_version. Refusals name the reason and change nothing.
     */
    private IpcMessage reload(int requested) {
        ConfigFeed.Snapshot snap;
        ConfDocument fresh;
        CmanConfig next;
        try {
            snap = feed.current(Duration.ZERO);
            fresh = ConfDocument.parse(snap.text(), snap.origin());
            next = CmanSettings.config(fresh);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read cluster.conf: " + e.getMessage());
        } catch (ConfException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        int v = next.configVersion();
        String from = snap.source() == ConfigFeed.Source.CCSD ? "ccsd's cluster.conf" : snap.origin();
        if (requested > 0 && v != requested)
            throw new IllegalArgumentException(from + " has config version " + v + ", not " + requested);
        if (v < configVersion)
            throw new IllegalArgumentException(from + " has config version " + v + ", older than the running " + configVersion);
        if (v == configVersion) return IpcMessage.ok().put("config_version", v);
        int tokenBefore = core.config().tokenMs();
        execute(core.reconfigure(next, System.currentTimeMillis()));
        for (String line : CmanSettings.restartOnlyChanges(doc, fresh))
            log.warning("[CMAN ] reload: " + line + " takes effect only when cman restarts");
        if (next.tokenMs() != tokenBefore && adapter != null)
            for (String change : adapter.retune(next.tokenMs())) log.notice("[TOTEM] reload: " + change);
        HostsFile hosts = new HostsFile(root.resolve("etc/hosts"));
        for (NodeConf n : next.nodes()) {
            if (addresses.containsKey(n.name())) continue;
            try {
                addresses.put(n.name(), hosts.resolve(n.name()));
            } catch (IOException e) {
                log.warning("[CMAN ] reload: cannot resolve new node " + n.name() + ": " + e.getMessage());
            }
        }
        addresses.keySet().retainAll(next.nodes().stream().map(NodeConf::name).toList());
        doc = fresh;
        configVersion = v;
        log.notice("[CMAN ] configuration version " + v + " loaded");
        IpcMessage ev = new IpcMessage().put("event", "config").put("config_version", v);
        subscribers.removeIf(c -> !c.push(ev));
        return IpcMessage.ok().put("config_version", v);
    }

    private void reloadFromPeer(Effect.Reload r) {
        if (r.configVersion() == configVersion) return;
        try {
            reload(r.configVersion());
        } catch (IllegalArgumentException e) {
            log.warning("[CMAN ] " + r.requestedBy() + " asked for config version " + r.configVersion()
                    + " but it cannot be loaded here: " + e.getMessage());
        }
    }

    private IpcMessage status() {
        QuorumPolicy.Result q = core.quorum();
        CmanConfig c = core.config();
        List<String> flags = new ArrayList<>();
        if (c.twoNodeActive()) flags.add("2node");
        if (core.isDirty()) flags.add("Dirty");
        if (core.hasDisallowed()) flags.add("DisallowedNodes");
        List<String> subsystems = new ArrayList<>(core.localGroups());
        core.qdiskName().ifPresent(n -> subsystems.add("qdiskd"));
        IpcMessage m = IpcMessage.ok().put("version", VERSION).put("config_version", configVersion)
                .put("cluster_name", c.clusterName()).put("cluster_id", c.clusterId())
                .put("cluster_member", core.isMember() ? "Yes" : "No").put("generation", core.generation())
                .put("membership_state", stopping ? "Leaving" : !core.isMember() ? "Joining"
                        : core.inTransition() ? "Transition" : "Cluster-Member")
                .put("nodes", core.memberIds().size()).put("expected_votes", q.expectedVotes())
                .put("total_votes", q.totalVotes()).put("node_votes", core.selfVotes())
                .put("quorum", q.quorum()).put("quorate", q.quorate())
                .put("subsystems", CmanWire.joinStrings(subsystems)).put("flags", CmanWire.joinStrings(flags))
                .put("ports", "0").put("node_name", core.self().name()).put("node_id", core.self().id())
                .put("multicast", transport.udp() ? transport.multicastAddr() : "255.255.255.255")
                .put("addresses", transport.bind().getAddress().getHostAddress());
        if (core.qdiskName().isPresent()) m.put("quorum_device_votes", core.qdiskVotes());
        return m;
    }

    private IpcMessage nodes() {
        List<Map<String, String>> list = new ArrayList<>();
        core.qdiskName().ifPresent(n -> list.add(Map.of("id", "0", "name", n, "state", core.qdiskCounted() ? "M" : "X",
                "votes", String.valueOf(core.qdiskVotes()), "inc", "0", "join_time", "0", "addresses", "")));
        for (ClusterCore.NodeStatus n : core.nodes()) {
            InetAddress a = addresses.get(n.name());
            list.add(Map.of("id", String.valueOf(n.id()), "name", n.name(), "state", n.state().letter,
                    "votes", String.valueOf(n.votes()), "inc", String.valueOf(n.incarnation()),
                    "join_time", String.valueOf(n.joinTime()), "addresses", a == null ? "" : a.getHostAddress()));
        }
        return IpcMessage.ok().putList("node", list);
    }

}
