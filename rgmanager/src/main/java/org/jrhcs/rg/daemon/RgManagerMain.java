package org.jrhcs.rg.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.ccs.ConfException;
import org.jrhcs.ccs.ConfNode;
import org.jrhcs.ccs.Defaults;
import org.jrhcs.ccsd.client.ConfigFeed;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.client.ipc.IpcException;
import org.jrhcs.cman.client.CmanClient;
import org.jrhcs.cman.client.CmanStatus;
import org.jrhcs.log.ClusterLog;
import org.jrhcs.rg.agent.AgentCatalog;
import org.jrhcs.rg.core.ResourceException;
import org.jrhcs.rg.core.ResourceTree;
import org.jrhcs.rg.core.TreeBuilder;
import org.jrhcs.rg.core.state.RgConfig;
import org.jrhcs.rg.core.state.RgCore;

/**
 * {@code rgmanager} (logging as {@code clurgmgrd}): joins cman's "rgmanager" process
 * group and manages the services of cluster.conf until SIGTERM, when it hands its
 * services to the other members and leaves. Runs in the foreground (the init script
 * or systemd puts it in the background).
 *
 * <p>Options: {@code -a DIR} the resource agents (default
 * {@code $CLUSTER_ROOT/usr/share/cluster}); {@code -f} foreground (always; accepted for
 * RHCS compatibility); {@code -w} no watchdog (this process never has one: the watchdog
 * parent is {@code tools/bin/rgmanager-watchdog}, which the init script starts and which
 * passes its options on); {@code -h} help.
 */
public final class RgManagerMain {
    /** How long rgmanager waits at start for a running ccsd to get in sync with the cluster. */
    static final java.time.Duration CCSD_SYNC_WAIT = java.time.Duration.ofSeconds(30);
    private RgManagerMain() {}

    public static void main(String[] args) {
        // Our hook logs the hand-over; Log4j must not close the files before it ran.
        System.setProperty("log4j.shutdownHookEnabled", "false");
        System.setProperty("log4j2.shutdownHookEnabled", "false");
        System.exit(run(args, System.err));
    }

    static int run(String[] args, PrintStream err) {
        ClusterRoot root = ClusterRoot.fromEnvironment();
        Path agentDir = root.resolve(Defaults.RG_AGENT_DIR);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-f", "-d", "-N", "-w" -> { }
                case "-a" -> {
                    if (++i >= args.length) return usage(err);
                    agentDir = Path.of(args[i]);
                }
                default -> { return usage(err); }
            }
        }
        ConfDocument conf;
        ConfigFeed feed = new ConfigFeed(root);
        try {
            ConfigFeed.Snapshot snap = feed.current(CCSD_SYNC_WAIT);
            conf = ConfDocument.parse(snap.text(), snap.origin());
        } catch (ConfException | IOException e) {
            err.println("rgmanager: " + e.getMessage());
            return 1;
        }
        RgConfig config;
        try {
            config = RgConfig.from(conf.cluster());
        } catch (IllegalArgumentException e) {
            err.println("rgmanager: " + root.clusterConf() + ": " + e.getMessage());
            return 1;
        }
        RgEvents events;
        try {
            events = RgEvents.from(rmElement(conf), config.nodeNames(), config.services().keySet());
        } catch (IllegalArgumentException e) {
            err.println("rgmanager: " + e.getMessage());
            return 1;
        }
        CmanStatus cman;
        CmanClient cmanClient = new CmanClient(root);
        try {
            cman = cmanClient.status();
        } catch (IpcException e) {
            err.println("rgmanager: cman is not running: " + e.getMessage());
            return 1;
        }
        ClusterLog log;
        try {
            log = ClusterLog.open(root, "clurgmgrd", cman.nodeName(), true);
        } catch (IOException e) {
            err.println("rgmanager: cannot open the log under " + root.logDir() + ": " + e.getMessage());
            return 1;
        }
        log.configure(conf.cluster().logging);
        feed.logTo(log::info);
        RgLog rgLog = RgLog.of(log);
        ResourceTree tree;
        AgentCatalog catalog;
        try {
            catalog = AgentCatalog.load(agentDir);
            tree = TreeBuilder.build(ConfNode.of(conf.dom().getDocumentElement()), catalog.types());
        } catch (IOException | ResourceException | IllegalArgumentException e) {
            err.println("rgmanager: " + root.clusterConf() + ": " + e.getMessage());
            log.err("Error loading services: " + e.getMessage());
            return 1;
        }
        for (String p : catalog.problems()) log.warning("Resource agent " + p);
        log.notice("Resource Group Manager Starting");
        if (events.notice() != null) log.notice(events.notice());
        for (String w : events.warnings()) log.warning(w);
        EngineServiceRunner runner = new EngineServiceRunner(tree, catalog, root, cman.nodeName(), rgLog, System::currentTimeMillis);
        int version = conf.cluster().configVersion == null ? 0 : conf.cluster().configVersion;
        RgDaemon daemon = new RgDaemon(new RgCore(config, version, cman.nodeId()), GroupPort.cman(cmanClient), runner,
                new FencedOracle(root, rgLog), rgLog, root, System::currentTimeMillis, RgDaemon.Settings.defaults())
                .withConfigSource(new CcsConfigSource(feed, version, catalog, runner, rgLog));
        try {
            daemon.start();
            Files.createDirectories(root.runDir());
            Files.writeString(root.pidFile("rgmanager"), ProcessHandle.current().pid() + "\n");
        } catch (IOException | IpcException e) {
            err.println("rgmanager: " + e.getMessage());
            log.err("Cannot start: " + e.getMessage());
            daemon.close();
            return 1;
        }
        Thread hook = new Thread(() -> {
            if (!daemon.hasLeft()) daemon.shutdown();
            log.notice("Shutdown complete, exiting");
            try {
                Files.deleteIfExists(root.pidFile("rgmanager"));
            } catch (IOException ignored) {
                // a stale pid file is replaced at the next start
            }
            ClusterLog.shutdown();
        }, "rg-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        while (!daemon.hasLeft()) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return 0;
            }
        }
        // Left without SIGTERM: cman went away. Exit; the hook finishes the log.
        return 1;
    }

    private static org.w3c.dom.Element rmElement(ConfDocument conf) {
        for (org.w3c.dom.Node n = conf.dom().getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling())
            if (n instanceof org.w3c.dom.Element e && e.getTagName().equals("rm")) return e;
        return null;
    }

    private static int usage(PrintStream err) {
        err.println("usage: rgmanager [-f] [-w] [-a AGENT_DIR]");
        return 2;
    }
}
