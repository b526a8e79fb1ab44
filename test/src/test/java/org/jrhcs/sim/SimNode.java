package org.jrhcs.sim;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jrhcs.ccsd.core.CcsdCore;
import org.jrhcs.ccsd.core.ConfigCopy;
import org.jrhcs.ccsd.wire.GroupCodec;
import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.cman.client.CmanWire;
import org.jrhcs.cman.client.GroupView;
import org.jrhcs.cman.core.ClusterCore;
import org.jrhcs.cman.core.Effect;
import org.jrhcs.cman.wire.PeerMessages;
import org.jrhcs.fence.core.FenceCore;
import org.jrhcs.fence.core.FenceMessage;
import org.jrhcs.fence.core.Outcome;
import org.jrhcs.fence.wire.FenceWire;
import org.jrhcs.log.Severity;
import org.jrhcs.qdisk.core.CycleInput;
import org.jrhcs.qdisk.core.CycleOutcome;
import org.jrhcs.qdisk.core.LogLine;
import org.jrhcs.qdisk.core.QdiskPolicy;
import org.jrhcs.qdisk.core.QdiskState;
import org.jrhcs.qdisk.core.StatusBlock;
import org.jrhcs.qdisk.core.TimeoutPolicy;
import org.jrhcs.qdisk.disk.StatusReads;
import org.jrhcs.rg.core.placement.Trigger;
import org.jrhcs.rg.core.state.GroupMessage;
import org.jrhcs.rg.core.state.Input;
import org.jrhcs.rg.core.state.RgCore;
import org.jrhcs.rg.wire.RgWire;

/**
 * One simulated node: the real cores of cman ({@link ClusterCore}), qdiskd
 * ({@link QdiskPolicy}), fenced ({@link FenceCore}), rgmanager ({@link RgCore}) and ccsd
 * ({@link CcsdCore}), wired as their daemons wire them: cman's process groups carry the
 * other daemons' messages through the real codecs (PeerMessages, FenceWire, RgWire,
 * GroupCodec); qdiskd polls cman and asks it to kill evicted nodes; rgmanager's decision
 * maker asks the local fenced whether a failed node was fenced (RgDaemon's FenceOracle,
 * and its FenceGate rule); agent effects go to {@link SimAgents}.
 *
 * <p>Every event of the node runs through {@link #post}: a powered-off node drops it, a
 * hung node keeps it until it wakes. An exception from any core fails the run.
 */
public final class SimNode {
    static final String FENCE = "fence", RG = "rgmanager", CCSD = "ccsd";
    /** cman's tick (the daemon ticks every 100 ms; 500 ms keeps the event count down). */
    static final long CMAN_TICK_MS = 500;
    /** RgDaemon.Settings.defaults(): tick 5 s, fence poll 200 ms (here 500 ms). */
    static final long RG_TICK_MS = 5000, FENCE_POLL_MS = 500;

    final SimCluster cluster;
    final int index;
    final String name;
    final int id;

    // physical
    boolean powered;
    boolean hung;
    long epoch;
    /** Per service, the agent operation running (head) and those waiting behind it. */
    private final Map<String, ArrayDeque<Runnable>> agentQueues = new HashMap<>();
    long bootedAt = -1;
    /** When this node's rgmanager last started from an empty table (cold start). */
    long coldStartAt = -1;
    /** This node's rgmanager refused an Exec for local inquorum (known bug: its table may differ). */
    boolean rgDiverged;
    final List<Runnable> deferred = new ArrayList<>();
    /** Woken, with what waited not yet run: new work queues behind it. */
    private boolean replaying;
    /** cluster.conf on this node's disk: survives crashes. */
    ConfigCopy diskCopy;
    int lastPublished;
    int heuristicScoreOverride = -1;

    // daemons
    ClusterCore cman;
    boolean cmanUp;
    /**
     * What this node's daemons last got from cman: the membership and quorum at the end of
     * the last transition. A node in a transition still acts on these (its fenced may be
     * fencing), so the checker judges them, not cman's figures in mid-transition.
     */
    List<Integer> settledMembers = List.of();
    boolean settledQuorate;
    /**
     * For each node id, the boot time of that node's life this node's cman last counted as a
     * member: a node can only hold a belief about a life it has seen.
     */
    final Map<Integer, Long> knownLife = new HashMap<>();
    private long knownGeneration = -1, knownSettledGeneration = -1;
    QdiskState qdisk;
    int qdiskErrorCycles;
    /** When our last cycle that read the disk started (-1: none yet), and when our last write completed. */
    long qdiskLastStepAt = -1, qdiskLastWriteAt;
    boolean qdiskStopped;
    FenceCore fence;
    RgCore rg;
    CcsdCore ccsd;
    final Set<String> groups = new java.util.TreeSet<>();
    boolean shuttingDown;
    long fenceWakeAt = Long.MAX_VALUE;
    int requestSeq;
    final Map<String, String> replies = new HashMap<>();

    SimNode(SimCluster cluster, int index, String name, int id) {
        this.cluster = cluster;
        this.index = index;
        this.name = name;
        this.id = id;
        this.diskCopy = new ConfigCopy(cluster.config.cman().configVersion(), "version " + cluster.config.cman().configVersion());
    }

    /** Reachable on the network: powered, awake, cman running. */
    boolean reachable() { return powered && !hung && cmanUp; }

    /** Holds its place in the network (powered, cman running), hung or not. */
    boolean attached() { return powered && cmanUp; }

    // ---- event plumbing ---------------------------------------------------------------

    void post(long delayMs, String label, Runnable action) {
        long e = epoch;
        cluster.scheduler.after(delayMs, label == null ? null : name + ": " + label, () -> run(e, action));
    }

    private void run(long e, Runnable action) {
        if (e != epoch || !powered) return;
        if (hung || replaying) { deferred.add(action); return; }
        action.run();
    }

    // ---- lifecycle ----------------------------------------------------------------------

    void boot() {
        powered = true;
        hung = false;
        epoch++;
        agentQueues.clear();
        bootedAt = cluster.clock.now();
        deferred.clear();
        replaying = false;
        groups.clear();
        shuttingDown = false;
        fence = null;
        rg = null;
        ccsd = null;
        fenceWakeAt = Long.MAX_VALUE;
        qdiskStopped = false;
        qdiskErrorCycles = 0;
        long now = cluster.clock.now();
        qdiskLastStepAt = -1;
        qdiskLastWriteAt = now;
        cman = new ClusterCore(cluster.config.cman(), name, name + "-" + epoch + "-" + cluster.random.nextInt(1 << 30), now);
        cmanUp = true;
        settledQuorate = false;
        knownLife.clear();
        knownGeneration = -1;
        knownSettledGeneration = -1;
        log("cman", Severity.NOTICE, "[MAIN ] cman starting: node " + name + " (id " + id + ")");
        if (cluster.config.qdisk() != null) {
            qdisk = QdiskState.initial(id, now * 1000 + id);
            cmanCall(() -> cman.qdiskRegister(qdiskName(), cluster.config.qdisk().votes(), now));
            post(cluster.random.between(0, cluster.config.qdisk().intervalMs()), null, this::qdiskCycle);
        }
        cluster.network.scheduleRecompute(cluster.random.between(500, 2000), name + " joins");
        post(CMAN_TICK_MS, null, this::cmanTick);
        post(FENCE_POLL_MS, null, this::rgPoll);
        post(RG_TICK_MS, null, this::rgTick);
    }

    /** Power gone: nothing survives but the disk's cluster.conf. */
    void powerOff() {
        powered = false;
        cmanUp = false;
        epoch++;
        agentQueues.clear();
        deferred.clear();
        replaying = false;
        cluster.network.forget(index);
    }

    void hang() { hung = true; }

    /** Not woken with queued work still to run (what waited while hung runs in the next event). */
    boolean caughtUp() { return !replaying; }

    /**
     * What waited while hung runs in one event, in order; whatever else arrives before that
     * event (at the same instant) queues behind it.
     */
    void wake() {
        if (!hung) return;
        hung = false;
        if (deferred.isEmpty()) return;
        replaying = true;
        long e = epoch;
        cluster.scheduler.after(0, null, () -> {
            if (e != epoch) return;
            replaying = false;
            while (!deferred.isEmpty() && !hung && powered) deferred.remove(0).run();
        });
    }

    // ---- cman -----------------------------------------------------------------------------

    void onView(long viewId, List<String> members) {
        if (!reachable()) return;
        cmanCall(() -> cman.onView(viewId, members, cluster.clock.now()));
    }

    void onMessage(String from, byte[] frame) {
        if (!attached()) return;
        // Hung, the member is still in the view: the stack keeps what arrives and the node
        // handles it on waking, in order (dropping it lost messages for good without a view
        // change: a table missed a start's result, sim seed 558 of partitions and hangs).
        if (hung || replaying) { deferred.add(() -> onMessage(from, frame)); return; }
        IpcMessage m;
        try {
            m = PeerMessages.decode(frame);
        } catch (RuntimeException e) {
            log("cman", Severity.DEBUG, "[CMAN ] dropping malformed message from " + from + ": " + e.getMessage());
            return;
        }
        cmanCall(() -> cman.onMessage(from, m, cluster.clock.now()));
    }

    private void cmanTick() {
        if (cmanUp) cmanCall(() -> cman.onTick(cluster.clock.now()));
        post(CMAN_TICK_MS, null, this::cmanTick);
    }

    interface CmanStep { List<Effect> run(); }

    /** Calls cman (a request API may refuse with IllegalArgument/State: the daemon's error reply). */
    boolean cmanCall(CmanStep step) {
        if (!cmanUp) return false;
        List<Effect> fx;
        try {
            fx = step.run();
        } catch (IllegalArgumentException | IllegalStateException refused) {
            return false;
        } catch (RuntimeException bug) {
            cluster.bug(this, "cman", bug);
            return false;
        }
        execute(fx);
        if (cmanUp && cman.generation() != knownGeneration) {
            knownGeneration = cman.generation();
            for (int m : cman.memberIds()) knownLife.put(m, cluster.byId(m).bootedAt);
        }
        if (cmanUp && !cman.inTransition()) {
            // and the members the view settles with: their hellos may come after the
            // generation changed (the last joiners before a split were never recorded, and
            // the checker did not judge them against this node)
            if (knownSettledGeneration != knownGeneration) {
                knownSettledGeneration = knownGeneration;
                for (int m : cman.memberIds()) knownLife.put(m, cluster.byId(m).bootedAt);
            }
            settledQuorate = cman.isMember() && cman.quorum().quorate();
            if (settledQuorate) settledMembers = cman.memberIds();
        }
        joinGroupsWhenMember();
        return true;
    }

    private void execute(List<Effect> fx) {
        for (Effect e : fx) {
            if (!cmanUp) return;
            if (e instanceof Effect.Log l) log("cman", l.severity(), l.text());
            else if (e instanceof Effect.Broadcast b) cluster.network.broadcast(index, PeerMessages.encode(b.message()));
            else if (e instanceof Effect.SendTo s) {
                int to = cluster.config.names().indexOf(s.node());
                if (to >= 0) cluster.network.sendTo(index, to, PeerMessages.encode(s.message()));
            } else if (e instanceof Effect.Deliver d) deliver(d.group(), d.event());
            else if (e instanceof Effect.LeaveAnnounced) cmanLeft();
            else if (e instanceof Effect.Exit x) {
                log("cman", Severity.CRIT, "[CMAN ] exiting: " + x.reason());
                cluster.crash(index, SimCluster.End.CRASH, "cman exited: " + x.reason());
                return;
            }
        }
    }

    private void joinGroupsWhenMember() {
        if (!cmanUp || shuttingDown || !cman.isMember()) return;
        // fence_tool join, then ccsd, then rgmanager, as the init scripts start them
        if (fence == null) {
            fence = new FenceCore(cluster.config.fence(), id);
            groupJoin(FENCE);
        }
        if (ccsd == null) {
            ccsd = new CcsdCore(diskCopy, epoch);
            groupJoin(CCSD);
        }
        // `fence_tool join -w` before `service rgmanager start`: startup fencing first
        if (rg == null && (!cluster.rgAfterStartupFencing || startupFencingDone())) {
            rg = new RgCore(cluster.config.rg(), id);
            rgDiverged = false;
            groupJoin(RG);
        }
    }

    private boolean startupFencingDone() {
        return fence != null && fence.joined()
                && fence.status().victims().stream().noneMatch(v -> v.reason().equals("startup"));
    }

    private void groupJoin(String g) {
        groups.add(g);
        if (!cmanCall(() -> cman.groupJoin(g))) groups.remove(g);
    }

    private void groupSend(String g, IpcMessage payload) {
        if (!groups.contains(g)) return;
        IpcMessage m = new IpcMessage();
        payload.fields().forEach((k, v) -> m.put("m." + k, v));
        cmanCall(() -> cman.groupSend(g, m));
    }

    private void groupLeave(String g) {
        if (groups.remove(g)) cmanCall(() -> cman.groupLeave(g, false));
    }

    private void deliver(String group, IpcMessage event) {
        if (!groups.contains(group)) return;
        boolean view = "view".equals(event.get("event"));
        GroupView v = view ? CmanWire.view(event) : null;
        int from = view ? 0 : event.getInt("from", 0);
        IpcMessage payload = view ? null : CmanWire.unprefix(event, "m.");
        switch (group) {
            case FENCE -> {
                if (fence == null) return;
                if (view) fenceHandle(new org.jrhcs.fence.core.Input.ViewChanged(v, Set.copyOf(cman.memberIds())));
                else {
                    FenceMessage fm;
                    try {
                        fm = FenceWire.decode(payload);
                    } catch (RuntimeException e) {
                        log("fenced", Severity.WARNING, "ignoring malformed fence domain message: " + e.getMessage());
                        return;
                    }
                    if (fm != null) fenceHandle(new org.jrhcs.fence.core.Input.Delivered(from, fm));
                }
            }
            case RG -> {
                if (rg == null) return;
                if (view) {
                    if (cluster.brokenIgnoreQuorum)
                        v = new GroupView(v.group(), v.generation(), v.members(), v.joined(), v.left(), v.failed(), true, v.localNodeId());
                    rgHandle(new Input.View(v));
                } else {
                    GroupMessage gm = RgWire.decode(payload);
                    if (gm != null) rgHandle(new Input.Delivered(from, gm));
                }
            }
            case CCSD -> {
                if (ccsd == null) return;
                if (view) ccsdHandle(new org.jrhcs.ccsd.core.Input.View(v.members(), v.joined(), id, v.quorate()));
                else {
                    org.jrhcs.ccsd.core.GroupMessage gm = GroupCodec.decode(payload);
                    if (gm != null) ccsdHandle(new org.jrhcs.ccsd.core.Input.Delivered(from, gm));
                }
            }
            default -> { }
        }
    }

    private void cmanLeft() {
        log("cman", Severity.NOTICE, "[CMAN ] left the cluster");
        cmanUp = false;
        cluster.network.forget(index);
        cluster.network.scheduleRecompute(cluster.random.between(100, 500), name + " left");
        if (shuttingDown) cluster.cleanPowerOff(index);
    }

    // ---- qdiskd ------------------------------------------------------------------------------

    private String qdiskName() {
        var c = cluster.config.qdisk();
        return c.cmanLabel() != null ? c.cmanLabel() : c.label() != null ? c.label() : c.device();
    }

    private void qdiskCycle() {
        var c = cluster.config.qdisk();
        if (qdiskStopped || !cmanUp) return;
        long hangEnd = cluster.disk.hangsUntil(id);
        if (hangEnd > 0) { // the read does not return: the whole loop waits
            post(hangEnd - cluster.clock.now(), null, this::qdiskCycle);
            return;
        }
        long now = cluster.clock.now();
        boolean ioError = false;
        StatusReads read = null;
        CycleOutcome out = null;
        try {
            read = StatusReads.of(cluster.disk.read(id));
        } catch (IOException e) {
            ioError = true;
        }
        Set<Integer> judged = cluster.brokenQdiskIgnoresCman ? null : Set.copyOf(cman.memberIds());
        if (!ioError) {
            int score = heuristicScoreOverride >= 0 ? heuristicScoreOverride : c.maxScore();
            try {
                long sincePrevious = qdiskLastStepAt < 0 ? 0 : now - qdiskLastStepAt;
                qdiskLastStepAt = now;
                out = QdiskPolicy.step(qdisk, new CycleInput(now, read.blocks(), score, judged, 1000, sincePrevious, read.unreadable(),
                        now - qdiskLastWriteAt), c);
            } catch (RuntimeException bug) {
                cluster.bug(this, "qdiskd", bug);
                return;
            }
            for (LogLine l : out.logs()) log("qdiskd", l.severity(), l.text());
            if (out.selfFence() != null) {
                cluster.crash(index, SimCluster.End.CRASH, "qdiskd self-fence: " + out.selfFence().description());
                return;
            }
            try {
                for (StatusBlock b : out.writes()) cluster.disk.write(id, b);
                qdiskLastWriteAt = cluster.clock.now();
            } catch (IOException e) {
                ioError = true;
            }
            qdisk = out.next();
            for (int n : out.kills()) {
                int victim = n;
                cmanCall(() -> cman.requestKill(victim, "qdiskd"));
                if (!cmanUp) return;
            }
        }
        if (ioError) {
            qdiskErrorCycles++;
            CycleOutcome e = QdiskPolicy.ioErrorCycle(qdisk, c, cluster.clock.now() - qdiskLastWriteAt);
            for (LogLine l : e.logs()) log("qdiskd", l.severity(), l.text());
            qdisk = e.next();
            if (e.pollCman()) cmanCall(() -> cman.qdiskPoll(false, cluster.clock.now()));
            if (!cmanUp) return;
            if (TimeoutPolicy.tooManyErrors(c, qdiskErrorCycles)) {
                log("qdiskd", Severity.CRIT, "Too many I/O errors; giving up the quorum disk");
                cmanCall(() -> cman.qdiskPoll(false, cluster.clock.now()));
                qdiskStopped = true;
                return;
            }
        } else {
            qdiskErrorCycles = 0;
            boolean advertise = out.advertise();
            // as QdiskLoop: in an election (or while the master's fate is open) cman keeps the last poll
            if (out.pollCman()) cmanCall(() -> cman.qdiskPoll(advertise, judged, cluster.clock.now()));
        }
        post(c.intervalMs(), null, this::qdiskCycle);
    }

    // ---- fenced ----------------------------------------------------------------------------------

    private void fenceHandle(org.jrhcs.fence.core.Input in) {
        Outcome o;
        try {
            o = fence.handle(in, cluster.clock.now());
        } catch (RuntimeException bug) {
            cluster.bug(this, "fenced", bug);
            return;
        }
        for (org.jrhcs.fence.core.Effect e : o.effects()) {
            if (e instanceof org.jrhcs.fence.core.Effect.Log l) log("fenced", l.level(), l.text());
            else if (e instanceof org.jrhcs.fence.core.Effect.Send s) groupSend(FENCE, FenceWire.encode(s.message()));
            else if (e instanceof org.jrhcs.fence.core.Effect.RunAgent r) runFenceAgent(r);
        }
        if (rg == null && cmanUp) joinGroupsWhenMember();
        if (o.wakeAt() != Long.MAX_VALUE && (o.wakeAt() < fenceWakeAt || fenceWakeAt <= cluster.clock.now())) {
            fenceWakeAt = o.wakeAt();
            post(o.wakeAt() - cluster.clock.now(), null, () -> {
                if (fence != null && groups.contains(FENCE)) fenceHandle(new org.jrhcs.fence.core.Input.Tick(Set.copyOf(cman.memberIds())));
            });
        }
    }

    private void runFenceAgent(org.jrhcs.fence.core.Effect.RunAgent r) {
        SimAgents.Result res = cluster.agents.fenceCall(r.victim());
        FenceCore myFence = fence;
        post(res.latencyMs(), "fence agent for " + r.victim() + (res.ok() ? " succeeds" : " fails"), () -> {
            // the power switch acts before the agent can report
            if (res.ok()) cluster.fenced(r.victim(), name);
            if (fence == myFence && fence != null)
                fenceHandle(new org.jrhcs.fence.core.Input.AgentDone(r.attempt(), res.ok(), res.ok() ? "success" : "error from agent"));
        });
    }

    /** fence_ack_manual on this node. */
    String ackManual(String victim) {
        if (fence == null) return "fenced is not running";
        Outcome o = fence.handle(new org.jrhcs.fence.core.Input.AckManual(victim), cluster.clock.now());
        if (o.refusal() != null) return o.refusal();
        fenceHandleOutcome(o);
        return null;
    }

    private void fenceHandleOutcome(Outcome o) {
        for (org.jrhcs.fence.core.Effect e : o.effects()) {
            if (e instanceof org.jrhcs.fence.core.Effect.Log l) log("fenced", l.level(), l.text());
            else if (e instanceof org.jrhcs.fence.core.Effect.Send s) groupSend(FENCE, FenceWire.encode(s.message()));
            else if (e instanceof org.jrhcs.fence.core.Effect.RunAgent r) runFenceAgent(r);
        }
    }

    // ---- rgmanager ------------------------------------------------------------------------------

    void rgHandle(Input in) {
        List<org.jrhcs.rg.core.state.Effect> fx;
        try {
            fx = rg.handle(in, cluster.clock.now());
        } catch (RuntimeException bug) {
            cluster.bug(this, "rgmanager", bug);
            return;
        }
        for (org.jrhcs.rg.core.state.Effect e : fx) {
            if (rg == null) return;
            if (e instanceof org.jrhcs.rg.core.state.Effect.Log l) {
                if (l.text().contains("starting with an empty service table")) coldStartAt = cluster.clock.now();
                // RgCore refused an Exec the others accepted: this member's table has diverged
                if (l.text().startsWith("Ignoring") && l.text().endsWith("the cluster is not quorate")) {
                    rgDiverged = true;
                    cluster.anyDiverged = true; // and snapshots pass the difference on to joiners
                }
                log("clurgmgrd", rgSeverity(l.level()), l.text());
            }
            else if (e instanceof org.jrhcs.rg.core.state.Effect.Send s) groupSend(RG, RgWire.encode(s.message()));
            else if (e instanceof org.jrhcs.rg.core.state.Effect.RunStart s) runStart(s.service());
            else if (e instanceof org.jrhcs.rg.core.state.Effect.RunStop s) runStop(s.service(), null);
            else if (e instanceof org.jrhcs.rg.core.state.Effect.RunProbe) {
                RgCore mine = rg;
                post(cluster.agents.probeLatency(), null, () -> {
                    if (rg == mine) rgHandle(new Input.ProbeDone(cluster.runningOn(index)));
                });
            } else if (e instanceof org.jrhcs.rg.core.state.Effect.Reply r) replies.put(r.id(), r.result() + (r.owner() == null ? "" : " " + r.owner()));
            else if (e instanceof org.jrhcs.rg.core.state.Effect.Leave) rgLeft();
        }
    }

    /**
     * Runs a service's agent operations one at a time, in the order asked, as RgDaemon's agent
     * threads do: a stop asked while a start runs waits for it (run side by side, a quorum-loss
     * stop ended a start begun after it, and the table said started where nothing ran: seed 1262
     * of the CI faults with liveness). {@code op} calls the runnable it is given when it is done.
     */
    private void serially(String service, java.util.function.Consumer<Runnable> op) {
        ArrayDeque<Runnable> queue = agentQueues.computeIfAbsent(service, k -> new ArrayDeque<>());
        long e = epoch;
        Runnable run = () -> op.accept(() -> {
            if (e != epoch) return;
            queue.poll();
            if (!queue.isEmpty()) queue.peek().run();
        });
        queue.add(run);
        if (queue.size() == 1) run.run();
    }

    private void runStart(String service) {
        serially(service, done -> {
            cluster.startBegins(index, service);
            SimAgents.Result res = cluster.agents.start(service, name);
            RgCore mine = rg;
            post(res.latencyMs(), "start " + service + (res.ok() ? " ok" : " fails"), () -> {
                boolean clean = true;
                if (!res.ok()) {
                    // rgmanager stops what a failed start left behind
                    clean = cluster.agents.stop(service, name).ok();
                    if (clean) cluster.stopEnds(index, service);
                }
                if (rg == mine && rg != null) rgHandle(new Input.AgentDone(service, true, res.ok(), clean));
                done.run();
            });
        });
    }

    private void runStop(String service, Runnable then) {
        serially(service, done -> {
            SimAgents.Result res = cluster.agents.stop(service, name);
            RgCore mine = rg;
            post(res.latencyMs(), "stop " + service + (res.ok() ? " ok" : " fails"), () -> {
                if (res.ok()) cluster.stopEnds(index, service);
                if (rg == mine && rg != null) rgHandle(new Input.AgentDone(service, false, res.ok(), false));
                if (then != null) then.run();
                done.run();
            });
        });
    }

    private void rgTick() {
        if (rg != null && groups.contains(RG)) rgHandle(Input.TICK);
        post(RG_TICK_MS, null, this::rgTick);
    }

    /** RgDaemon.pollFence with FencedOracle: the decision maker asks the local fenced about each failed node. */
    private void rgPoll() {
        post(FENCE_POLL_MS, null, this::rgPoll);
        if (rg == null || !groups.contains(RG) || !rg.isMaster()) return;
        for (String n : rg.awaitingFence()) {
            // FencedOracle: fenced's last fence must have ended the membership the node failed in
            boolean done = cluster.brokenSkipFenceWait || fence != null
                    && org.jrhcs.rg.core.state.FenceGate.covers(rg.fenceBound(n), fence.lastFencedTime(n), fence.isVictim(n));
            if (done && rg != null) rgHandle(new Input.FenceConfirmed(n));
        }
    }

    /** clusvcadm on this node. */
    String request(Trigger.Kind kind, String service, String target) {
        if (rg == null || !groups.contains(RG)) return "rgmanager is not running";
        String rid = id + ":" + (++requestSeq);
        rgHandle(new Input.ClientRequest(rid, kind, service, target));
        return rid;
    }

    /** A status check of {@code service} failed here. */
    void checkFailed(String service) {
        if (rg != null && groups.contains(RG) && rg.shouldCheck(service)) rgHandle(new Input.CheckFailed(service));
    }

    private void rgLeft() {
        groupLeave(RG);
        if (shuttingDown) continueShutdown();
    }

    private static Severity rgSeverity(org.jrhcs.rg.core.state.Effect.Level l) {
        return switch (l) {
            case ERR -> Severity.ERR;
            case WARNING -> Severity.WARNING;
            case NOTICE -> Severity.NOTICE;
            case INFO -> Severity.INFO;
            case DEBUG -> Severity.DEBUG;
        };
    }

    // ---- ccsd --------------------------------------------------------------------------------------

    private void ccsdHandle(org.jrhcs.ccsd.core.Input in) {
        List<org.jrhcs.ccsd.core.Effect> fx;
        try {
            fx = ccsd.handle(in);
        } catch (RuntimeException bug) {
            cluster.bug(this, "ccsd", bug);
            return;
        }
        for (org.jrhcs.ccsd.core.Effect e : fx) {
            if (ccsd == null) return;
            if (e instanceof org.jrhcs.ccsd.core.Effect.Broadcast b) groupSend(CCSD, GroupCodec.encode(b.message()));
            else if (e instanceof org.jrhcs.ccsd.core.Effect.Persist p) {
                cluster.configWritten(this, "persisted", diskCopy.version(), p.copy().version());
                diskCopy = p.copy();
                ccsdHandle(new org.jrhcs.ccsd.core.Input.Persisted(p.copy().version(), true, null));
            } else if (e instanceof org.jrhcs.ccsd.core.Effect.Publish p) {
                cluster.configWritten(this, "published", lastPublished, p.copy().version());
                lastPublished = p.copy().version();
            } else if (e instanceof org.jrhcs.ccsd.core.Effect.Log l) log("ccsd", l.severity(), l.message());
            else if (e instanceof org.jrhcs.ccsd.core.Effect.Reply r)
                log("ccsd", Severity.INFO, "update " + r.request() + (r.ok() ? " accepted" : " refused: " + r.message()));
        }
    }

    /** ccs_tool update with a copy of version {@code version}. */
    void ccsUpdate(int version) {
        if (ccsd == null || !groups.contains(CCSD)) return;
        if (cluster.brokenAcceptStaleConfig && version < diskCopy.version()) {
            cluster.configWritten(this, "persisted", diskCopy.version(), version);
            diskCopy = new ConfigCopy(version, "version " + version);
        }
        ccsdHandle(new org.jrhcs.ccsd.core.Input.UpdateRequest(++requestSeq, new ConfigCopy(version, "version " + version)));
    }

    // ---- clean shutdown (service rgmanager stop; service cman stop) ---------------------------------

    void shutdown() {
        if (shuttingDown || !cmanUp) return;
        shuttingDown = true;
        if (rg != null && groups.contains(RG)) {
            rgHandle(new Input.Shutdown());
            // RgDaemon's shutdown timeout: whatever nobody took is stopped here
            post(60_000, "rgmanager shutdown timeout", () -> {
                if (groups.contains(RG)) {
                    for (String s : cluster.runningOn(index)) cluster.stopEnds(index, s);
                    groupLeave(RG);
                    continueShutdown();
                }
            });
        } else {
            continueShutdown();
        }
    }

    private void continueShutdown() {
        groupLeave(FENCE);
        groupLeave(CCSD);
        if (cluster.config.qdisk() != null && !qdiskStopped) {
            qdiskStopped = true;
            try {
                cluster.disk.write(id, QdiskPolicy.shutdownBlock(qdisk, cluster.config.qdisk(), cluster.clock.now()));
            } catch (IOException e) {
                log("qdiskd", Severity.ERR, "Error writing shutdown state: " + e.getMessage());
            }
            cmanCall(() -> cman.qdiskPoll(false, cluster.clock.now()));
            cmanCall(() -> cman.qdiskUnregister(cluster.clock.now()));
        }
        cmanCall(() -> cman.requestLeave(false, true));
    }

    // ---- logs ----------------------------------------------------------------------------------

    void log(String daemon, Severity s, String text) {
        if (s == Severity.DEBUG && !cluster.debugLogs) return;
        cluster.log(this, daemon, s, text);
    }
}
