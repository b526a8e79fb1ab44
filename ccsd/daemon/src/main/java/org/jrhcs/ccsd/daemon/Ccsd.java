package org.jrhcs.ccsd.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.ccs.ConfException;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.client.ipc.IpcException;
import org.jrhcs.cman.client.CmanClient;
import org.jrhcs.log.ClusterLog;

/**
 * {@code ccsd}: the daemon's command line. Runs in the foreground (init scripts and
 * systemd background it); exits 1 when cman goes away, as RHCS daemons do.
 */
public final class Ccsd {
    static final String VERSION = "jrhcs 0.1";
    /** How long to wait for cman's socket at start, so ccsd can be started right after cman. */
    static final Duration CMAN_WAIT = Duration.ofSeconds(30);

    private Ccsd() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean debug = false;
        for (String a : args) {
            switch (a) {
                case "-h" -> { usage(out); return 0; }
                case "-V" -> { out.println("ccsd " + VERSION); return 0; }
                case "-n", "-f" -> { /* always in the foreground */ }
                case "-d" -> debug = true;
                default -> { err.println("ccsd: unknown option " + a); usage(err); return 2; }
            }
        }
        ClusterRoot root = ClusterRoot.fromEnvironment();
        CmanClient cman = new CmanClient(root);
        String node = nodeName(cman);
        ClusterLog log;
        try {
            log = ClusterLog.open(root, "ccsd", node, true);
        } catch (IOException e) {
            err.println("ccsd: cannot open the log under " + root.logDir() + ": " + e.getMessage());
            return 1;
        }
        configureLog(log, root, debug);
        log.notice("Starting ccsd " + VERSION);
        CcsDaemon daemon = new CcsDaemon(root, GroupTransport.cman(cman), cman::reloadConfig, log::log);
        try {
            startWhenCmanIsReady(daemon, log);
            Files.createDirectories(root.runDir());
            Files.writeString(root.pidFile("ccsd"), ProcessHandle.current().pid() + "\n");
        } catch (IOException | IpcException e) {
            log.err("Unable to start: " + e.getMessage());
            err.println("ccsd: " + e.getMessage());
            daemon.close();
            ClusterLog.shutdown();
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.notice("Stopping ccsd");
            daemon.close();
            try { Files.deleteIfExists(root.pidFile("ccsd")); } catch (IOException ignored) { /* gone with the run dir */ }
            ClusterLog.shutdown();
        }, "ccsd-stop"));
        String reason = daemon.disconnected().join();
        log.err("Exiting: " + reason);
        return 1;
    }

    /** cman may still be starting (or joining the cluster): retry until {@link #CMAN_WAIT} has passed. */
    private static void startWhenCmanIsReady(CcsDaemon daemon, ClusterLog log) throws IOException {
        Instant deadline = Instant.now().plus(CMAN_WAIT);
        while (true) {
            try {
                daemon.start();
                return;
            } catch (IpcException e) {
                if (Instant.now().isAfter(deadline)) throw new IpcException("cman is not answering: " + e.getMessage(), e);
                log.debug("Waiting for cman: " + e.getMessage());
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IpcException("interrupted while waiting for cman");
                }
            }
        }
    }

    private static String nodeName(CmanClient cman) {
        try {
            String n = cman.status().nodeName();
            if (n != null && !n.isEmpty()) return n;
        } catch (IpcException e) {
            // cman not up yet: the host name will do for the log lines
        }
        String env = System.getenv("CLUSTER_NODE");
        if (env != null && !env.isEmpty()) return env;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static void configureLog(ClusterLog log, ClusterRoot root, boolean debug) {
        try {
            log.configure(ConfDocument.load(root.clusterConf()).cluster().logging);
        } catch (ConfException e) {
            log.configure(null);
        }
        if (debug) {
            org.jrhcs.ccs.model.Logging l = new org.jrhcs.ccs.model.Logging();
            l.debug = "on";
            log.configure(l);
        }
    }

    private static void usage(PrintStream s) {
        s.println("Usage: ccsd [options]");
        s.println("  -h    Print this help and exit");
        s.println("  -V    Print the version and exit");
        s.println("  -d    Log debug messages");
        s.println("  -n    Stay in the foreground (always the case)");
        s.println();
        s.println("ccsd keeps $CLUSTER_ROOT/etc/cluster/cluster.conf identical on every member, serves it on");
        s.println("var/run/cluster/ccsd.sock and distributes updates made with \"ccs_tool update FILE\".");
    }
}
