package org.jrhcs.qdisk.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.ccs.ConfException;
import org.jrhcs.ccs.model.Cluster;
import org.jrhcs.ccs.model.ClusterNode;
import org.jrhcs.ccs.model.Logging;
import org.jrhcs.ccsd.client.ConfigFeed;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.cman.client.CmanClient;
import org.jrhcs.cman.client.CmanStatus;
import org.jrhcs.log.ClusterLog;
import org.jrhcs.log.Severity;
import org.jrhcs.qdisk.core.LogLine;
import org.jrhcs.qdisk.core.QdiskConfig;
import org.jrhcs.qdisk.core.QdiskPolicy;
import org.jrhcs.qdisk.disk.Decoded;
import org.jrhcs.qdisk.disk.QdiskDevice;
import org.jrhcs.qdisk.disk.QdiskFinder;
import org.jrhcs.qdisk.disk.QdiskHeader;

/**
 * {@code qdiskd}: the quorum disk daemon (qdiskd(8)). Runs in the foreground; the init script
 * or the sandbox puts it in the background. Options: {@code -f} (foreground; always), {@code -d}
 * (debug logging), {@code -Q} (quiet: no start-up messages on the terminal), {@code -h}.
 *
 * <p>Settings come from cluster.conf {@code <quorumd>}; the environment or
 * {@code etc/sysconfig/qdiskd} may add {@code QDISKD_SCAN} (extra files, space-separated, to
 * search for {@code label=} besides the block devices of /proc/partitions) and
 * {@code QDISKD_SELF_FENCE} (see {@link SelfFence}).
 */
public final class Qdiskd {
    public static final String DAEMON = "qdiskd";
    public static final String SCAN = "QDISKD_SCAN";
    /** How often cluster.conf is checked for changes. */
    /** How long qdiskd waits at start for a running ccsd to get in sync with the cluster. */
    static final long CCSD_SYNC_WAIT_S = 30;

    private Qdiskd() {}

    public static void main(String[] args) {
        // Our shutdown hook logs the stop and then closes the log itself; Log4j's own hook
        // would close it first and lose that line.
        System.setProperty("log4j.shutdownHookEnabled", "false");
        System.exit(run(args, System.getenv(), System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream err) {
        boolean debug = false;
        for (String a : args) {
            switch (a) {
                case "-f", "-Q" -> { }
                case "-d" -> debug = true;
                case "-h", "-?" -> {
                    err.println("usage: qdiskd [-f] [-d] [-Q]");
                    return 0;
                }
                default -> {
                    err.println("qdiskd: unknown option " + a + "\nusage: qdiskd [-f] [-d] [-Q]");
                    return 2;
                }
            }
        }
        ClusterRoot root = ClusterRoot.fromEnvironment();
        Properties sysconfig = sysconfig(root);
        Cluster cluster;
        ConfDocument doc;
        ConfigFeed feed = new ConfigFeed(root);
        String startedText;
        try {
            ConfigFeed.Snapshot snap = feed.current(Duration.ofSeconds(CCSD_SYNC_WAIT_S));
            startedText = snap.text();
            doc = ConfDocument.parse(snap.text(), snap.origin());
            cluster = doc.cluster();
        } catch (ConfException e) {
            err.println("qdiskd: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("qdiskd: " + e.getMessage());
            return 1;
        }
        if (cluster.quorumd == null) {
            err.println("qdiskd: " + root.clusterConf() + ": no <quorumd> element; nothing to do");
            return 1;
        }
        CmanClient cmanClient = new CmanClient(root);
        Optional<ClusterNode> me = localNode(cluster, env, cmanClient);
        if (me.isEmpty() || me.get().nodeid == null) {
            err.println("qdiskd: cannot tell which <clusternode> this is (set CLUSTER_NODE, or start cman first)");
            return 1;
        }
        int nodeId = me.get().nodeid;
        if (nodeId < 1 || nodeId > QdiskPolicy.MAX_NODES) {
            err.println("qdiskd: node id " + nodeId + " of " + me.get().name + " is outside 1.." + QdiskPolicy.MAX_NODES
                    + "; a quorum disk serves at most " + QdiskPolicy.MAX_NODES + " nodes");
            return 1;
        }
        ClusterLog log;
        try {
            log = ClusterLog.open(root, DAEMON, me.get().name, true);
        } catch (IOException e) {
            err.println("qdiskd: cannot open the log under " + root.logDir() + ": " + e.getMessage());
            return 1;
        }
        Logging logging = cluster.logging;
        if (debug) {
            if (logging == null) logging = new Logging();
            logging.debug = "on";
        }
        log.configure(logging);
        feed.logTo(log::info);
        boolean dbg = debug;
        java.util.function.Consumer<LogLine> logLine = l -> {
            if (l.severity() == Severity.DEBUG && !dbg) return;
            log.log(l.severity(), l.text());
        };

        QdiskConfig config = QdiskConfig.from(cluster);
        log.info("Quorum Daemon Initializing");
        String where = doc.locationOf(cluster.quorumd).toString();
        config.problems().forEach(p -> log.warning(where + ": " + p));
        config.tokenWarning(QdiskConfig.tokenMs(cluster)).ifPresent(log::warning);

        CmanSink cman = new CmanSink(cmanClient);
        QdiskDevice device;
        try {
            device = openDevice(config, scanFiles(env, sysconfig, root), log);
        } catch (IOException e) {
            log.err(e.getMessage());
            err.println("qdiskd: " + e.getMessage());
            if (config.stopCman()) {
                log.err("Telling cman to leave the cluster (stop_cman=\"1\")");
                try {
                    cman.leave();
                } catch (RuntimeException ce) {
                    log.err("Cannot tell cman to leave: " + ce.getMessage());
                }
            }
            ClusterLog.shutdown();
            return 1;
        }
        QdiskHeader h = device.header();
        log.info("Quorum Partition: " + device.path() + " Label: " + h.label());

        Map<String, String> heurEnv = new HashMap<>();
        heurEnv.put(ClusterRoot.ENV, root.path().toString());
        heurEnv.put("CLUSTER_NODE", me.get().name);
        HeuristicRunner heuristics = new HeuristicRunner(config.heuristics(), heurEnv, logLine);
        heuristics.start();
        try {
            long wait = config.heuristics().stream().mapToLong(x -> x.intervalMs()).max().orElse(0) + 1000;
            if (!config.heuristics().isEmpty() && !heuristics.awaitFirstResults(wait))
                log.warning("Not every heuristic finished its first run; starting anyway");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }

        SelfFence fence = SelfFence.configured(root, env, sysconfig);
        String cmanName = config.cmanLabel() != null ? config.cmanLabel() : device.path().toString();
        QdiskLoop loop = new QdiskLoop(config, nodeId, device, cman, cmanName, heuristics::score, fence, logLine,
                System::currentTimeMillis);
        loop.setStatusSink(text -> writeStatus(root, loop.config().statusFile(), text));
        Path pidFile = root.pidFile(DAEMON);
        writePid(pidFile);
        Thread hook = new Thread(() -> {
            try {
                loop.stop();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            heuristics.close();
            try {
                device.close();
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // exiting anyway
            }
            log.info("Quorum Daemon stopped");
            ClusterLog.shutdown();
        }, "qdiskd-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        loop.start();
        watchConfig(feed, startedText, loop, log);
        try {
            loop.awaitTermination();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The loop ended on its own (too many I/O errors): exit non-zero; the hook cleans up.
        return 1;
    }

    /**
     * Follows cluster.conf through {@link ConfigFeed} (ccsd's change events, or the file
     * when ccsd is not running) and applies the options qdisk(5) lets change while qdiskd
     * runs ({@link QdiskReload}), logging what changed and what waits for a restart.
     */
    private static void watchConfig(ConfigFeed feed, String startedText, QdiskLoop loop, ClusterLog log) {
        java.util.concurrent.atomic.AtomicReference<String> seen = new java.util.concurrent.atomic.AtomicReference<>(startedText);
        java.util.concurrent.Semaphore wake = new java.util.concurrent.Semaphore(0);
        feed.watch(wake::release);
        Thread t = new Thread(() -> {
            while (loop.isRunning()) {
                try {
                    wake.acquire();
                    wake.drainPermits();
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    ConfigFeed.Snapshot snap = feed.current(Duration.ZERO);
                    if (snap.text().equals(seen.get())) continue;
                    seen.set(snap.text());
                    ConfDocument doc = ConfDocument.parse(snap.text(), snap.origin());
                    Cluster c = doc.cluster();
                    if (c.quorumd == null) {
                        log.warning("The new cluster.conf (config version " + c.configVersion + ") has no <quorumd>; "
                                + "keeping the running settings (stop qdiskd to remove the quorum disk)");
                        continue;
                    }
                    QdiskReload.Outcome o = loop.reconfigure(QdiskConfig.from(c));
                    log.info("Configuration reloaded (config version " + c.configVersion + ")"
                            + (o.changed().isEmpty() ? "" : ": " + String.join(", ", o.changed())));
                    if (!o.ignored().isEmpty())
                        log.warning("Not changed while qdiskd runs (restart qdiskd to apply): " + String.join(", ", o.ignored()));
                } catch (ConfException | IOException | RuntimeException e) {
                    log.warning("Ignoring the new cluster.conf: " + e.getMessage());
                }
            }
        }, "qdiskd-config");
        t.setDaemon(true);
        t.start();
    }

    static QdiskDevice openDevice(QdiskConfig c, List<Path> scan, ClusterLog log) throws IOException {
        Path path;
        if (c.label() != null) {
            Optional<QdiskFinder.Found> f = QdiskFinder.system().find(c.label(), scan);
            if (f.isEmpty()) throw new IOException("Unable to match label '" + c.label() + "' to any device");
            path = f.get().path();
        } else if (c.device() != null) {
            path = Path.of(c.device());
        } else {
            throw new IOException("No device or label specified in <quorumd>");
        }
        QdiskDevice d = QdiskDevice.open(path, true, false, log::warning);
        Decoded<QdiskHeader> h = d.readHeader();
        if (!h.isOk()) {
            d.close();
            throw new IOException(path + " is not a quorum disk (" + h.problem().text() + "); initialise it with mkqdisk -c");
        }
        return d;
    }

    static List<Path> scanFiles(Map<String, String> env, Properties sysconfig, ClusterRoot root) {
        String v = env.getOrDefault(SCAN, sysconfig.getProperty(SCAN, ""));
        List<Path> out = new ArrayList<>();
        for (String s : v.trim().split("[\\s:]+")) if (!s.isEmpty()) out.add(Path.of(s));
        return out;
    }

    /** {@code etc/sysconfig/qdiskd}: shell-style KEY=VALUE lines; quotes around values are dropped. */
    static Properties sysconfig(ClusterRoot root) {
        Properties p = new Properties();
        Path f = root.sysconfig(DAEMON);
        if (!Files.isRegularFile(f)) return p;
        try (InputStream in = Files.newInputStream(f)) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return p;
        }
        for (String k : p.stringPropertyNames()) {
            String v = p.getProperty(k).trim();
            if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'")))
                p.setProperty(k, v.substring(1, v.length() - 1));
        }
        return p;
    }

    private static Optional<ClusterNode> localNode(Cluster cluster, Map<String, String> env, CmanClient cman) {
        String name = env.get("CLUSTER_NODE");
        if (name != null && !name.isBlank()) return cluster.node(name);
        try {
            CmanStatus s = cman.status();
            Optional<ClusterNode> n = cluster.node(s.nodeId());
            if (n.isPresent()) return n;
        } catch (RuntimeException ignored) {
            // cman not up: try the host name
        }
        try {
            String host = InetAddress.getLocalHost().getHostName();
            Optional<ClusterNode> n = cluster.node(host);
            if (n.isPresent()) return n;
            int dot = host.indexOf('.');
            return dot > 0 ? cluster.node(host.substring(0, dot)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** status_file: "-" is standard output; a path resolves under the cluster root; null writes nothing. */
    private static void writeStatus(ClusterRoot root, String where, String text) {
        if (where == null) return;
        if ("-".equals(where)) {
            System.out.print(text + "\n");
            return;
        }
        Path target = root.resolve(where);
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException ignored) {
            // a debugging aid only; never disturb the disk loop for it
        }
    }

    private static void writePid(Path pidFile) {
        try {
            Files.createDirectories(pidFile.getParent());
            Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        } catch (IOException ignored) {
            // the sandbox's kill fence then cannot find us; qdiskd still works
        }
    }
}
