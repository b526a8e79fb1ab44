package org.jrhcs.rg.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jrhcs.ccs.Defaults;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.rg.core.ParamSpec;
import org.jrhcs.rg.core.ResourceNode;
import org.jrhcs.rg.core.ResourceTree;

/**
 * Runs the agents of one resource tree in order: start (a failed start stops, in
 * reverse, what this start had started, so nothing is left half-started), stop (every
 * node is asked even after a failure; "not running" counts as stopped) and status.
 * Each step is reported to a sink as it happens, in rg_test's {@code [start] type:name}
 * shape followed by the agent's own output.
 */
public final class ServiceRunner {
    /** How a whole-tree operation ended; {@code failed} is the first node that failed, or null. */
    public record Outcome(boolean ok, ResourceNode failed, AgentResult result) {}

    private final AgentCatalog catalog;
    private final AgentRunner runner;
    private final ClusterRoot root;
    private final String nodeName;
    private final Consumer<String> sink;

    public ServiceRunner(AgentCatalog catalog, AgentRunner runner, ClusterRoot root, String nodeName, Consumer<String> sink) {
        this.catalog = catalog;
        this.runner = runner;
        this.root = root;
        this.nodeName = nodeName;
        this.sink = sink;
    }

    public Outcome start(ResourceNode tree) {
        List<ResourceNode> started = new ArrayList<>();
        for (ResourceNode n : ResourceTree.startOrder(tree)) {
            AgentResult r = run(n, "start", 0);
            if (!r.succeeded()) {
                sink.accept("Failed to start " + n.label() + "; return value: " + r.exitCode() + " (" + r.exit().text() + ")\n");
                for (int i = started.size() - 1; i >= 0; i--) run(started.get(i), "stop", 0);
                return new Outcome(false, n, r);
            }
            started.add(n);
        }
        return new Outcome(true, null, null);
    }

    public Outcome stop(ResourceNode tree) {
        Outcome first = new Outcome(true, null, null);
        for (ResourceNode n : ResourceTree.stopOrder(tree)) {
            AgentResult r = run(n, "stop", 0);
            if (!r.succeeded()) {
                sink.accept("Failed to stop " + n.label() + "; return value: " + r.exitCode() + " (" + r.exit().text() + ")\n");
                if (first.ok()) first = new Outcome(false, n, r);
            }
        }
        return first;
    }

    /** Status at a check depth (0, 10, 20); stops at the first node that is not fine. */
    public Outcome status(ResourceNode tree, int depth) {
        for (ResourceNode n : ResourceTree.startOrder(tree)) {
            String action = n.type().hasAction("status") || !n.type().hasAction("monitor") ? "status" : "monitor";
            AgentResult r = run(n, action, depth);
            if (r.timedOut() || r.exitCode() != 0) {
                sink.accept(action + " on " + n.type().name() + " \"" + n.resource().primaryValue() + "\" returned "
                        + r.exitCode() + " (" + r.exit().text() + ")\n");
                return new Outcome(false, n, r);
            }
        }
        return new Outcome(true, null, null);
    }

    /** Runs one action of one node. */
    public AgentResult run(ResourceNode n, String action, int depth) {
        sink.accept("[" + action + "] " + n.label() + "\n");
        Duration timeout = timeout(n, action, depth);
        AgentResult r = runner.run(catalog.agentPath(n.type().name()), action, environment(n, depth, timeout), timeout);
        if (!r.output().isEmpty()) sink.accept(r.output().endsWith("\n") ? r.output() : r.output() + "\n");
        return r;
    }

    /**
     * rgmanager enforces an agent's own timeouts only where the node asks for it; a status
     * check's timeout may come from the node's {@code <action>} override.
     */
    static Duration timeout(ResourceNode n, String action, int depth) {
        int declared = n.type().timeout(action, depth);
        if (action.equals("status") || action.equals("monitor"))
            for (org.jrhcs.rg.core.ActionSpec a : n.statusChecks())
                if (a.depth() == depth && a.timeoutSeconds() > 0) declared = a.timeoutSeconds();
        if (n.enforceTimeouts() && declared > 0) return Duration.ofSeconds(declared);
        return Duration.ofSeconds(Math.max(declared, Defaults.RG_AGENT_TIMEOUT_S));
    }

    /** The OCF environment of one node's agent. */
    public Map<String, String> environment(ResourceNode n, int depth, Duration timeout) {
        Map<String, String> env = new LinkedHashMap<>();
        // Only written and inherited values: an OCF agent computes its own defaults (some,
        // like Dummy's state file, depend on the environment it runs in).
        for (ParamSpec p : n.type().params()) {
            String v = p.inherited() ? n.attributes().get(p.name()) : n.resource().written(p.name());
            if (v != null) env.put("OCF_RESKEY_" + p.name(), v);
        }
        Path ocfRoot = Path.of(Defaults.OCF_ROOT);
        env.put("OCF_ROOT", Files.isDirectory(ocfRoot) ? ocfRoot.toString() : catalog.directory().toString());
        env.put("OCF_RA_VERSION_MAJOR", "1");
        env.put("OCF_RA_VERSION_MINOR", "0");
        env.put("OCF_RESOURCE_INSTANCE", n.resource().primaryValue());
        env.put("OCF_RESOURCE_TYPE", n.type().name());
        env.put("OCF_CHECK_LEVEL", Integer.toString(depth));
        env.put("OCF_RESKEY_CRM_meta_timeout", Long.toString(timeout.toMillis()));
        env.put("CLUSTER_ROOT", root.path().toString());
        if (nodeName != null) env.put("CLUSTER_NODE", nodeName);
        Path rsctmp = root.resolve("var/run/resource-agents");
        try {
            Files.createDirectories(rsctmp);
        } catch (java.io.IOException ignored) {
            // the agent reports its own error if it needs the directory
        }
        env.put("HA_RSCTMP", rsctmp.toString());
        return env;
    }
}
