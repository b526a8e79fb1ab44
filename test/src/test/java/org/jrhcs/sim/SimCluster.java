package org.jrhcs.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jrhcs.log.Severity;
import org.jrhcs.rg.core.placement.ServiceState;
import org.jrhcs.rg.core.state.ServiceSlot;

/**
 * A whole cluster in one JVM: the nodes with their real cores, the network, the shared
 * disk, the agents, and the physical truth the checker judges them by: which node is
 * powered, hung, and actually running which service.
 *
 * <p><b>Invariants</b>, checked after every event ({@link #check}):
 * <ol>
 *   <li>no service is active on two nodes (a hung node's services still count: they run);</li>
 *   <li>nothing a failed node held starts elsewhere before that node was fenced (or
 *       acknowledged by an operator who made sure it is off) or rebooted — checked when a
 *       start begins;</li>
 *   <li>at most one partition is quorate: no two quorate cman members that each leave
 *       the other out of their membership (not checked with two_node, where the fence
 *       race decides by design);</li>
 *   <li>a node's cluster.conf version (persisted and published) never goes back.</li>
 * </ol>
 * The first violation, or the first exception out of any core, ends the run with a
 * {@link SimViolation} carrying the seed and the event trace.
 */
public final class SimCluster {

    /** How a service instance ended on a node. */
    public enum End { STOP, CRASH, FENCED }

    private record Instance(long start, End end, long endTime) {}

    final long seed;
    final SimConfig config;
    final VirtualClock clock = new VirtualClock();
    final SimScheduler scheduler;
    final SimRandom random;
    final SimNetwork network;
    final SimDisk disk;
    final SimAgents agents;
    final List<SimNode> nodes = new ArrayList<>();

    /** Test-only broken builds: the checker must catch them. */
    boolean brokenSkipFenceWait, brokenIgnoreQuorum;
    /** Broken qdiskd wiring: cman's membership is never given to qdiskd, so grants follow the disk alone. */
    boolean brokenQdiskIgnoresCman;
    /** Broken ccsd: an update older than the node's copy is written to disk anyway. */
    boolean brokenAcceptStaleConfig;
    boolean debugLogs;
    /**
     * rgmanager starts only once fenced has joined and finished startup fencing (RHCS's
     * init order with {@code fence_tool join -w}). Off: rgmanager joins as soon as cman is
     * a member, as conf/init.d/cman's plain {@code fence_tool join} allows (a known bug).
     */
    boolean rgAfterStartupFencing = true;
    /** Check "at most one partition is quorate" (off only in tests of other invariants). */
    boolean checkQuorum = true;
    /**
     * Known bug (SimBugsTest#aColdStartWaitsForFencing): RgCore's cold start trusts that no
     * absent node needs fencing. When set, such a takeover is counted, not failed.
     */
    boolean toleratedColdStart;
    long knownColdStartHits;
    /**
     * Known bug (SimBugsTest#tablesNeverDivergeOnQuorumChanges): a member that refused an Exec
     * because its own cman was not quorate yet holds a different service table. When set, a
     * takeover started from such a table is counted, not failed.
     */
    boolean toleratedDivergence;
    long knownDivergenceHits;
    /** Some member's rgmanager refused an Exec for local inquorum during this run. */
    boolean anyDiverged;
    /** Check at the end that every service runs again after the heal (liveness). */
    boolean validateAtEnd = true;
    boolean recordLogs;
    /** Reboot delay after a crash or fence, or -1: stay down until told. */
    long rebootMinMs = 5_000, rebootMaxMs = 40_000;

    private final Map<String, Map<Integer, Long>> active = new LinkedHashMap<>();
    private final Map<String, Map<Integer, Instance>> ended = new HashMap<>();
    private final long[] fencedAt;
    private final List<String> logs = new ArrayList<>();
    private SimViolation violation;
    private long starts, takeovers, fences, quorateChecks;

    public SimCluster(SimConfig config, long seed) {
        this.seed = seed;
        this.config = config;
        this.random = new SimRandom(seed);
        this.scheduler = new SimScheduler(clock, 400);
        List<String> names = config.names();
        for (int i = 0; i < names.size(); i++) nodes.add(new SimNode(this, i, names.get(i), config.cman().nodes().get(i).id()));
        this.network = new SimNetwork(scheduler, clock, random, names, i -> nodes.get(i).reachable(),
                i -> nodes.get(i).attached(), new SimNetwork.Listener() {
            @Override public void onView(int node, long viewId, List<String> members) { nodes.get(node).onView(viewId, members); }

            @Override public void onMessage(int node, String from, byte[] frame) { nodes.get(node).onMessage(from, frame); }
        });
        this.disk = new SimDisk(clock, random);
        this.agents = new SimAgents(clock, random);
        this.fencedAt = new long[names.size()];
        for (String s : config.rg().services().keySet()) {
            active.put(s, new LinkedHashMap<>());
            ended.put(s, new HashMap<>());
        }
        scheduler.afterEach(this::check);
    }

    SimNode byId(int id) {
        for (SimNode n : nodes) if (n.id == id) return n;
        throw new IllegalArgumentException("no node id " + id);
    }

    public SimNode node(String name) {
        int i = config.names().indexOf(name);
        if (i < 0) throw new IllegalArgumentException("no node " + name + " (nodes: " + config.names() + ")");
        return nodes.get(i);
    }

    public void runFor(long ms) { scheduler.runUntil(clock.now() + ms); }

    // ---- physical events ---------------------------------------------------------------

    public void boot(int i) {
        SimNode n = nodes.get(i);
        if (n.powered) return;
        scheduler.note("== boot " + n.name);
        n.boot();
    }

    /** Power loss, kernel panic, cman exit or self-fence: services die with the node. */
    public void crash(int i, End how, String why) {
        SimNode n = nodes.get(i);
        if (!n.powered) return;
        scheduler.note("== " + (how == End.FENCED ? "power off (fenced) " : "crash ") + n.name + ": " + why);
        for (String s : runningOn(i)) end(i, s, how);
        n.powerOff();
        network.scheduleRecompute(random.between(50, 300), n.name + " died"); // FD_SOCK2: closed sockets
        if (rebootMinMs >= 0) scheduler.after(random.between(rebootMinMs, rebootMaxMs), null, () -> boot(i));
    }

    /** A clean shutdown finished: whatever still runs is stopped by the init scripts. */
    void cleanPowerOff(int i) {
        SimNode n = nodes.get(i);
        scheduler.note("== " + n.name + " is down (clean shutdown)");
        for (String s : runningOn(i)) end(i, s, End.STOP);
        n.powerOff();
    }

    /** A fence agent reported success: the victim is off now. */
    void fenced(String victim, String by) {
        int i = config.names().indexOf(victim);
        fences++;
        fencedAt[i] = clock.now();
        crash(i, End.FENCED, "fenced by " + by);
    }

    /** fence_ack_manual after the operator made sure the node is off (here: turned it off). */
    public String ackManual(String onNode, String victim) {
        int v = config.names().indexOf(victim);
        crash(v, End.FENCED, "operator switched it off before fence_ack_manual");
        fencedAt[v] = clock.now();
        return node(onNode).ackManual(victim);
    }

    void startBegins(int i, String service) {
        Map<Integer, Long> on = active.get(service);
        if (on == null || on.containsKey(i)) return;
        starts++;
        for (Map.Entry<Integer, Instance> e : ended.get(service).entrySet()) {
            int j = e.getKey();
            Instance last = e.getValue();
            if (j == i || last.end != End.CRASH) continue;
            takeovers++;
            SimNode prev = nodes.get(j);
            boolean settled = fencedAt[j] >= last.endTime || prev.bootedAt > last.endTime;
            if (!settled && toleratedColdStart && nodes.get(i).coldStartAt > last.endTime) {
                knownColdStartHits++;
                continue;
            }
            if (!settled && toleratedDivergence && anyDiverged) {
                knownDivergenceHits++;
                continue;
            }
            if (!settled)
                violate("takeover before fence: " + service + " starts on " + nodes.get(i).name + " but "
                        + prev.name + ", which ran it until it failed at " + fmt(last.endTime)
                        + ", was neither fenced nor rebooted since");
        }
        on.put(i, clock.now());
    }

    void stopEnds(int i, String service) { end(i, service, End.STOP); }

    private void end(int i, String service, End how) {
        Long since = active.get(service).remove(i);
        if (since != null) ended.get(service).put(i, new Instance(since, how, clock.now()));
    }

    /** Services physically running on node i, in configuration order. */
    public List<String> runningOn(int i) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Map<Integer, Long>> e : active.entrySet()) if (e.getValue().containsKey(i)) out.add(e.getKey());
        return out;
    }

    public List<String> whereRunning(String service) {
        return active.get(service).keySet().stream().map(i -> nodes.get(i).name).toList();
    }

    void configWritten(SimNode n, String what, int before, int after) {
        if (after < before) violate("config version went back on " + n.name + ": " + what + " " + after + " after " + before);
    }

    // ---- the checker -------------------------------------------------------------------

    void check() {
        for (Map.Entry<String, Map<Integer, Long>> e : active.entrySet())
            if (e.getValue().size() > 1)
                violate("service " + e.getKey() + " is active on " + e.getValue().size() + " nodes: "
                        + whereRunning(e.getKey()));
        if (config.twoNode() || !checkQuorum) return;
        List<SimNode> quorate = new ArrayList<>();
        for (SimNode n : nodes)
            // judged by what its daemons were last told: in a transition (collecting hellos,
            // waiting for qdiskd) they still act on the membership and quorum it began with.
            // A hung node acts on nothing, nor does one just woken whose queued work has not
            // run yet: that work runs in the next event, at the same instant, before anything
            // new of the node, and the node is judged after it. Judged in between, it showed
            // the quorum it hung with beside the partition that took the disk's votes while it
            // was silent (seeds 16106, 17636 of the CI profile), an instant in which nothing of
            // it ran; in the next event its cman drops the votes (quorum_dev_poll ran out) and
            // its qdiskd reads its eviction notice (or finds its cycle stale and polls them away).
            if (n.reachable() && n.caughtUp() && n.settledQuorate) quorate.add(n);
        quorateChecks++;
        for (int a = 0; a < quorate.size(); a++) {
            for (int b = a + 1; b < quorate.size(); b++) {
                SimNode x = quorate.get(a), y = quorate.get(b);
                // judged only between nodes that have each counted the other's current life as a
                // member: one that booted into the other side of a partition while this node
                // was still settling is unknown to it, and no belief about it can be wrong
                boolean aware = x.knownLife.getOrDefault(y.id, -2L) == y.bootedAt
                        && y.knownLife.getOrDefault(x.id, -2L) == x.bootedAt;
                if (aware && !x.settledMembers.contains(y.id) && !y.settledMembers.contains(x.id))
                    violate("two quorate partitions: " + x.name + " (members " + names(x.settledMembers) + ", now "
                            + x.cman.quorum() + ") and " + y.name + " (members " + names(y.settledMembers) + ", now "
                            + y.cman.quorum() + ")");
            }
        }
    }

    /** The end-of-run validation: every autostart service runs once, where the table says. */
    public List<String> unplaced() {
        List<String> problems = new ArrayList<>();
        SimNode master = nodes.stream().filter(n -> n.powered && n.rg != null && n.rg.isMaster()).findFirst().orElse(null);
        if (master == null) return List.of("no rgmanager decision maker");
        for (ServiceSlot s : master.rg.services()) {
            if (!config.rg().services().get(s.name()).autostart()) continue;
            List<String> where = whereRunning(s.name());
            if (s.state() != ServiceState.STARTED || !where.equals(List.of(String.valueOf(s.owner()))))
                problems.add(s.name() + " is " + s.state().text() + " on " + s.owner() + " (actually running on " + where + ")");
        }
        return problems;
    }

    /**
     * One line per node at the end of a run: what each daemon holds (a liveness failure is
     * read from which node is stuck where, not from the last events alone).
     */
    public String nodeStates() {
        StringBuilder b = new StringBuilder();
        for (SimNode n : nodes) {
            b.append("  ").append(n.name).append(" (id ").append(n.id).append("): ");
            if (!n.powered) { b.append("off\n"); continue; }
            if (n.hung) b.append("hung, ");
            if (!n.cmanUp) { b.append("cman down\n"); continue; }
            b.append("cman members ").append(n.cman.memberIds()).append(n.cman.quorum().quorate() ? " quorate" : " inquorate")
                    .append(n.cman.inTransition() ? " in transition" : "").append(" gen ").append(n.cman.generation());
            List<String> disallowed = n.cman.nodes().stream()
                    .filter(s -> s.state() == org.jrhcs.cman.core.ClusterCore.NodeState.DISALLOWED).map(s -> s.name()).toList();
            if (!disallowed.isEmpty()) b.append(" disallowed ").append(disallowed);
            if (n.fence != null) b.append("; fenced victims ").append(n.fence.status().victims().stream()
                    .map(v -> v.name() + "(" + v.reason() + ")").toList());
            if (n.rg != null) b.append("; rgmanager members ").append(n.rg.members()).append(" master ").append(n.rg.master())
                    .append(n.rg.quorate() ? " quorate " : " inquorate ").append(n.rg.debugState());
            b.append('\n');
        }
        return b.toString();
    }

    void bug(SimNode n, String core, RuntimeException e) {
        java.io.StringWriter w = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(w));
        violate("uncaught exception in " + core + " on " + n.name + ": " + w);
    }

    void violate(String what) {
        if (violation != null) return;
        violation = new SimViolation(seed, config.label(), clock.elapsed(), what, scheduler.trace());
        throw violation;
    }

    public SimViolation violation() { return violation; }

    // ---- logs --------------------------------------------------------------------------

    void log(SimNode n, String daemon, Severity s, String text) {
        String line = n.name + " " + daemon + ": <" + s.text() + "> " + text;
        if (s.atLeast(Severity.NOTICE) || daemon.equals("fenced") || debugLogs) scheduler.note(line);
        if (recordLogs) logs.add(clock.elapsed() + " " + line);
    }

    public List<String> logs() { return logs; }

    // ---- helpers ------------------------------------------------------------------------

    private String names(List<Integer> ids) {
        Set<String> out = new TreeSet<>();
        for (int id : ids) out.add(config.rg().name(id));
        return out.toString();
    }

    private String fmt(long t) { return String.format("%.3fs", (t - VirtualClock.EPOCH) / 1000.0); }

    public String stats() {
        return "events=" + scheduler.executed() + " starts=" + starts + " takeovers-after-crash=" + takeovers
                + " fences=" + fences + " disk-blocks-rejected=" + disk.rejected() + "/" + disk.reads();
    }

    long starts() { return starts; }

    long fences() { return fences; }
}
