package org.jrhcs.fence.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.ccs.ConfException;
import org.jrhcs.ccs.Defaults;
import org.jrhcs.ccsd.client.ConfigFeed;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.client.ipc.IpcException;
import org.jrhcs.cman.client.CmanClient;
import org.jrhcs.cman.client.CmanStatus;
import org.jrhcs.fence.agent.AgentRunner;
import org.jrhcs.fence.agent.FenceConfigLoader;
import org.jrhcs.fence.core.FenceConfig;
import org.jrhcs.fence.core.FenceSettings;
import org.jrhcs.log.ClusterLog;

/**
 * {@code fenced [-D] [-c] [-s] [-j secs] [-f secs] [-R secs] [-t secs] [-J]}: the fence daemon.
 * Options override {@code <fence_daemon>} in cluster.conf (fenced(8)). The daemon serves
 * its sockets and waits for {@code fence_tool join} (or joins at once with {@code -J});
 * it exits after {@code fence_tool leave}, or when cman goes away.
 */
public final class FencedMain {
    /** How long fenced waits at start for a running ccsd to get in sync with the cluster. */
    static final long CCSD_SYNC_WAIT_S = 30;
    private static final int CMAN_WAIT_S = 5;

    private FencedMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Integer postJoin = null, postFail = null, override = null;
        int agentTimeout = Defaults.FENCE_AGENT_TIMEOUT_S;
        boolean clean = false, skip = false, joinNow = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "-D", "-L" -> { /* foreground and debug: this daemon never forks */ }
                    case "-c" -> clean = true;
                    case "-s" -> skip = true;
                    case "-J" -> joinNow = true;
                    case "-j" -> postJoin = Integer.parseInt(args[++i]);
                    case "-f" -> postFail = Integer.parseInt(args[++i]);
                    case "-R" -> override = Integer.parseInt(args[++i]);
                    case "-t" -> agentTimeout = Integer.parseInt(args[++i]);
                    case "-h" -> {
                        out.print(usage());
                        return 0;
                    }
                    case "-V" -> {
                        out.println("fenced (jrhcs) " + FencedMain.class.getPackage().getImplementationVersion());
                        return 0;
                    }
                    default -> {
                        err.println("fenced: unknown option " + args[i]);
                        err.print(usage());
                        return 1;
                    }
                }
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            err.println("fenced: option needs a number of seconds");
            return 1;
        }
        if (agentTimeout < 1) {
            err.println("fenced: -t needs at least 1 second");
            return 1;
        }
        ClusterRoot root = ClusterRoot.fromEnvironment();
        FenceConfig config;
        ConfDocument doc;
        ConfigFeed feed = new ConfigFeed(root);
        String loadedText;
        try {
            // a running ccsd that is still joining is waited for: its copy may be newer than the file
            ConfigFeed.Snapshot snap = feed.current(Duration.ofSeconds(CCSD_SYNC_WAIT_S));
            loadedText = snap.text();
            doc = ConfDocument.parse(snap.text(), snap.origin());
            config = FenceConfigLoader.load(doc);
        } catch (ConfException e) {
            err.println("fenced: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("fenced: " + e.getMessage());
            return 1;
        }
        final Integer pj = postJoin, pf = postFail, ov = override;
        final boolean cl = clean, sk = skip;
        UnaryOperator<FenceConfig> options = c -> {
            FenceSettings s = c.settings();
            return new FenceConfig(new FenceSettings(
                    pj == null ? s.postJoinDelayMs() : pj < 0 ? -1 : pj * 1000L,
                    pf == null ? s.postFailDelayMs() : pf < 0 ? -1 : pf * 1000L,
                    cl || s.cleanStart(), ov == null ? s.overrideTimeMs() : ov * 1000L,
                    sk || s.skipUndefined()), c.nodes());
        };
        config = options.apply(config);

        CmanClient cman = new CmanClient(root);
        CmanStatus status = null;
        // cman may still be opening its socket when an init script starts both in a row
        long deadline = System.nanoTime() + CMAN_WAIT_S * 1_000_000_000L;
        while (status == null) {
            try {
                status = cman.status();
            } catch (IpcException e) {
                if (System.nanoTime() > deadline) {
                    err.println("fenced: cannot reach cman: " + e.getMessage());
                    return 1;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    return 1;
                }
            }
        }
        PidLock pid;
        try {
            pid = PidLock.acquire(root.pidFile("fenced"));
        } catch (IOException e) {
            err.println("fenced: cannot lock " + root.pidFile("fenced") + ": " + e.getMessage());
            return 1;
        }
        if (pid == null) {
            err.println("fenced: fenced is already running");
            return 1;
        }
        ClusterLog log;
        try {
            log = ClusterLog.open(root, "fenced", status.nodeName(), false);
        } catch (IOException e) {
            pid.close();
            err.println("fenced: cannot open the log under " + root.logDir() + ": " + e.getMessage());
            return 1;
        }
        log.configure(doc.cluster().logging);
        feed.logTo(log::info);
        AgentRunner runner = new AgentRunner(root, status.nodeName(), Duration.ofSeconds(agentTimeout), null);
        FencedDaemon daemon = new FencedDaemon(config, status.nodeId(), status.nodeName(), new CmanDomainGroup(cman),
                runner, log::log, System::currentTimeMillis).watch(new ConfigWatcher(feed, loadedText, options)).start();
        try (pid; FencedServer server = new FencedServer(root, daemon)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                daemon.terminate();
                server.close();
                pid.close();
            }));
            if (joinNow) daemon.join();
            int rc = daemon.exit().join();
            ClusterLog.shutdown();
            return rc;
        } catch (IOException | IpcException e) {
            log.err("cannot start: " + e.getMessage());
            err.println("fenced: cannot start: " + e.getMessage());
            return 1;
        }
    }

    static String usage() {
        return """
                Usage:

                fenced [options]

                Options:

                  -D           Enable debugging to stderr and don't fork
                  -c           All nodes are in a clean state to start; do no startup fencing
                  -s           Skip startup fencing of nodes with no defined fence methods
                  -j <secs>    Post-join fencing delay (default 6)
                  -f <secs>    Post-fail fencing delay (default 0)
                  -R <secs>    Override time: wait between failed fencing attempts (default 3)
                  -t <secs>    Kill a fence agent that has not finished after secs (default 60)
                  -J           Join the fence domain at once (otherwise wait for fence_tool join)
                  -h           Print this help, then exit
                  -V           Print program version information, then exit
                """;
    }
}
