package org.jrhcs.rg.core.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jrhcs.cman.client.GroupView;
import org.jrhcs.rg.core.placement.Action;
import org.jrhcs.rg.core.placement.Action.Why;
import org.jrhcs.rg.core.placement.ClusterView;
import org.jrhcs.rg.core.placement.PlacementInput;
import org.jrhcs.rg.core.placement.Planner;
import org.jrhcs.rg.core.placement.ServiceSpec;
import org.jrhcs.rg.core.placement.ServiceState;
import org.jrhcs.rg.core.placement.ServiceStatus;
import org.jrhcs.rg.core.placement.Trigger;
import org.jrhcs.rg.core.state.Effect.Level;
import org.jrhcs.rg.core.state.GroupMessage.Exec;
import org.jrhcs.rg.core.state.ServiceSlot.Op;

/**
 * One node's rgmanager as a state machine: the replicated service table plus this
 * node's duties (run what the table assigns to it, decide when it is the decision maker).
 *
 * <p><b>Replication.</b> The table changes only when a group message or view is applied.
 * Every member applies the same messages in the same order with the same guards, so
 * every member holds the same table. Messages carry the sender's time, so even the
 * transition times agree. A member that joins asks for the table ({@code SyncRequest});
 * the lowest synchronised member answers with the table as it stood at the request,
 * and the joiner replays what it saw after its request. When a view holds no member
 * that has the table (cluster start, or everyone who had it is gone), the members of
 * that view start from an empty table and rebuild it from status probes.
 *
 * <p><b>Decisions.</b> The decision maker (clustat's RG-Master) is the lowest node id
 * among synchronised members. It runs {@link Planner#plan} when something changed and
 * sends each action as an {@code Exec}. Every member checks an Exec against the table
 * when it is applied (the table may have moved on since the plan): a start is accepted
 * only if nobody can still be running the service — in particular never for a failed
 * node's service before {@code Fenced}. The node an accepted action names runs it and
 * reports a {@code Result}. While its own Execs are in transit the decision maker does
 * not plan again, so each plan sees the previous one's effect.
 *
 * <p><b>Determinism.</b> No clocks, threads or I/O: {@code now} is an argument, effects
 * are returned. <b>Threading:</b> one caller at a time. <b>Failure:</b> malformed or
 * stale messages are ignored (a debug line says why); nothing here throws on input.
 */
public final class RgCore {
    private RgConfig config;
    private int configVersion;
    private int announcedVersion;
    private final int me;
    private final String myName;

    // ---- replicated -------------------------------------------------------------------
    private final Map<String, ServiceSlot> slots = new LinkedHashMap<>();
    private final TreeSet<Integer> members = new TreeSet<>();
    private final TreeSet<Integer> synced = new TreeSet<>();
    private final TreeSet<Integer> unprobed = new TreeSet<>();
    private final TreeSet<Integer> leaving = new TreeSet<>();
    private final Set<String> awaitingFence = new LinkedHashSet<>();
    /** Nodes absent at a cold start (a subset of awaitingFence): nothing starts while any is unsettled. */
    private final Set<String> coldUnknown = new LinkedHashSet<>();
    /** Copies running where the table does not put them, until their stop is confirmed: the service starts nowhere meanwhile. */
    private final StrayCopies strays = new StrayCopies();
    private boolean locked;
    private boolean quorate;

    // ---- this node only ---------------------------------------------------------------
    private boolean selfSynced;
    private boolean sawFirstView;
    private final Set<Integer> olds = new TreeSet<>();
    private long nonce;
    private boolean buffering;
    private final List<Input> buffer = new ArrayList<>();
    private final Map<Long, Integer> requestPositions = new LinkedHashMap<>();
    private int inFlight;
    private boolean replanWanted;
    private boolean failbackDue;
    private boolean inFlightFromEvaluate;
    /**
     * Replicated "time" for changes that views cause (views carry no time): the latest
     * time any applied message carried. Every member has the same value at the same
     * place in the order, so even those transition times agree.
     */
    private long stamp;
    private boolean shuttingDown;
    private boolean leaveEmitted;
    private final Set<String> reportedFailures = new LinkedHashSet<>();
    private final Set<String> quorumStops = new LinkedHashSet<>();
    private final Map<String, Integer> openRequests = new LinkedHashMap<>();   // id -> decision maker when sent
    private final Set<String> requestsInTable = new LinkedHashSet<>();
    private final Map<String, Long> failedAt = new LinkedHashMap<>();
    /**
     * Local time at which this member first saw each node in its current run of views (its
     * (re)join, or this member's first view): the {@link FenceGate} bound. Kept from the
     * live views only (a replayed view after a snapshot is older news).
     */
    private final Map<String, Long> memberSince = new LinkedHashMap<>();
    private final Set<Integer> lastViewMembers = new TreeSet<>();
    /** This side's table at the last view with joiners: its holders and decision maker (replicated). */
    private int sideHolders;
    private int sideMaster;
    /** Members this decision maker told to take its table again since the last view. */
    private final Set<Integer> resyncAsked = new TreeSet<>();
    /** My own actions the members refused since the table last changed: not sent again until it does. */
    private final Set<Action> refused = new LinkedHashSet<>();

    private List<Effect> out;
    private long now;

    public RgCore(RgConfig config, int localNodeId) {
        this(config, 0, localNodeId);
    }

    /** @param configVersion the config_version {@code config} was read from (0 when unknown) */
    public RgCore(RgConfig config, int configVersion, int localNodeId) {
        this.config = config;
        this.configVersion = configVersion;
        this.me = localNodeId;
        this.myName = config.name(localNodeId);
        for (String s : config.services().keySet()) slots.put(s, ServiceSlot.initial(s));
    }

    // ---- queries (for the daemon's status socket and tests) -------------------------------

    public int localId() { return me; }

    public String localName() { return myName; }

    public RgConfig config() { return config; }

    public boolean synced() { return selfSynced; }

    /** The decision maker's node id, 0 when this node does not know the table yet. */
    public int master() { return selfSynced && !synced.isEmpty() ? synced.first() : 0; }

    public boolean isMaster() { return master() == me; }

    public List<Integer> members() { return List.copyOf(members); }

    public boolean locked() { return locked; }

    public boolean quorate() { return quorate; }

    public Set<String> awaitingFence() { return Set.copyOf(awaitingFence); }

    /** Local time (ms) at which this node applied the view that reported {@code node} failed. */
    public long failedAt(String node) { return failedAt.getOrDefault(node, 0L); }

    /**
     * Epoch ms: a fence of {@code node} at or after this covers its last failure (see
     * {@link FenceGate}) — the local time this member first saw the node in the membership
     * that failed; 0 when this member never saw it as a member (absent at a cold start, or
     * failed before this member joined).
     */
    public long fenceBound(String node) { return memberSince.getOrDefault(node, 0L); }

    public List<ServiceSlot> services() { return List.copyOf(slots.values()); }

    public ServiceSlot service(String name) { return slots.get(name); }

    /** Services this node is responsible for now, running or being started or stopped. */
    public List<String> ownedHere() {
        List<String> mine = new ArrayList<>();
        for (ServiceSlot s : slots.values()) if (myName.equals(s.owner()) && s.state().holdsOwner()) mine.add(s.name());
        return mine;
    }

    /** Whether the local status checker should check {@code service} now. */
    public boolean shouldCheck(String service) {
        ServiceSlot s = slots.get(service);
        return s != null && s.state() == ServiceState.STARTED && myName.equals(s.owner()) && !s.frozen() && !s.busy()
                && !reportedFailures.contains(service);
    }

    // ---- the one entry point ----------------------------------------------------------------

    public List<Effect> handle(Input input, long nowMillis) {
        out = new ArrayList<>();
        now = nowMillis;
        try {
            dispatch(input);
            settleRequests();
            maybeLeave();
            return out;
        } finally {
            out = null;
        }
    }

    private void dispatch(Input input) {
        if (input instanceof Input.View v) onView(v.view());
        else if (input instanceof Input.Delivered d) onDelivered(d);
        else if (input instanceof Input.Tick) {
            refused.clear();
            if (isMaster()) recheck();
        }
        else if (input instanceof Input.AgentDone a) {
            if (!a.start() && quorumStops.remove(a.service())) send(new GroupMessage.Stopped(a.service(), myName, a.ok(), now));
            else send(new GroupMessage.Result(a.service(), myName, a.start(), a.ok(), a.clean(), now));
        }
        else if (input instanceof Input.CheckFailed c) onCheckFailed(c.service());
        else if (input instanceof Input.ProbeDone p) send(new GroupMessage.Probe(me, p.running(), now));
        else if (input instanceof Input.ClientRequest r) onClientRequest(r);
        else if (input instanceof Input.ClientLock l) {
            if (!selfSynced) reply(l.id(), RequestResult.AGAIN, null);
            else send(new GroupMessage.Lock(l.id(), l.locked()));
        } else if (input instanceof Input.FenceConfirmed f) {
            if (isMaster() && awaitingFence.contains(f.node())) send(new GroupMessage.Fenced(f.node()));
        } else if (input instanceof Input.ConfigSeen c) {
            if (isMaster() && c.version() > configVersion && c.version() > announcedVersion) {
                announcedVersion = c.version();
                send(new GroupMessage.ConfigChange(c.version()));
            }
        } else if (input instanceof Input.Reconfigure r) reconfigure(r);
        else if (input instanceof Input.Shutdown) onShutdown();
    }

    // ---- views and synchronisation ----------------------------------------------------------

    private void onView(GroupView v) {
        refused.clear();
        resyncAsked.clear();
        for (int id : v.members()) {
            if (lastViewMembers.contains(id) && !v.joined().contains(id)) continue;   // joined again: a new life
            String n = config.name(id);
            if (n != null) memberSince.put(n, now);
        }
        lastViewMembers.clear();
        lastViewMembers.addAll(v.members());
        if (!selfSynced) {
            unsyncedView(v);
            return;
        }
        applyView(v);
    }

    private void unsyncedView(GroupView v) {
        members.clear();
        members.addAll(v.members());
        quorate = v.quorate();
        if (!sawFirstView) {
            sawFirstView = true;
            for (int m : v.members()) if (!v.joined().contains(m)) olds.add(m);
        } else {
            olds.retainAll(v.members());
        }
        if (buffering) buffer.add(new Input.View(v));
        if (olds.isEmpty()) {
            // Nobody here had the table before us: start from an empty table, as every
            // other member of this view does, and rebuild ownership from the probes.
            coldStart(v);
            return;
        }
        // Ask (again) on every view while unsynchronised: whoever answers may have gone.
        nonce++;
        send(new GroupMessage.SyncRequest(me, nonce));
    }

    private void coldStart(GroupView v) {
        members.clear();
        members.addAll(v.members());
        quorate = v.quorate();
        synced.clear();
        synced.addAll(v.members());
        unprobed.clear();
        unprobed.addAll(v.members());
        leaving.clear();
        awaitingFence.clear();
        coldUnknown.clear();
        // Nobody knows what the absent nodes ran: none may be a victim still running a
        // service. Placement waits until each is fenced or comes back and probes.
        for (String n : config.nodeNames())
            if (!v.members().contains(config.id(n))) coldUnknown.add(n);
        awaitingFence.addAll(coldUnknown);
        strays.install(Map.of());
        buffering = false;
        buffer.clear();
        selfSynced = true;
        log(Level.INFO, "Resource group manager: starting with an empty service table (members " + names(v.members()) + ")");
        out.add(new Effect.RunProbe());
    }

    private void applyView(GroupView v) {
        members.clear();
        members.addAll(v.members());
        boolean wasQuorate = quorate;
        quorate = v.quorate();
        for (int id : v.failed()) {
            String n = config.name(id);
            awaitingFence.add(n);
            failedAt.put(n, now);
            abortOperationsOf(n);
        }
        for (int id : v.left()) {
            String n = config.name(id);
            // A clean leave stops everything first: whatever it still held is stopped now.
            strays.gone(n);
            for (ServiceSlot s : List.copyOf(slots.values()))
                if (n.equals(s.owner()) && s.state().holdsOwner()) put(s.settle(ServiceState.STOPPED, null, stamp));
        }
        synced.retainAll(members);
        unprobed.retainAll(members);
        leaving.retainAll(members);
        // A member that failed (or left) and joined again within one view is back in members,
        // but its new life holds no table: it asks for one like any joiner. Counted as synced
        // it would have been the decision maker nobody answers (sim seed 115: a crash and the
        // reboot in one cman transition left no decision maker).
        synced.removeAll(v.joined());
        unprobed.removeAll(v.joined());
        leaving.removeAll(v.joined());
        if (!v.joined().isEmpty()) announceTable(v);
        if (!v.joined().isEmpty() || !v.left().isEmpty() || !v.failed().isEmpty()) {
            // A member transition: places where a start failed may work now, and services an
            // operator stopped with -s may start again (RHCS retries on a node event).
            for (ServiceSlot s : List.copyOf(slots.values())) if (!s.avoid().isEmpty()) put(s.withAvoid(Set.of()));
        }
        if (!quorate) {
            if (wasQuorate || v.failed().size() + v.left().size() > 0) log(Level.WARNING, "Quorum lost: stopping services");
            stopEverythingInquorate();
            return;
        }
        if (!wasQuorate) failbackDue = true;
        if (isMaster()) recheck();
    }

    /**
     * Without quorum this member stops what it runs. Quorum is this member's own view
     * (cman tells each member at its own place in the order), so the table is not
     * touched here: each stop is reported with a {@code Stopped} message, which every
     * member applies in order.
     */
    private void stopEverythingInquorate() {
        for (ServiceSlot s : slots.values()) {
            if (!myName.equals(s.owner()) || !s.state().holdsOwner() || !quorumStops.add(s.name())) continue;
            notice("Stopping service " + s.name());
            out.add(new Effect.RunStop(s.name()));
        }
    }

    /**
     * A failed member's operation under way will never report: it is over. What the member
     * was starting or stopping may still run there, so the service stays held by it (started)
     * until it is fenced or probes again, and then the usual takeover applies.
     */
    private void abortOperationsOf(String node) {
        for (ServiceSlot s : List.copyOf(slots.values())) {
            if (!s.busy()) continue;
            if (node.equals(s.owner())) {
                put(s.settle(ServiceState.STARTED, node, stamp));
                log(Level.INFO, "Operation on " + s.name() + " aborted: " + node + " failed during it");
            }
        }
    }

    /**
     * Members joined. A booting member will ask for the table; a member of another partition
     * merging back holds a table of its own and will say so: each synchronised member says
     * which side's table it holds. Nothing is planned until every member has this table
     * and probed (see {@link #evaluate}).
     */
    private void announceTable(GroupView v) {
        sideHolders = synced.size();
        sideMaster = synced.isEmpty() ? me : synced.first();
        send(new GroupMessage.TableHeld(me, sideHolders, sideMaster));
    }

    /**
     * A member that holds a table this member's side does not share: two partitions merged.
     * The side with more holders keeps its table (then the lower decision maker id); the
     * other side drops its own, asks for the kept one and probes what it really runs, as a
     * booting member does. Both sides apply both sides' announcements in the same order,
     * so exactly one side gives way.
     */
    private void applyTableHeld(GroupMessage.TableHeld h) {
        if (synced.contains(h.node()) || !members.contains(h.node())) return;
        // A side whose decision maker holds this table is no other side: the sender missed
        // views (hung) and kept an old copy of this table, and the decision maker tells it to
        // take it again (Resync). Giving way to it as well left nobody holding a table (sim
        // seed 1347 of profile all: "no rgmanager decision maker" for good).
        if (synced.contains(h.master())) return;
        boolean theirsWins = h.holders() > sideHolders || (h.holders() == sideHolders && h.master() < sideMaster);
        if (!theirsWins) {
            log(Level.NOTICE, "Partition merge: member " + h.node() + " held another table; it takes this one");
            return;
        }
        log(Level.WARNING, "Partition merge: member " + h.node() + "'s side (" + h.holders() + " members, decision maker "
                + h.master() + ") keeps its table; resynchronising");
        olds.clear();
        for (int m : members) if (!synced.contains(m)) olds.add(m);
        giveTableUp();
    }

    /**
     * The decision maker does not count this member as holding its table: cman's views told
     * the members different things (nodes disallowed to each other, a member failed and back
     * within one view), so this table drifted from the decision maker's. Every member forgets
     * that the member held one; the member itself gives its table up and asks (sim seed 413:
     * members waited for each other for ever).
     */
    private void applyResync(int from, GroupMessage.Resync r) {
        if (from != master() || !members.contains(r.node())) return;
        boolean heldHere = synced.remove(r.node());
        unprobed.remove(r.node());
        // Only a member that counts itself as holding this table gives it up (one that asked
        // already, and replays this request after the snapshot, has nothing to give).
        if (r.node() != me || !heldHere) return;
        log(Level.WARNING, "Decision maker " + from + " does not count this member as holding its table; resynchronising");
        olds.clear();
        for (int m : members) if (m != me) olds.add(m);
        giveTableUp();
    }

    /** Drops this member's table and asks for the decision maker's, as a booting member does. */
    private void giveTableUp() {
        selfSynced = false;
        synced.clear();
        unprobed.clear();
        refused.clear();
        inFlight = 0;
        replanWanted = false;
        inFlightFromEvaluate = false;
        buffering = false;
        buffer.clear();
        requestPositions.clear();
        nonce++;
        send(new GroupMessage.SyncRequest(me, nonce));
    }

    /** Starts {@code service} here, unless this member is inquorate: then the start fails at once (and in order). */
    private void startHere(String service, String announce) {
        if (!quorate) {
            log(Level.WARNING, "Not starting " + service + ": this member is not quorate");
            send(new GroupMessage.Result(service, myName, true, false, true, now));
            return;
        }
        notice(announce);
        out.add(new Effect.RunStart(service));
    }

    private void onDelivered(Input.Delivered d) {
        if (!selfSynced) {
            unsyncedMessage(d);
            return;
        }
        apply(d.from(), d.message());
    }

    private void unsyncedMessage(Input.Delivered d) {
        if (d.message() instanceof GroupMessage.SyncRequest r && r.node() == me) {
            buffering = true;
            requestPositions.put(r.nonce(), buffer.size());
            buffer.add(d);
            return;
        }
        if (d.message() instanceof GroupMessage.Snapshot s && s.forNode() == me && requestPositions.containsKey(s.nonce())) {
            int from = requestPositions.get(s.nonce()) + 1;
            List<Input> replay = new ArrayList<>(buffer.subList(from, buffer.size()));
            install(s.image());
            buffering = false;
            buffer.clear();
            requestPositions.clear();
            selfSynced = true;
            for (Input i : replay) {
                if (i instanceof Input.View v) applyView(v.view());
                else if (i instanceof Input.Delivered b) apply(b.from(), b.message());
            }
            apply(d.from(), s);
            return;
        }
        if (buffering) buffer.add(d);
    }

    private void install(GroupMessage.TableImage image) {
        for (ServiceSlot s : image.services()) if (slots.containsKey(s.name())) slots.put(s.name(), s);
        synced.clear();
        synced.addAll(image.synced());
        unprobed.clear();
        unprobed.addAll(image.unprobed());
        leaving.clear();
        leaving.addAll(image.leaving());
        awaitingFence.clear();
        awaitingFence.addAll(image.awaitingFence());
        coldUnknown.clear();
        coldUnknown.addAll(image.coldUnknown());
        strays.install(image.strays());
        locked = image.locked();
        stamp = image.stamp();
        // This table is kept: announcements of a side that gives way are not compared again.
        sideHolders = Integer.MAX_VALUE;
        sideMaster = 0;
        // members and quorum come from the views this node saw itself
        // (the replayed ones follow)
    }

    public GroupMessage.TableImage image() {
        return new GroupMessage.TableImage(List.copyOf(slots.values()), synced, unprobed, leaving, awaitingFence, locked, stamp,
                coldUnknown, strays.image());
    }

    // ---- applying group messages -----------------------------------------------------------

    private void apply(int from, GroupMessage m) {
        stamp = Math.max(stamp, timeOf(m));
        if (!(m instanceof Exec || m instanceof GroupMessage.Reply || m instanceof GroupMessage.Request
                || m instanceof GroupMessage.SyncRequest || m instanceof GroupMessage.TableHeld
                || m instanceof GroupMessage.Resync)) refused.clear();
        if (m instanceof GroupMessage.TableHeld h) {
            applyTableHeld(h);
        } else if (m instanceof GroupMessage.Resync r) {
            applyResync(from, r);
        } else if (m instanceof GroupMessage.SyncRequest r) {
            // Whoever asks holds no table, whatever this table believed: counted as synchronised
            // (a member this side cold-started with, or one back within a view) nobody would
            // answer it (sim seed 646: a cold start counted three members that had given their
            // table up, they never got one, and a service they ran was started a second time).
            if (synced.remove(r.node())) unprobed.remove(r.node());
            if (isMaster() && members.contains(r.node()) && !synced.contains(r.node()))
                send(new GroupMessage.Snapshot(r.node(), r.nonce(), image()));
        } else if (m instanceof GroupMessage.Snapshot s) {
            if (members.contains(s.forNode()) && synced.add(s.forNode())) {
                unprobed.add(s.forNode());
                if (s.forNode() == me) {
                    out.add(new Effect.RunProbe());
                    if (shuttingDown && !leaving.contains(me)) send(new GroupMessage.Leaving(me));
                }
            }
        } else if (m instanceof GroupMessage.Exec e) {
            applyExec(from, e);
        } else if (m instanceof GroupMessage.Result r) {
            applyResult(r);
        } else if (m instanceof GroupMessage.StatusFailed f) {
            applyStatusFailed(f);
        } else if (m instanceof GroupMessage.Request r) {
            applyRequest(r);
        } else if (m instanceof GroupMessage.Reply r) {
            if (origin(r.id()) == me) reply(r.id(), r.result(), r.owner());
        } else if (m instanceof GroupMessage.Leaving l) {
            if (!members.contains(l.node())) return;
            leaving.add(l.node());
            notice("Member " + l.node() + " shutting down");
            if (isMaster()) recheck();
        } else if (m instanceof GroupMessage.Fenced f) {
            coldUnknown.remove(f.node());
            strays.gone(f.node());
            if (awaitingFence.remove(f.node()) && isMaster()) recheck();
        } else if (m instanceof GroupMessage.Probe p) {
            applyProbe(p);
        } else if (m instanceof GroupMessage.Stopped st) {
            ServiceSlot s = slots.get(st.service());
            if (s == null || !st.node().equals(s.owner()) || !s.state().holdsOwner()) return;
            put(s.settle(st.ok() ? ServiceState.STOPPED : ServiceState.FAILED, null, st.time()));
            if (st.node().equals(myName)) notice(st.ok() ? "Service " + s.name() + " is stopped" : "Service " + s.name() + " failed to stop");
            answer(s, RequestResult.FAIL, null);
            if (isMaster()) recheck();
        } else if (m instanceof GroupMessage.Lock l) {
            locked = l.locked();
            if (origin(l.id()) == me) reply(l.id(), RequestResult.SUCCESS, null);
            if (!locked && isMaster()) recheck();
        }
    }

    private void applyExec(int from, Exec e) {
        if (from == me && inFlight > 0) inFlight--;
        Action a = e.action();
        ServiceSlot s = slots.get(a.service());
        String reason;
        if (from != master()) reason = "not from the decision maker";
        else if (s == null) reason = "unknown service";
        else if (a instanceof Action.Start st) reason = acceptStart(s, st, e);
        else if (a instanceof Action.Stop st) reason = acceptStop(s, st, e);
        else if (a instanceof Action.Relocate r) reason = acceptRelocate(s, r, e);
        else if (a instanceof Action.Restart r) reason = acceptRestart(s, r, e);
        else if (a instanceof Action.SetState st) reason = acceptSetState(s, st, e);
        else {
            Action.Refuse r = (Action.Refuse) a;
            if (e.request() != null && origin(e.request()) == me) reply(e.request(), RequestResult.of(r.code()), null);
            reason = null;
        }
        if (reason != null) {
            log(Level.DEBUG, "Ignoring " + describe(a) + ": " + reason);
            if (e.request() != null && origin(e.request()) == me) reply(e.request(), RequestResult.AGAIN, null);
            if (from == me) {
                // My plan was stale (a previous decision maker's step got there first): plan
                // again, but not the same step until the table changes (or the next tick).
                refused.add(a);
                replanWanted = true;
                if (inFlightFromEvaluate) failbackDue = true; // the failback that plan carried is still due
            }
        }
        if (from == me && inFlight == 0) inFlightFromEvaluate = false;
        if (from == me && inFlight == 0 && replanWanted && isMaster()) {
            replanWanted = false;
            recheck();
        }
    }

    /** @return null when accepted, else why not */
    private String acceptStart(ServiceSlot s, Action.Start a, Exec e) {
        if (s.busy()) return "an operation is under way";
        String copy = copyMayRun(s.name());
        if (copy != null) return copy;
        String unfenced = unfencedFailure();
        if (unfenced != null) return "member " + unfenced + " failed and is not fenced yet";
        if (s.state().holdsOwner()) {
            // Only a takeover starts a service someone held, and only once that node is
            // gone and (if it failed) fenced: this is the one-owner rule.
            if (s.owner() == null) return "inconsistent owner";
            if (members.contains(config.id(s.owner()))) return "owned by member " + s.owner();
            if (awaitingFence.contains(s.owner())) return s.owner() + " is not fenced yet";
        } else if (s.state() == ServiceState.FAILED) {
            return "service is failed";
        } else if (s.state() == ServiceState.DISABLED && a.why() != Why.OPERATOR) {
            return "service is disabled";
        }
        if (s.frozen()) return "service is frozen";
        if (locked && a.why() != Why.OPERATOR) return "resource groups are locked";
        String bad = hostProblem(a.node(), s.name());
        if (bad != null) return bad;
        Why why = s.state().holdsOwner() && a.why() != Why.TAKEOVER ? Why.TAKEOVER : a.why();
        String downMember = why == Why.TAKEOVER ? (a.from() != null ? a.from() : s.owner()) : null;
        put(s.begin(ServiceState.STARTING, a.node(), Op.START, null, why, null, downMember, e.request(), e.time()));
        if (a.node().equals(myName))
            startHere(s.name(), why == Why.TAKEOVER ? "Taking over service " + s.name() + " from down member " + downMember
                    : "Starting stopped service " + s.name());
        return null;
    }

    private String acceptStop(ServiceSlot s, Action.Stop a, Exec e) {
        if (s.busy()) return "an operation is under way";
        if (!s.state().holdsOwner() || !a.node().equals(s.owner())) return "not running on " + a.node();
        if (!members.contains(config.id(a.node()))) return a.node() + " is not a member";
        put(s.begin(ServiceState.STOPPING, a.node(), Op.STOP, null, a.why(), a.after(), null, e.request(), e.time()));
        if (a.node().equals(myName)) {
            notice("Stopping service " + s.name());
            out.add(new Effect.RunStop(s.name()));
        }
        return null;
    }

    private String acceptRelocate(ServiceSlot s, Action.Relocate a, Exec e) {
        if (s.busy()) return "an operation is under way";
        if (s.state() != ServiceState.STARTED || !a.from().equals(s.owner())) return "not running on " + a.from();
        if (s.frozen()) return "service is frozen";
        if (!members.contains(config.id(a.from()))) return a.from() + " is not a member";
        String bad = hostProblem(a.to(), s.name());
        if (bad != null) return bad;
        ServiceState during = a.why() == Why.RECOVERY ? ServiceState.RECOVERING : ServiceState.STOPPING;
        ServiceSlot next = s.begin(during, a.from(), Op.RELOCATE, a.to(), a.why(), null, null, e.request(), e.time());
        if (a.why() == Why.RECOVERY) next = next.withRestarts(List.of());
        put(next);
        if (a.from().equals(myName)) {
            if (a.why() == Why.BETTER_NODE) notice("Relocating " + s.name() + " to better node " + a.to());
            notice("Stopping service " + s.name());
            out.add(new Effect.RunStop(s.name()));
        }
        return null;
    }

    private String acceptRestart(ServiceSlot s, Action.Restart a, Exec e) {
        if (s.busy()) return "an operation is under way";
        if (s.state() != ServiceState.STARTED || !a.node().equals(s.owner())) return "not running on " + a.node();
        if (s.frozen()) return "service is frozen";
        if (!members.contains(config.id(a.node()))) return a.node() + " is not a member";
        boolean recovery = a.why() == Why.RECOVERY;
        ServiceSlot next = s.begin(recovery ? ServiceState.RECOVERING : ServiceState.STOPPING, a.node(), Op.RESTART, null,
                a.why(), null, null, e.request(), e.time());
        if (recovery) next = next.withRestarts(recordRestart(s, e.time()));
        put(next);
        if (a.node().equals(myName)) {
            notice("Stopping service " + s.name());
            out.add(new Effect.RunStop(s.name()));
        }
        return null;
    }

    private List<Long> recordRestart(ServiceSlot s, long time) {
        ServiceSpec spec = config.services().get(s.name());
        List<Long> r = new ArrayList<>();
        for (long t : s.restarts())
            if (spec == null || spec.restartExpireMs() <= 0 || time - t < spec.restartExpireMs()) r.add(t);
        r.add(time);
        // bounded: only the last max_restarts (+1) entries can matter
        int keep = Math.max(1, spec == null ? 16 : Math.max(spec.maxRestarts() + 1, 1));
        return r.size() > keep ? r.subList(r.size() - keep, r.size()) : r;
    }

    private String acceptSetState(ServiceSlot s, Action.SetState a, Exec e) {
        if (s.busy()) return "an operation is under way";
        ServiceSlot next;
        if (a.state() == s.state()) {
            next = s.withFrozen(a.frozen());
        } else {
            if (a.state().holdsOwner()) return "cannot set " + a.state().text() + " without running it";
            if (s.state().holdsOwner() && s.owner() != null && members.contains(config.id(s.owner())))
                return "running on member " + s.owner();
            if (s.state().holdsOwner() && awaitingFence.contains(s.owner())) return s.owner() + " is not fenced yet";
            next = s.settle(a.state(), null, e.time()).withFrozen(a.frozen());
            if (a.state() == ServiceState.DISABLED) next = next.withAvoid(Set.of());
        }
        put(next);
        if (e.request() != null && origin(e.request()) == me) reply(e.request(), RequestResult.SUCCESS, next.owner());
        return null;
    }

    /**
     * A member that failed and is neither fenced nor back with its probe, or null. While there
     * is one, nothing starts anywhere (RHCS: recovery waits until every failed node is fenced).
     * Such a member may not be dead but stale: dropped from the membership while it hung, it
     * still holds its last view, is decision maker there, hears only its own messages and may
     * start any service it sees free, taking over a node fenced meanwhile just as this side
     * does (sim seed 2254). Its fence ends whatever it started, so after the fence this side's
     * table is the only one. The same wait turns two partitions that each believe they are
     * quorate into a fence race (sim seed 1195). Nodes unknown at a cold start are not
     * included: placement waits for those anyway, and an operator may still enable.
     */
    private String unfencedFailure() {
        for (String n : awaitingFence) if (!coldUnknown.contains(n)) return n;
        return null;
    }

    /**
     * Why {@code service} may start nowhere now, or null: another node may still run a copy the
     * table does not show — one being stopped ({@link StrayCopies}), or any on a member that has
     * not yet reported what it runs (booting, or of a partition merging back: a start planned
     * before its view arrived must wait for its probe). A relocation or restart under way goes
     * on after its stop unless a copy is being stopped: a copy an unreported member runs ran
     * beside the owner's already, and that member's probe makes it a stray copy.
     */
    private String copyMayRun(String service) {
        String copy = strays.blocking(service);
        if (copy != null) return "a copy on " + copy + " is not stopped yet";
        for (int m : members)
            if (!synced.contains(m) || unprobed.contains(m)) return "member " + config.name(m) + " has not reported what it runs";
        return null;
    }

    /** Why {@code node} may not take {@code service} now, or null. */
    private String hostProblem(String node, String service) {
        int id = config.id(node);
        if (id < 0) return node + " is not a configured node";
        if (!members.contains(id) || !synced.contains(id) || unprobed.contains(id)) return node + " is not an active member";
        if (leaving.contains(id)) return node + " is shutting down";
        ServiceSpec spec = config.services().get(service);
        for (ServiceSlot o : slots.values()) {
            if (o.name().equals(service) || !node.equals(o.owner()) || !o.state().holdsOwner()) continue;
            ServiceSpec os = config.services().get(o.name());
            if (spec != null && spec.exclusive()) return node + " runs " + o.name() + " and " + service + " is exclusive";
            if (os != null && os.exclusive()) return node + " runs exclusive " + o.name();
        }
        return null;
    }

    private void applyResult(GroupMessage.Result r) {
        ServiceSlot s = slots.get(r.service());
        boolean mine = r.node().equals(myName);
        if (s != null && !r.start() && strays.stopped(s.name(), r.node(), r.ok())) {
            if (mine && !r.ok()) log(Level.ERR, "Stopping a copy of " + s.name() + " the table does not place here failed;"
                    + " it starts nowhere until this node is fenced or probes again");
            if (isMaster()) recheck();
            return;
        }
        if (s != null && r.start() && (r.ok() || !r.clean()) && !(r.node().equals(s.owner()) && s.state().holdsOwner())) {
            // A start this table no longer expects (its member resynchronised after a partition
            // merge meanwhile) finished there: nobody counts this copy, so it must go, and the
            // service starts nowhere until its stop is confirmed.
            strays.found(s.name(), r.node());
            if (mine) {
                notice("Stopping service " + s.name());
                out.add(new Effect.RunStop(s.name()));
            }
            return;
        }
        if (s == null || !r.node().equals(s.owner())) return;
        if (r.start()) {
            if (s.op() != Op.START) return;
            if (r.ok()) {
                ServiceSlot next = s.settle(ServiceState.STARTED, r.node(), r.time()).withAvoid(Set.of());
                put(next);
                reportedFailures.remove(s.name());
                if (mine) notice("Service " + s.name() + " started");
                answer(s, RequestResult.SUCCESS, r.node());
            } else if (r.clean()) {
                Set<String> avoid = new LinkedHashSet<>(s.avoid());
                avoid.add(r.node());
                put(s.settle(ServiceState.STOPPED, null, r.time()).withAvoid(avoid));
                if (mine) log(Level.WARNING, "Service " + s.name() + " failed to start; it is stopped");
                answer(s, RequestResult.FAIL, null);
            } else {
                put(s.settle(ServiceState.FAILED, null, r.time()));
                if (mine) log(Level.ERR, "Service " + s.name() + " failed to start and to stop; it is failed (disable it to clear)");
                answer(s, RequestResult.ABORT, null);
            }
        } else {
            if (s.op() != Op.STOP && s.op() != Op.RELOCATE && s.op() != Op.RESTART) return;
            if (!r.ok()) {
                put(s.settle(ServiceState.FAILED, null, r.time()));
                if (mine) log(Level.ERR, "Service " + s.name() + " failed to stop; it is failed (disable it to clear)");
                answer(s, RequestResult.ABORT, null);
            } else {
                stopped(s, r, mine);
            }
        }
        if (isMaster()) recheck();
    }

    private void stopped(ServiceSlot s, GroupMessage.Result r, boolean mine) {
        boolean recovery = s.why() == Why.RECOVERY;
        switch (s.op()) {
            case STOP -> {
                ServiceState after = s.after() != null ? s.after() : ServiceState.STOPPED;
                ServiceSlot next = s.settle(after, null, r.time());
                // clusvcadm -s stops until the next member transition: keep placement away till then.
                if (s.why() == Why.OPERATOR && after == ServiceState.STOPPED) next = next.withAvoid(Set.copyOf(config.nodeNames()));
                put(next);
                if (mine) {
                    if (after == ServiceState.RECOVERABLE || recovery) notice("Service " + s.name() + " is recovering");
                    else if (after == ServiceState.DISABLED) notice("Service " + s.name() + " is disabled");
                    else notice("Service " + s.name() + " is stopped");
                }
                answer(s, RequestResult.SUCCESS, null);
            }
            case RELOCATE -> {
                if (mine) notice(recovery ? "Service " + s.name() + " is recovering" : "Service " + s.name() + " is stopped");
                String to = s.target();
                if (to != null && hostProblem(to, s.name()) == null && strays.blocking(s.name()) == null) {
                    put(s.begin(ServiceState.STARTING, to, Op.START, null, s.why(), null, null, s.request(), r.time()));
                    if (to.equals(myName)) startHere(s.name(), "Starting stopped service " + s.name());
                } else {
                    put(s.settle(ServiceState.STOPPED, null, r.time()));
                    answer(s, RequestResult.FAIL, null);
                }
            }
            case RESTART -> {
                if (mine) notice(recovery ? "Service " + s.name() + " is recovering" : "Service " + s.name() + " is stopped");
                if (strays.blocking(s.name()) != null) {   // another copy is being stopped: start it once that is done
                    put(s.settle(ServiceState.STOPPED, null, r.time()));
                    answer(s, RequestResult.FAIL, null);
                    return;
                }
                put(s.begin(ServiceState.STARTING, s.owner(), Op.START, null, s.why(), null, null, s.request(), r.time()));
                if (mine) startHere(s.name(), recovery ? "Recovering failed service " + s.name() : "Starting stopped service " + s.name());
            }
            default -> { }
        }
    }

    private void applyStatusFailed(GroupMessage.StatusFailed f) {
        ServiceSlot s = slots.get(f.service());
        if (s == null || s.state() != ServiceState.STARTED || !f.node().equals(s.owner()) || s.busy() || s.frozen()) return;
        if (isMaster()) evaluate(new Trigger.StatusFailed(f.service(), f.node()), null);
    }

    private void applyRequest(GroupMessage.Request r) {
        ServiceSlot s = slots.get(r.service());
        // An operator request is a fresh start: forget where starts failed before
        // (on every member: the table must stay the same everywhere).
        if (s != null && !s.busy() && !s.avoid().isEmpty()) put(s = s.withAvoid(Set.of()));
        if (!isMaster()) return;
        if (!quorate) { send(new GroupMessage.Reply(r.id(), RequestResult.QUORUM, null)); return; }
        if (s != null && s.busy()) { send(new GroupMessage.Reply(r.id(), RequestResult.AGAIN, null)); return; }
        if (s != null && s.state() == ServiceState.STARTED && r.kind() == Trigger.Kind.ENABLE && r.target() == null) {
            send(new GroupMessage.Reply(r.id(), RequestResult.SUCCESS, s.owner()));
            return;
        }
        evaluate(new Trigger.Request(r.kind(), r.service(), r.target()), r.id());
    }

    private void applyProbe(GroupMessage.Probe p) {
        if (!members.contains(p.node())) return;
        String node = config.name(p.node());
        unprobed.remove(p.node());
        failbackDue = true;
        // The member is alive and says what it runs: that settles what its failure left open.
        awaitingFence.remove(node);
        coldUnknown.remove(node);
        Set<String> running = new LinkedHashSet<>(p.running());
        strays.probed(node, running);
        for (ServiceSlot s : List.copyOf(slots.values())) {
            boolean here = running.contains(s.name());
            boolean ownedHere = node.equals(s.owner()) && s.state().holdsOwner();
            if (here && !ownedHere) {
                boolean free = !s.state().holdsOwner() && s.state() != ServiceState.DISABLED && s.state() != ServiceState.FAILED;
                if (free && !s.busy() && !strays.holds(s.name(), node)) {
                    put(s.settle(ServiceState.STARTED, node, p.time()));
                    if (p.node() == me) notice("Service " + s.name() + " is running here; resuming ownership");
                } else if (s.state() != ServiceState.FAILED) {
                    // Someone else owns it (or it is disabled, or a stop of it is under way): the
                    // copy here must go, and until it has the service starts nowhere (every
                    // member records it: sim seeds 14607, 18367 started it elsewhere meanwhile).
                    strays.found(s.name(), node);
                    if (p.node() == me) {
                        notice("Stopping service " + s.name());
                        out.add(new Effect.RunStop(s.name()));
                    }
                }
            } else if (!here && ownedHere && !s.busy()) {
                put(s.settle(ServiceState.STOPPED, null, p.time()));
            }
        }
        if (isMaster()) recheck();
    }

    /**
     * A new cluster.conf, applied at its place in the group's order: services keep their
     * records, new ones start uninitialized, removed ones are stopped here if they ran
     * here and leave the table. The resource engine already applied the resource delta.
     */
    private void reconfigure(Input.Reconfigure r) {
        if (r.version() <= configVersion) return;
        RgConfig old = config;
        config = r.config();
        configVersion = r.version();
        Map<String, ServiceSlot> next = new LinkedHashMap<>();
        for (String name : config.services().keySet()) next.put(name, slots.getOrDefault(name, ServiceSlot.initial(name)));
        for (ServiceSlot s : slots.values()) {
            if (next.containsKey(s.name())) continue;
            strays.forget(s.name());
            if (myName.equals(s.owner()) && s.state().holdsOwner()) {
                notice("Stopping service " + s.name());
                out.add(new Effect.RunStop(s.name()));
            }
        }
        slots.clear();
        slots.putAll(next);
        log(Level.NOTICE, "Reconfiguring: cluster.conf version " + r.version() + " (" + config.services().size()
                + " services, was " + old.services().size() + ")");
        if (isMaster()) recheck();
    }

    public int configVersion() { return configVersion; }

    // ---- local inputs ------------------------------------------------------------------------

    private void onCheckFailed(String service) {
        if (!shouldCheck(service)) return;
        reportedFailures.add(service);
        send(new GroupMessage.StatusFailed(service, myName, now));
    }

    private void onClientRequest(Input.ClientRequest r) {
        if (!selfSynced) { reply(r.id(), RequestResult.AGAIN, null); return; }
        if (!quorate) { reply(r.id(), RequestResult.QUORUM, null); return; }
        if (!slots.containsKey(r.service())) { reply(r.id(), RequestResult.NO_SERVICE, null); return; }
        openRequests.put(r.id(), master());
        send(new GroupMessage.Request(r.id(), r.kind(), r.service(), r.target()));
    }

    /**
     * Local clients must not wait forever: a request whose decision maker left before
     * deciding gets "try again"; one whose operation was overtaken (say, its target
     * failed and the service was taken over) gets "failure".
     */
    private void settleRequests() {
        if (openRequests.isEmpty()) return;
        for (Map.Entry<String, Integer> e : List.copyOf(openRequests.entrySet())) {
            String id = e.getKey();
            boolean inTable = slots.values().stream().anyMatch(s -> id.equals(s.request()));
            if (inTable) {
                requestsInTable.add(id);
            } else if (requestsInTable.remove(id)) {
                reply(id, RequestResult.FAIL, null);
            } else if (!members.contains(e.getValue())) {
                reply(id, RequestResult.AGAIN, null);
            }
        }
    }

    private void onShutdown() {
        if (shuttingDown) return;
        shuttingDown = true;
        if (selfSynced) send(new GroupMessage.Leaving(me));
    }

    /** Leave once this node announced it is leaving and holds nothing any more. */
    private void maybeLeave() {
        if (!shuttingDown || leaveEmitted) return;
        // A copy found here is still being stopped: the others start it nowhere until it is.
        if (strays.anyOn(myName)) return;
        if (selfSynced && (!leaving.contains(me) || !ownedHere().isEmpty())) return;
        // Resynchronising after a partition merge with services of the old table: hand them
        // over once the table is back (the Leaving is sent then).
        if (!selfSynced && !ownedHere().isEmpty()) return;
        // Stay until what moved away runs on its new node: the others log the start
        // before this member leaves, as in seed 000's drill 3.
        if (selfSynced && slots.values().stream().anyMatch(s -> s.busy() && s.why() == Why.OWNER_LEAVING)) return;
        leaveEmitted = true;
        out.add(new Effect.Leave());
    }

    public boolean shuttingDown() { return shuttingDown; }

    /** One line of internals for debugging and test failure messages. */
    public String debugState() {
        return "synced=" + synced + " unprobed=" + unprobed + " leaving=" + leaving + " awaitingFence=" + awaitingFence
                + " coldUnknown=" + coldUnknown + " strays=" + strays + " inFlight=" + inFlight + " replan=" + replanWanted + " failbackDue=" + failbackDue + " self=" + selfSynced;
    }

    // ---- deciding -----------------------------------------------------------------------------

    /** The planner's input as this member sees the table now. */
    public PlacementInput placementInput(Trigger trigger) {
        Set<String> online = new LinkedHashSet<>(), leavingNames = new LinkedHashSet<>();
        for (int id : members)
            if (synced.contains(id) && !unprobed.contains(id)) online.add(config.name(id));
        for (int id : leaving) leavingNames.add(config.name(id));
        Map<String, ServiceStatus> states = new LinkedHashMap<>();
        Map<String, Set<String>> avoid = new LinkedHashMap<>();
        for (ServiceSlot s : slots.values()) {
            states.put(s.name(), s.status());
            if (!s.avoid().isEmpty()) avoid.put(s.name(), s.avoid());
        }
        return new PlacementInput(now, config.services(), config.domains(),
                new ClusterView(config.nodeNames(), online, awaitingFence, leavingNames, quorate), states, trigger, avoid);
    }

    /**
     * Plans after a change. Failback is due only once a member came online (its probe
     * arrived) or quorum returned; any other change is a recheck without failback.
     */
    private void recheck() { evaluate(failbackDue ? Trigger.EVALUATE : Trigger.RECHECK, null); }

    private void evaluate(Trigger trigger, String request) {
        boolean operator = trigger instanceof Trigger.Request;
        if (!operator && !(trigger instanceof Trigger.StatusFailed)) {
            // Wait for the table to show the last plan's effect, and for every new
            // member's probe (it may already run something), before deciding again.
            if (inFlight > 0 || !unprobed.isEmpty() || !coldUnknown.isEmpty() || !synced.containsAll(members)) {
                // A member without this table yet (booting, or of a partition merging back
                // that may run what this table does not know) must take it and probe first.
                // No time limit: one tried (10 s) let members whose cman views disagree
                // (nodes disallowed to each other) start services twice (sim seeds 262, 571).
                replanWanted = true;
                askForResync();
                return;
            }
            if (!quorate) return;
        }
        PlacementInput in = placementInput(trigger);
        List<Action> plan = Planner.plan(in);
        // A service in transition cannot fail back yet: keep failback due until all are settled.
        if (trigger instanceof Trigger.Evaluate && slots.values().stream().noneMatch(ServiceSlot::busy)) failbackDue = false;
        if (!operator && !refused.isEmpty()) plan = plan.stream().filter(a -> !refused.contains(a)).toList();
        // Starts wait until every failed member is fenced (see unfencedFailure); the Fenced
        // message that ends the wait triggers the next plan.
        if (!operator && unfencedFailure() != null) plan = plan.stream().filter(a -> !(a instanceof Action.Start)).toList();
        // A service whose stray copy is still being stopped starts once the stop is confirmed.
        if (!operator) plan = plan.stream().filter(a -> !(a instanceof Action.Start && strays.blocking(a.service()) != null)).toList();
        if (locked && !operator)
            plan = plan.stream().filter(a -> !(a instanceof Action.Start || a instanceof Action.Relocate
                    || a instanceof Action.Restart)).toList();
        if (!plan.isEmpty() || operator) out.add(new Effect.Record(in, plan));
        boolean answered = false;
        if (trigger instanceof Trigger.Evaluate && !plan.isEmpty()) inFlightFromEvaluate = true;
        for (Action a : plan) {
            String req = request != null && a.service().equals(((Trigger.Request) trigger).service()) && !answered ? request : null;
            if (req != null) answered = true;
            inFlight++;
            send(new Exec(a, req, now));
        }
        if (request != null && !answered) {
            ServiceSlot s = slots.get(((Trigger.Request) trigger).service());
            send(new GroupMessage.Reply(request, RequestResult.SUCCESS, s == null ? null : s.owner()));
        }
    }

    /**
     * Members this table does not count as holding it, once per view: a booting member or one
     * of a merging partition ignores the request (it is asking, or its own decision maker is
     * another); one that believes it holds this table takes it again.
     */
    private void askForResync() {
        for (int m : members)
            if (m != me && !synced.contains(m) && resyncAsked.add(m)) send(new GroupMessage.Resync(m));
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** The sender's time a message carries, 0 for those without one. */
    private static long timeOf(GroupMessage m) {
        if (m instanceof Exec e) return e.time();
        if (m instanceof GroupMessage.Result r) return r.time();
        if (m instanceof GroupMessage.StatusFailed f) return f.time();
        if (m instanceof GroupMessage.Probe p) return p.time();
        if (m instanceof GroupMessage.Stopped st) return st.time();
        return 0;
    }

    private void answer(ServiceSlot s, RequestResult r, String owner) {
        if (s.request() != null && origin(s.request()) == me) reply(s.request(), r, owner);
    }

    private void reply(String id, RequestResult r, String owner) {
        openRequests.remove(id);
        requestsInTable.remove(id);
        out.add(new Effect.Reply(id, r, owner));
    }

    private static int origin(String requestId) {
        int colon = requestId.indexOf(':');
        try {
            return Integer.parseInt(colon < 0 ? requestId : requestId.substring(0, colon));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void put(ServiceSlot s) {
        ServiceSlot old = slots.put(s.name(), s);
        if (!s.equals(old)) refused.clear();
        if (old != null && (old.state() != s.state() || old.op() != s.op())) reportedFailures.remove(s.name());
    }

    private void send(GroupMessage m) { out.add(new Effect.Send(m)); }

    private void notice(String text) { log(Level.NOTICE, text); }

    private void log(Level l, String text) { out.add(new Effect.Log(l, text)); }

    private String names(List<Integer> ids) {
        return String.join(" ", ids.stream().map(config::name).toList());
    }

    private static String describe(Action a) {
        return org.jrhcs.rg.core.placement.PlacementScenario.render(a);
    }
}
