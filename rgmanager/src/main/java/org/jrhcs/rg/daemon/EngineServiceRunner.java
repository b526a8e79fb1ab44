package org.jrhcs.rg.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jrhcs.ccs.Defaults;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.rg.agent.AgentCatalog;
import org.jrhcs.rg.agent.AgentResult;
import org.jrhcs.rg.agent.AgentRunner;
import org.jrhcs.rg.core.ActionSpec;
import org.jrhcs.rg.core.Delta;
import org.jrhcs.rg.core.SubtreeRecovery;
import org.jrhcs.rg.core.ResourceNode;
import org.jrhcs.rg.core.ResourceTree;
import org.jrhcs.rg.core.state.Effect.Level;

/**
 * {@link ServiceRunner} on the resource engine: each service's tree from cluster.conf,
 * run by the engine's runner ({@code org.jrhcs.rg.agent.ServiceRunner}). Agent lines of
 * the form {@code <level> text} (ocf_log) go to the clurgmgrd log at that level, as do
 * the engine's status-failure lines; the rest of the agents' chatter is debug.
 *
 * <p>Status checks follow the agents' metadata: every check runs at the shortest
 * interval any resource of the service declares; each check runs at the deepest
 * depth whose own interval has passed since it last ran (depth 0 every time).
 */
public final class EngineServiceRunner implements ServiceRunner {
    private volatile ResourceTree tree;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, Set<ResourceNode>> stoppedSubtrees = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> failures = new ConcurrentHashMap<>();
    private final RgLog log;
    private final org.jrhcs.rg.agent.ServiceRunner engine;
    private final AgentRunner agents = new AgentRunner();
    private final AgentCatalog catalog;
    private final ClusterRoot root;
    private final String nodeName;
    private final LongSupplier clock;
    private final Map<String, Map<Integer, Long>> lastByDepth = new ConcurrentHashMap<>();

    public EngineServiceRunner(ResourceTree tree, AgentCatalog catalog, ClusterRoot root, String nodeName, RgLog log,
                               LongSupplier clock) {
        this.tree = tree;
        this.catalog = catalog;
        this.root = root;
        this.nodeName = nodeName;
        this.clock = clock;
        this.log = log;
        this.engine = new org.jrhcs.rg.agent.ServiceRunner(catalog, agents, root, nodeName, text -> relay(log, text));
    }

    /** Copies agent and engine output into the daemon log, keeping the agents' own levels. */
    static void relay(RgLog log, String text) {
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            Level level = Level.DEBUG;
            String msg = line;
            if (line.startsWith("<") && line.indexOf('>') > 0) {
                level = switch (line.substring(1, line.indexOf('>'))) {
                    case "crit", "err", "error" -> Level.ERR;
                    case "warning", "warn" -> Level.WARNING;
                    case "notice" -> Level.NOTICE;
                    case "info" -> Level.INFO;
                    default -> Level.DEBUG;
                };
                msg = line.substring(line.indexOf('>') + 1).trim();
            } else if (line.startsWith("status on ") || line.startsWith("monitor on ")) {
                level = Level.NOTICE;
            } else if (line.startsWith("Failed to ")) {
                level = Level.ERR;
            }
            log.log(level, msg);
        }
    }

    private Optional<ResourceNode> node(String service) { return node(tree, service); }

    private static Optional<ResourceNode> node(ResourceTree t, String service) {
        int colon = service.indexOf(':');
        return colon < 0 ? t.service(service) : t.root(service.substring(0, colon), service.substring(colon + 1));
    }

    /** One agent operation per service at a time, reloads included. */
    private Object lock(String service) { return locks.computeIfAbsent(service, k -> new Object()); }

    /**
     * Switches to a new configuration's trees. For the services running here it applies
     * rgmanager's reload rules (the engine's {@link Delta}): a removed service is stopped
     * with its old tree; inside a kept service, subtrees that went away or changed stop
     * (old definition) and subtrees that are new or changed start (new definition).
     * Changes of the service container itself (its attributes) restart nothing.
     */
    public void reload(ResourceTree newTree, List<String> ownedHere) {
        ResourceTree old = tree;
        Delta d = Delta.between(old, newTree);
        for (String svc : ownedHere) {
            synchronized (lock(svc)) {
                Optional<ResourceNode> before = node(old, svc), after = node(newTree, svc);
                if (before.isEmpty()) continue;
                if (after.isEmpty()) {
                    engine.stop(before.get());
                    continue;
                }
                for (ResourceNode n : ResourceTree.stopOrder(before.get()))
                    if (n != before.get() && d.oldNode(n) == Delta.Flag.NEEDSTOP) engine.stop(n);
            }
        }
        tree = newTree;
        for (String svc : ownedHere) {
            synchronized (lock(svc)) {
                Optional<ResourceNode> after = node(newTree, svc);
                if (after.isEmpty()) continue;
                for (ResourceNode n : ResourceTree.startOrder(after.get()))
                    if (n != after.get() && d.newNode(n) == Delta.Flag.NEEDSTART) engine.start(n);
            }
        }
    }

    @Override public boolean start(String service) {
        synchronized (lock(service)) {
            lastByDepth.remove(service);
            stoppedSubtrees.remove(service);
            failures.keySet().removeIf(k -> k.startsWith(service + "\u0000"));
            return node(service).map(n -> engine.start(n).ok()).orElse(false);
        }
    }

    @Override public boolean stop(String service) {
        synchronized (lock(service)) {
            return node(service).map(n -> engine.stop(n).ok()).orElse(true);
        }
    }

    @Override public boolean status(String service) {
        synchronized (lock(service)) {
            return statusLocked(service);
        }
    }

    private boolean statusLocked(String service) {
        Optional<ResourceNode> n = node(service);
        if (n.isEmpty()) return false;
        long now = clock.getAsLong();
        Map<Integer, Long> last = lastByDepth.computeIfAbsent(service, k -> new ConcurrentHashMap<>());
        int depth = 0;
        for (Map.Entry<Integer, Long> e : intervals(n.get()).entrySet())
            if (now - last.getOrDefault(e.getKey(), 0L) >= e.getValue()) depth = Math.max(depth, e.getKey());
        for (int d : intervals(n.get()).keySet()) if (d <= depth) last.put(d, now);
        return check(service, n.get(), depth, now);
    }

    /**
     * The engine's status walk, plus rgmanager's per-node failure rules
     * ({@code __max_failures}, {@code __independent_subtree}; {@link SubtreeRecovery}):
     * a tolerated failure or a restarted independent subtree keeps the service running;
     * a non-critical subtree is stopped and skipped by later checks; anything else
     * fails the check, and the service manager recovers the whole service.
     */
    private boolean check(String service, ResourceNode root, int depth, long nowMs) {
        Set<ResourceNode> off = stoppedSubtrees.computeIfAbsent(service, k -> ConcurrentHashMap.newKeySet());
        for (ResourceNode r : ResourceTree.startOrder(root)) {
            // the service container's own status says nothing (service.sh always answers 0)
            if (r == root || isInside(r, off)) continue;
            String action = r.type().hasAction("status") || !r.type().hasAction("monitor") ? "status" : "monitor";
            AgentResult res = engine.run(r, action, depth);
            if (!res.timedOut() && res.exitCode() == 0) continue;
            relay(log, action + " on " + r.type().name() + " \"" + r.resource().primaryValue() + "\" returned "
                    + res.exitCode() + " (" + res.exit().text() + ")");
            List<Long> history = failures.computeIfAbsent(service + "\u0000" + r.label(), k -> new ArrayList<>());
            long nowS = nowMs / 1000;
            SubtreeRecovery.Decision d = SubtreeRecovery.onStatusFailure(root, r, List.copyOf(history), nowS);
            history.add(nowS);
            switch (d.kind()) {
                case IGNORE -> { continue; }
                case RESTART_SUBTREE -> {
                    log.log(Level.NOTICE, "Restarting independent subtree " + d.scope().label() + " of " + service);
                    engine.stop(d.scope());
                    if (!engine.start(d.scope()).ok()) return false;
                    continue;
                }
                case STOP_SUBTREE -> {
                    log.log(Level.NOTICE, "Stopping non-critical subtree " + d.scope().label() + " of " + service);
                    engine.stop(d.scope());
                    off.add(d.scope());
                    continue;
                }
                default -> { return false; }
            }
        }
        return true;
    }

    private static boolean isInside(ResourceNode n, Set<ResourceNode> subtrees) {
        for (ResourceNode s : subtrees) if (ResourceTree.startOrder(s).contains(n)) return true;
        return false;
    }

    @Override public boolean probe(String service) {
        Optional<ResourceNode> n = node(service);
        if (n.isEmpty()) return false;
        for (ResourceNode r : ResourceTree.startOrder(n.get())) {
            if (r == n.get()) continue; // the service node itself is only a container
            AgentResult res = agents.run(catalog.agentPath(r.type().name()), "status",
                    engine.environment(r, 0, java.time.Duration.ofSeconds(Defaults.RG_AGENT_TIMEOUT_S)),
                    java.time.Duration.ofSeconds(Defaults.RG_AGENT_TIMEOUT_S));
            if (!res.timedOut() && res.exitCode() == 0) return true;
        }
        return false;
    }

    @Override public long checkIntervalMs(String service) {
        return node(service).map(n -> intervals(n).values().stream().mapToLong(Long::longValue).min()
                .orElse(Defaults.RM_STATUS_POLL_INTERVAL_S * 1000L)).orElse(Defaults.RM_STATUS_POLL_INTERVAL_S * 1000L);
    }

    /**
     * Shortest declared interval (ms) per check depth over the service's resources (the agents'
     * metadata, with the resources' {@code <action>} overrides), the container excluded.
     */
    private static Map<Integer, Long> intervals(ResourceNode service) {
        Map<Integer, Long> out = new TreeMap<>();
        for (ResourceNode r : ResourceTree.startOrder(service)) {
            if (r == service) continue;
            for (ActionSpec a : r.statusChecks())
                if (a.intervalSeconds() > 0) out.merge(a.depth(), a.intervalSeconds() * 1000L, Math::min);
        }
        if (out.isEmpty()) out.put(0, Defaults.RM_STATUS_POLL_INTERVAL_S * 1000L);
        return out;
    }

    String nodeName() { return nodeName; }

    ClusterRoot root() { return root; }
}
