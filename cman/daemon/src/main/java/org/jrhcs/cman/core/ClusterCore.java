package org.jrhcs.cman.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.cman.client.CmanWire;
import org.jrhcs.cman.client.GroupView;
import org.jrhcs.cman.wire.PeerMessages;
import org.jrhcs.log.Severity;

/**
 * One node's cman state machine: membership, votes, quorum, the quorum device and
 * process groups. Inputs are transport views, peer messages in total order, local
 * requests and ticks; outputs are {@link Effect}s.
 *
 * <p>Lifecycle: created at start-up with the local node not a member; the first view
 * that contains this node and the {@code hello} of every node in it make it a member.
 * A transport view only says who is reachable: a node becomes a cman member when its
 * {@code hello} arrives and is accepted (known node, same cluster, not a stale return).
 *
 * <p>Determinism: no clock, threads or I/O; time is the {@code now} argument (epoch ms).
 * The same inputs give the same effects.
 *
 * <p>Threading: not thread-safe; the daemon drives it from one loop thread.
 *
 * <p>Failure: malformed or unexpected peer messages are ignored with a debug line; local
 * requests that cannot be honoured throw {@link IllegalArgumentException} (the daemon
 * turns it into an error reply) before changing anything.
 */
public final class ClusterCore {

    /** A node's state in {@code cman_tool nodes}: the enum's text is the printed letter. */
    public enum NodeState {
        MEMBER("M"), NOT_MEMBER("X"), DISALLOWED("d");
        public final String letter;
        NodeState(String letter) { this.letter = letter; }
    }

    /** What this node knows about one configured node. */
    public record NodeStatus(int id, String name, NodeState state, int votes, long incarnation, long joinTime) {}

    private static final class Peer {
        NodeConf conf; // replaced by a reload (votes)
        NodeState state = NodeState.NOT_MEMBER;
        int votes;
        String token;
        long incarnation;
        long joinTime;
        /** Its hellos say it is stale (dropped while hung): counted by nobody, it cannot form a side. */
        boolean stale;
        final Set<String> groups = new TreeSet<>();
        Peer(NodeConf conf) { this.conf = conf; this.votes = conf.votes(); }
    }

    private static final class Delta {
        final List<Integer> joined = new ArrayList<>(), left = new ArrayList<>(), failed = new ArrayList<>();
    }

    private CmanConfig config; // replaced by reconfigure()
    private final NodeConf self;
    private final String token;
    private final Map<Integer, Peer> peers = new TreeMap<>();
    private Set<String> view = new LinkedHashSet<>();
    private final Set<String> pending = new TreeSet<>();
    private final Map<String, Boolean> announcedLeaves = new HashMap<>();
    private final Map<Integer, String> droppedTokens = new HashMap<>();
    /**
     * Dropped nodes this node's daemons were told it was quorate without (a settled view)
     * at some moment since: they may have acted on their absence (fenced them, taken their
     * services over).
     */
    private final Set<Integer> actedWithout = new TreeSet<>();
    private final Set<String> localGroups = new TreeSet<>();
    private final List<String> changeLeft = new ArrayList<>(), changeJoined = new ArrayList<>();
    private final Map<String, Delta> deltas = new TreeMap<>();
    private final List<Effect.Deliver> heldMessages = new ArrayList<>();
    /** How long to wait for a pending node's hello before asking again. */
    static final long HELLO_RETRY_MS = 300;

    private long lastHello;
    private long generation;
    private int expectedVotes;
    private int lmsExpected;
    private long lastChange;
    private boolean wfaSatisfied;
    private boolean member;
    private boolean everMember;
    /**
     * RHCS's "Dirty" flag: a local daemon has joined a process group, so this node holds
     * state (a fence domain, services) that cannot be merged with another partition's.
     * Set once, kept until cman restarts.
     */
    private boolean dirty;
    /**
     * A partition dropped this node while it was alive and it never saw a view without
     * them: it was hung, and its membership and daemons' state are stale. It never counts
     * as quorate again; the quorate side tells it to leave (RHCS: a restart is needed).
     */
    private boolean stale;
    private boolean leaving;
    private boolean quorateAtViewStart;
    private QuorumPolicy.Result quorum;
    private String qdiskName;
    private int qdiskVotes;
    private boolean qdiskAvailable;
    private long qdiskLastPoll;
    private boolean qdiskCounted;
    /**
     * A member failed while the quorum device's votes counted: they count only for the
     * partition the qdisk master is in, and this node cannot tell yet which side that is.
     * The transition stays open (daemons get nothing) until qdiskd has judged the device
     * against the new membership (its next poll) or the device stops counting.
     */
    private boolean awaitingDevice;
    /** The quorate flag the local process groups last received in a view. */
    private boolean deliveredQuorate;
    private List<Effect> out = new ArrayList<>();

    /**
     * @param token a value unique to this process run (a restarted cman has a new one):
     *              how other nodes tell a restarted node from one that was dropped while hung
     */
    public ClusterCore(CmanConfig config, String localName, String token, long now) {
        this.config = config;
        this.self = config.node(localName).orElseThrow(() ->
                new IllegalArgumentException("node " + localName + " is not in cluster.conf"));
        this.token = token;
        for (NodeConf n : config.nodes()) peers.put(n.id(), new Peer(n));
        this.expectedVotes = config.expectedVotes();
        this.lastChange = now;
        this.quorum = QuorumPolicy.evaluate(input(now));
    }

    // ---------------------------------------------------------------- inputs

    /** A new transport view (node names as configured), in delivery order with messages. */
    public List<Effect> onView(long viewId, List<String> names, long now) {
        quorateAtViewStart = quorum.quorate();
        Set<String> next = new LinkedHashSet<>(names);
        Set<String> gone = new LinkedHashSet<>(view);
        gone.removeAll(next);
        Set<String> arrived = new LinkedHashSet<>(next);
        arrived.removeAll(view);
        view = next;
        // JGroups view ids start at 0 and agree across the members of one view.
        generation = Math.max(generation + 1, viewId + 1);
        pending.retainAll(next);
        for (String name : gone) {
            Optional<NodeConf> nc = config.node(name);
            if (nc.isEmpty()) continue;
            Peer p = peers.get(nc.get().id());
            Boolean remove = announcedLeaves.remove(name);
            if (p.state == NodeState.MEMBER) {
                boolean clean = remove != null;
                if (!clean) droppedTokens.put(p.conf.id(), p.token);
                dropMember(p, clean);
                if (Boolean.TRUE.equals(remove)) {
                    expectedVotes = Math.max(1, expectedVotes - p.votes);
                    lmsExpected = 0;
                }
                changeLeft.add(name + (clean ? "" : " (failed)"));
                lastChange = now;
            } else if (p.state == NodeState.DISALLOWED) {
                p.state = NodeState.NOT_MEMBER;
            }
        }
        // Every member's hello, not only the newcomers': a node back from a hang whose old
        // view had the same members would otherwise settle on the first hello it reads and
        // count peers whose next hellos say they dropped it (briefly quorate with stale state).
        for (String name : next) {
            if (config.node(name).isPresent()) pending.add(name);
            else if (arrived.contains(name)) refuse(name, "it is not in cluster.conf");
        }
        sendHello(now, List.of());
        settle(now);
        return drain();
    }

    /** A message from node {@code from}, in total order. */
    public List<Effect> onMessage(String from, IpcMessage m, long now) {
        String type = m.get(PeerMessages.TYPE, "");
        try {
            switch (type) {
                case PeerMessages.HELLO -> onHello(from, m, now);
                case PeerMessages.LEAVE -> onLeave(from, m);
                case PeerMessages.KILL -> onKill(m);
                case PeerMessages.VOTES -> onVotes(from, m, now);
                case PeerMessages.EXPECTED -> onExpected(from, m, now);
                case PeerMessages.VERSION -> out.add(new Effect.Reload(m.getInt("config_version", 0), from));
                case PeerMessages.GJOIN -> onGroupJoin(from, m.get("group"));
                case PeerMessages.GLEAVE -> onGroupLeave(from, m.get("group"), m.getBool("failed"));
                case PeerMessages.GMSG -> onGroupMessage(from, m);
                default -> debug("ignoring message of unknown type \"" + type + "\" from " + from);
            }
        } catch (RuntimeException e) {
            debug("ignoring malformed " + type + " message from " + from + ": " + e.getMessage());
        }
        settle(now);
        return drain();
    }

    /** Time passes: quorum device poll deadline, last_man_standing window. */
    public List<Effect> onTick(long now) {
        if (!pending.isEmpty() && now - lastHello >= HELLO_RETRY_MS) sendHello(now, List.copyOf(pending));
        settle(now);
        if (config.lastManStanding() && member) {
            int lowered = QuorumPolicy.lastManStanding(lmsExpected, quorum, now - lastChange, config.lmsWindowMs());
            if (lowered != lmsExpected) {
                lmsExpected = lowered;
                out.add(new Effect.Log(Severity.NOTICE, "[QUORUM] last_man_standing: quorum now computed from "
                        + lowered + " votes"));
                settle(now);
            }
        }
        return drain();
    }

    /**
     * Announces this node. {@code ask} names nodes whose hello we still miss: a hello sent
     * the instant a merge view is installed can reach a node that has not installed it yet
     * and be dropped there as coming from a non-member, so pending nodes are asked again.
     */
    private void sendHello(long now, List<String> ask) {
        lastHello = now;
        out.add(new Effect.Broadcast(PeerMessages.hello(self.name(), self.id(), token, config.clusterName(),
                config.clusterId(), config.configVersion(), peers.get(self.id()).votes, expectedVotes, localGroups)
                .put("dropped", droppedTokens.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                        .sorted().collect(Collectors.joining(",")))
                .put("acted", droppedTokens.entrySet().stream().filter(e -> actedWithout.contains(e.getKey()))
                        .map(e -> e.getKey() + ":" + e.getValue()).sorted().collect(Collectors.joining(",")))
                .put("ask", String.join(",", ask))
                .put("dirty", dirty)
                .put("stale", stale)));
    }

    // ---------------------------------------------------------------- local requests

    public List<Effect> requestExpected(int votes) {
        if (votes < 1) throw new IllegalArgumentException("expected votes must be at least 1");
        requireMember();
        out.add(new Effect.Broadcast(PeerMessages.expected(votes)));
        return drain();
    }

    /** Tells every member (this one included) to load config version {@code version}. */
    public List<Effect> requestReload(int version) {
        requireMember();
        out.add(new Effect.Broadcast(PeerMessages.version(version)));
        return drain();
    }

    public List<Effect> requestVotes(int nodeId, int votes) {
        if (votes < 0) throw new IllegalArgumentException("votes must not be negative");
        int id = nodeId == 0 ? self.id() : nodeId;
        if (!peers.containsKey(id)) throw new IllegalArgumentException("node id " + nodeId + " is not in cluster.conf");
        requireMember();
        out.add(new Effect.Broadcast(PeerMessages.votes(id, votes)));
        return drain();
    }

    public List<Effect> requestKill(int nodeId, String requester) {
        Peer p = peers.get(nodeId);
        if (p == null) throw new IllegalArgumentException("node id " + nodeId + " is not in cluster.conf");
        if (p.state != NodeState.MEMBER) throw new IllegalArgumentException("node " + p.conf.name() + " is not a cluster member");
        out.add(new Effect.Log(Severity.NOTICE, "[CMAN ] Killing node " + p.conf.name() + " (requested by " + requester + ")"));
        out.add(new Effect.SendTo(p.conf.name(), PeerMessages.kill(p.conf.name(), self.id(),
                "we were killed by cman_tool or other application")));
        return drain();
    }

    /** Announces a clean leave; the daemon disconnects on {@link Effect.LeaveAnnounced}. */
    public List<Effect> requestLeave(boolean remove, boolean force) {
        if (!localGroups.isEmpty() && !force)
            throw new IllegalStateException("subsystems are active: " + String.join(", ", localGroups));
        leaving = true;
        out.add(new Effect.Log(Severity.NOTICE, "[CMAN ] leaving the cluster" + (remove ? " (remove)" : "")));
        if (member) out.add(new Effect.Broadcast(PeerMessages.leave(remove)));
        else out.add(new Effect.LeaveAnnounced());
        return drain();
    }

    public List<Effect> qdiskRegister(String name, int votes, long now) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("quorum device needs a name");
        if (votes < 0) throw new IllegalArgumentException("quorum device votes must not be negative");
        if (qdiskName != null && !qdiskName.equals(name))
            throw new IllegalArgumentException("quorum device " + qdiskName + " is already registered");
        // The same device registering again (qdiskd applying new votes) keeps its availability.
        if (!name.equals(qdiskName)) qdiskAvailable = false;
        qdiskName = name;
        qdiskVotes = votes;
        out.add(new Effect.Log(Severity.INFO, "[CMAN ] quorum device " + name + " registered with " + votes + " votes"));
        settle(now);
        return drain();
    }

    public List<Effect> qdiskPoll(boolean available, long now) { return qdiskPoll(available, null, now); }

    /**
     * qdiskd's verdict on the quorum device.
     *
     * @param judged the members qdiskd's cycle read from us and judged the device against, or
     *               null (unknown: taken as judging the current members). A verdict
     *               "available" for another membership does not count: the view changed while
     *               qdiskd's cycle ran (its disk writes take time), and its grant may have been
     *               for members we no longer have - the half without the qdisk master would
     *               end its transition quorate (QdiskNetnsTest). The next cycle judges the
     *               current members. "Unavailable" always counts: giving the votes up is safe.
     */
    public List<Effect> qdiskPoll(boolean available, Set<Integer> judged, long now) {
        if (qdiskName == null) throw new IllegalArgumentException("no quorum device is registered");
        // Node 0 is the quorum device itself (listed among the nodes while it counts), not a
        // member: a qdiskd that judged it along had every "available" ignored, and the votes
        // lapsed every quorum_dev_poll (quorum lost and regained every ~11 s).
        if (judged != null && judged.contains(0)) {
            judged = new java.util.HashSet<>(judged);
            judged.remove(0);
        }
        if (available && judged != null && !judged.equals(Set.copyOf(memberIds()))) {
            debug("[CMAN ] quorum device poll judged members " + new TreeSet<>(judged) + ", not the current "
                    + memberIds() + ": waiting for the next one");
            settle(now);
            return drain();
        }
        qdiskAvailable = available;
        qdiskLastPoll = now;
        awaitingDevice = false;
        settle(now);
        return drain();
    }

    public List<Effect> qdiskUnregister(long now) {
        if (qdiskName == null) throw new IllegalArgumentException("no quorum device is registered");
        out.add(new Effect.Log(Severity.INFO, "[CMAN ] quorum device " + qdiskName + " unregistered"));
        qdiskName = null;
        qdiskVotes = 0;
        qdiskAvailable = false;
        settle(now);
        return drain();
    }

    public List<Effect> groupJoin(String group) {
        if (group == null || group.isBlank()) throw new IllegalArgumentException("group name missing");
        requireMember();
        if (!localGroups.add(group)) throw new IllegalArgumentException("already a member of group " + group);
        dirty = true;
        out.add(new Effect.Broadcast(PeerMessages.groupJoin(group)));
        return drain();
    }

    /** @param failed the local daemon vanished without leaving: members see it as failed */
    public List<Effect> groupLeave(String group, boolean failed) {
        if (!localGroups.remove(group)) return drain();
        if (member && !leaving) out.add(new Effect.Broadcast(PeerMessages.groupLeave(group, failed)));
        return drain();
    }

    /** @param payload fields prefixed with {@code m.} */
    public List<Effect> groupSend(String group, IpcMessage payload) {
        if (!localGroups.contains(group)) throw new IllegalArgumentException("not a member of group " + group);
        out.add(new Effect.Broadcast(PeerMessages.groupMessage(group, payload)));
        return drain();
    }

    /**
     * Loads a new cluster.conf (cman_tool version -r, ccsd): the differences
     * {@link ConfigReload#plan} finds are applied here, each logged. Refused (and nothing
     * applied) when the new configuration cannot replace the running one.
     */
    public List<Effect> reconfigure(CmanConfig next, long now) {
        java.util.Set<String> memberNames = new TreeSet<>();
        for (Peer p : peers.values()) if (p.state == NodeState.MEMBER) memberNames.add(p.conf.name());
        ConfigReload.Plan plan = ConfigReload.plan(config, next, self.name(), memberNames);
        for (NodeConf n : plan.removed()) {
            peers.remove(n.id());
            droppedTokens.remove(n.id());
            actedWithout.remove(n.id());
            pending.remove(n.name());
        }
        for (NodeConf n : plan.added()) peers.put(n.id(), new Peer(n));
        for (NodeConf n : next.nodes()) peers.get(n.id()).conf = n;
        plan.votes().forEach((id, v) -> peers.get(id).votes = v);
        plan.expected().ifPresent(e -> {
            expectedVotes = e;
            lmsExpected = 0;
        });
        config = next;
        for (String line : plan.changes()) out.add(new Effect.Log(Severity.NOTICE, "[CMAN ] reload: " + line));
        settle(now);
        return drain();
    }

    // ---------------------------------------------------------------- peer messages

    private void onHello(String from, IpcMessage m, long now) {
        String name = m.get("name", from);
        Optional<NodeConf> nc = config.node(name);
        if (nc.isEmpty()) { refuse(name, "it is not in cluster.conf"); return; }
        if (!config.clusterName().equals(m.get("cluster")) || m.getInt("cluster_id", -1) != config.clusterId()) {
            refuse(name, "it belongs to cluster " + m.get("cluster") + " (id " + m.get("cluster_id") + ")");
            return;
        }
        if (m.getInt("id", -1) != nc.get().id()) {
            refuse(name, "it claims node id " + m.get("id") + " but cluster.conf gives " + nc.get().id());
            return;
        }
        if (!view.contains(name)) return; // sent before it left the view; its next view brings a new one
        if (CmanWire.splitStrings(m.get("ask")).contains(self.name()) && !name.equals(self.name())
                && now - lastHello >= HELLO_RETRY_MS / 2) sendHello(now, List.of());
        Peer p = peers.get(nc.get().id());
        String tok = m.get("token", "");
        Set<String> groups = new TreeSet<>(CmanWire.splitStrings(m.get("groups")));
        pending.remove(name);
        // Two nodes stay apart when one dropped the other while it was alive, that side was
        // quorate without it since (its daemons may have acted on the failure: fenced it, taken
        // its services over), and both hold state. A node without state has acted on nothing
        // and holds nothing stale, so it simply rejoins (RHCS disallows only "Dirty" nodes);
        // halves that were never quorate apart did nothing apart and merge again. The rule is
        // symmetric and uses only what the hellos carry, so both sides agree.
        if (m.getBool("stale") && p.conf.id() != self.id()) {
            onStaleHello(p, tok, now);
            return;
        }
        boolean bothDirty = dirty && m.getBool("dirty");
        boolean weDroppedIt = tok.equals(droppedTokens.get(p.conf.id()));
        boolean itDroppedUs = p.conf.id() != self.id()
                && CmanWire.splitStrings(m.get("dropped")).contains(self.id() + ":" + token);
        boolean weActed = weDroppedIt && actedWithout.contains(p.conf.id());
        boolean itActed = itDroppedUs && CmanWire.splitStrings(m.get("acted")).contains(self.id() + ":" + token);
        if (weDroppedIt && bothDirty && (weActed || itActed)) {
            if (p.state != NodeState.DISALLOWED)
                out.add(new Effect.Log(Severity.WARNING, "[CMAN ] node " + name
                        + " rejoined the cluster without a full restart: it is disallowed"));
            p.state = NodeState.DISALLOWED;
            p.token = tok;
            if (quorateAtViewStart && p.conf.id() != self.id()) {
                out.add(new Effect.Log(Severity.NOTICE, "[CMAN ] telling node " + name + " to leave the cluster"));
                out.add(new Effect.SendTo(name, PeerMessages.kill(name, self.id(),
                        "we rejoined the cluster without a full restart")));
            }
            return;
        }
        if (itActed && bothDirty) {
            // The sender's partition dropped us while we were alive, and we did not drop it
            // (that case returned above): we were hung through a view we never saw. Neither
            // counts the other; the side that was dropped never kills: it is the stale one,
            // and it blocks at once rather than act on its old members until the kill comes
            // (seed 357: back from a hang, n1 counted a node that had restarted meanwhile
            // and was quorate beside the partition that dropped it).
            if (!stale) {
                out.add(new Effect.Log(Severity.WARNING, "[CMAN ] node " + name
                        + " dropped us from the cluster while we were hung: our state is stale,"
                        + " activity stays blocked until cman is restarted"));
                stale = true;
                sendHello(now, List.of()); // so that nobody counts us any more
            }
            if (p.state == NodeState.MEMBER) {
                dropMember(p, false);
                changeLeft.add(name + " (disallowed)");
                lastChange = now;
            }
            if (p.state != NodeState.DISALLOWED)
                out.add(new Effect.Log(Severity.WARNING, "[CMAN ] node " + name
                        + " dropped us from the cluster while we were still running: it is disallowed"));
            p.state = NodeState.DISALLOWED;
            p.token = tok;
            return;
        }
        if (p.state == NodeState.MEMBER && tok.equals(p.token)) {
            if (p != peers.get(self.id())) applyGroups(p, groups);
            return;
        }
        if (p.state == NodeState.MEMBER) dropMember(p, false); // restarted within one view
        // Expected votes are learnt from joining nodes only: a member's hello sent before a
        // "leave remove" lowered them and delivered after it must not raise them again.
        expectedVotes = Math.max(expectedVotes, m.getInt("expected", 0));
        p.state = NodeState.MEMBER;
        p.stale = false;
        p.token = tok;
        p.votes = m.getInt("votes", p.conf.votes());
        p.incarnation = generation;
        p.joinTime = now;
        droppedTokens.remove(p.conf.id());
        actedWithout.remove(p.conf.id());
        changeJoined.add(name);
        lastChange = now;
        if (p != peers.get(self.id())) applyGroups(p, groups);
    }

    /**
     * A node says it is stale (it learnt it was dropped while hung). Nobody counts it, so it
     * can neither make a side quorate nor form one (seed 9: a node booting beside blocked
     * stale nodes counted them all and was quorate with a process group whose members each
     * saw another membership). A quorate member tells it to leave, so it can be restarted.
     */
    private void onStaleHello(Peer p, String tok, long now) {
        String name = p.conf.name();
        if (p.state == NodeState.MEMBER) {
            dropMember(p, false);
            changeLeft.add(name + " (disallowed)");
            lastChange = now;
        }
        if (p.state != NodeState.DISALLOWED || !p.stale)
            out.add(new Effect.Log(Severity.WARNING, "[CMAN ] node " + name
                    + " was dropped while it was hung and its state is stale: it is disallowed"));
        boolean first = !p.stale;
        p.state = NodeState.DISALLOWED;
        p.stale = true;
        p.token = tok;
        if (first && quorum.quorate() && !stale) {
            out.add(new Effect.Log(Severity.NOTICE, "[CMAN ] telling node " + name + " to leave the cluster"));
            out.add(new Effect.SendTo(name, PeerMessages.kill(name, self.id(),
                    "we rejoined the cluster without a full restart")));
        }
    }

    private void onLeave(String from, IpcMessage m) {
        announcedLeaves.put(from, m.getBool("remove"));
        if (from.equals(self.name()) && leaving) out.add(new Effect.LeaveAnnounced());
    }

    private void onKill(IpcMessage m) {
        if (!self.name().equals(m.get("target"))) return;
        String line = "[CMAN ] cman killed by node " + m.get("by") + " because " + m.get("reason", "it was asked to");
        out.add(new Effect.Log(Severity.CRIT, line));
        out.add(new Effect.Exit(1, line));
    }

    private void onVotes(String from, IpcMessage m, long now) {
        Peer p = peers.get(m.getInt("nodeid", -1));
        if (p == null) return;
        p.votes = m.getInt("votes", p.votes);
        out.add(new Effect.Log(Severity.NOTICE, "[CMAN ] votes of node " + p.conf.name() + " set to " + p.votes
                + " (by " + from + ")"));
    }

    private void onExpected(String from, IpcMessage m, long now) {
        int v = m.getInt("votes", expectedVotes);
        if (v < 1) return;
        expectedVotes = v;
        lmsExpected = 0;
        out.add(new Effect.Log(Severity.NOTICE, "[CMAN ] expected votes set to " + v + " (by " + from + ")"));
    }

    private void onGroupJoin(String from, String group) {
        Peer p = memberNamed(from);
        if (p == null || group == null || !p.groups.add(group)) return;
        delta(group).joined.add(p.conf.id());
    }

    private void onGroupLeave(String from, String group, boolean failed) {
        Peer p = memberNamed(from);
        if (p == null || group == null || !p.groups.remove(group)) return;
        if (failed) delta(group).failed.add(p.conf.id());
        else delta(group).left.add(p.conf.id());
    }

    private void onGroupMessage(String from, IpcMessage m) {
        Peer p = memberNamed(from);
        String group = m.get("group");
        if (p == null || group == null || !p.groups.contains(group) || !selfIn(group)) return;
        IpcMessage event = new IpcMessage().put("event", "message").put("group", group).put("from", p.conf.id());
        m.fields().forEach((k, v) -> { if (k.startsWith("m.")) event.put(k, v); });
        // In a transition the daemons get nothing, messages included: they follow the views
        // the transition ends with, in the order they came.
        if (inTransition()) heldMessages.add(new Effect.Deliver(group, event));
        else {
            flushGroups(false); // views before the message, as ordered
            out.add(new Effect.Deliver(group, event));
        }
    }

    // ---------------------------------------------------------------- bookkeeping

    private void applyGroups(Peer p, Set<String> groups) {
        for (String g : new ArrayList<>(p.groups))
            if (!groups.contains(g)) { p.groups.remove(g); delta(g).left.add(p.conf.id()); }
        for (String g : groups)
            if (p.groups.add(g)) delta(g).joined.add(p.conf.id());
    }

    private void dropMember(Peer p, boolean clean) {
        if (!clean && p.state == NodeState.MEMBER && p.conf.id() != self.id() && qdiskCounted) awaitingDevice = true;
        p.state = NodeState.NOT_MEMBER;
        for (String g : p.groups) {
            if (clean) delta(g).left.add(p.conf.id());
            else delta(g).failed.add(p.conf.id());
        }
        p.groups.clear();
    }

    private void refuse(String name, String why) {
        out.add(new Effect.Log(Severity.WARNING, "[CMAN ] refusing node " + name + ": " + why));
        out.add(new Effect.SendTo(name, PeerMessages.kill(name, self.id(),
                "it refused us: " + why.replace("it ", "we ").replace("it's", "we're"))));
    }

    /**
     * After any input: finish a transition once every hello is in (and the quorum device was
     * judged again after a failure), recompute quorum, deliver group views.
     */
    private void settle(long now) {
        // The wait is for the device's verdict; a membership short of quorum even with the
        // device's votes has nothing to wait for, and its daemons must learn at once that it
        // is inquorate: held in the transition they still act on the quorate membership it
        // began with, beside the side that keeps the votes (sim seed 19807 under rgsafety's
        // schedule: web1, cut off alone, waited for its qdiskd while the other side settled
        // quorate).
        if (awaitingDevice && (!qdiskCounts(now) || pending.isEmpty() && !QuorumPolicy.evaluate(input(now)).quorate()))
            awaitingDevice = false;
        boolean settled = !inTransition();
        if (settled && (!changeLeft.isEmpty() || !changeJoined.isEmpty())) logMembership();
        boolean selfMember = peers.get(self.id()).state == NodeState.MEMBER;
        if (settled && selfMember && !member) {
            member = true;
            everMember = true;
        }
        if (!selfMember) member = false;
        if (config.waitForAll() && !wfaSatisfied
                && peers.values().stream().allMatch(p -> p.state == NodeState.MEMBER)) wfaSatisfied = true;
        boolean counted = qdiskCounts(now);
        if (qdiskCounted && !counted && qdiskName != null)
            out.add(new Effect.Log(Severity.WARNING, "[CMAN ] lost contact with quorum device"));
        qdiskCounted = counted;
        QuorumPolicy.Input in = input(now);
        QuorumPolicy.Result r = QuorumPolicy.evaluate(in);
        lmsExpected = QuorumPolicy.raiseLastManStanding(lmsExpected, r.totalVotes(), r.expectedVotes());
        r = QuorumPolicy.evaluate(input(now));
        expectedVotes = r.expectedVotes();
        // Disallowed nodes in our view: partitions that each ran on their own state are
        // connected again, and only a side that was already quorate may go on (it tells the
        // others to leave). An inquorate side must not become quorate through a node that
        // joins both: after a 2|2 split of five nodes, each half counted the booting fifth
        // and they fenced each other (simulation seed 34). RHCS: activity stays blocked
        // until the disallowed nodes are restarted. Nor may it become quorate before every
        // hello of the view is in: the hellos not yet read may be the ones that disallow
        // (seed 3264: two singletons, each quorate for a moment with the restarted third).
        if (stale || r.quorate() && !quorum.quorate() && (disallowedInView() || !pending.isEmpty()))
            r = new QuorumPolicy.Result(r.expectedVotes(), r.totalVotes(), r.quorum(), false);
        boolean quorateChanged = r.quorate() != quorum.quorate();
        if (quorateChanged && everMember) {
            out.add(new Effect.Log(Severity.NOTICE, r.quorate() ? "[CMAN ] quorum regained, resuming activity"
                    : "[CMAN ] quorum lost, blocking activity"));
        }
        if (!r.equals(quorum))
            out.add(new Effect.Notify(new IpcMessage().put("event", "quorum").put("quorate", r.quorate())
                    .put("quorum", r.quorum()).put("total_votes", r.totalVotes()).put("expected_votes", r.expectedVotes())));
        quorum = r;
        // Acted only once its daemons were told: in a transition they get nothing, so a quorum
        // counted there moved nothing (the disk's votes kept until qdiskd judges the new
        // membership: seed 54 of profile all, each half of a split quorate for a moment,
        // neither ever settled so, and both disallowed each other for good at the heal).
        if (settled && r.quorate()) actedWithout.addAll(droppedTokens.keySet());
        if (settled) {
            flushGroups(r.quorate() != deliveredQuorate);
            for (Effect.Deliver d : heldMessages) if (selfIn(d.group())) out.add(d);
            heldMessages.clear();
        }
    }

    private QuorumPolicy.Input input(long now) {
        int memberVotes = peers.values().stream().filter(p -> p.state == NodeState.MEMBER).mapToInt(p -> p.votes).sum();
        int dev = qdiskCounts(now) ? qdiskVotes : 0;
        return new QuorumPolicy.Input(expectedVotes, lmsExpected, memberVotes, dev, config.twoNodeActive(),
                config.waitForAll() && !wfaSatisfied);
    }

    private boolean qdiskCounts(long now) {
        return qdiskName != null && qdiskAvailable && now - qdiskLastPoll <= config.quorumDevPollMs();
    }

    private void logMembership() {
        List<Effect.Log> lines = new ArrayList<>();
        lines.add(info("[CLM  ] CLM CONFIGURATION CHANGE"));
        lines.add(info("[CLM  ] New Configuration:"));
        for (Peer p : peers.values()) if (p.state == NodeState.MEMBER) lines.add(info("[CLM  ]     " + p.conf.name()));
        lines.add(info("[CLM  ] Members Left:"));
        for (String n : changeLeft) lines.add(info("[CLM  ]     " + n));
        lines.add(info("[CLM  ] Members Joined:"));
        for (String n : changeJoined) lines.add(info("[CLM  ]     " + n));
        lines.add(new Effect.Log(Severity.NOTICE, "[QUORUM] Members[" + memberIds().size() + "]: "
                + memberIds().stream().map(String::valueOf).collect(Collectors.joining(" "))
                + " (generation " + generation + ")"));
        out.addAll(lines);
        out.add(new Effect.Notify(new IpcMessage().put("event", "membership").put("generation", generation)
                .put("members", CmanWire.joinInts(memberIds()))));
        changeLeft.clear();
        changeJoined.clear();
    }

    private void flushGroups(boolean quorateChanged) {
        deliveredQuorate = quorum.quorate();
        Set<String> groups = new TreeSet<>(deltas.keySet());
        if (quorateChanged) groups.addAll(peers.get(self.id()).groups);
        for (String g : groups) {
            Delta d = deltas.getOrDefault(g, new Delta());
            if (!selfIn(g)) continue;
            GroupView v = new GroupView(g, generation, groupMembers(g), List.copyOf(d.joined), List.copyOf(d.left),
                    List.copyOf(d.failed), quorum.quorate(), self.id());
            out.add(new Effect.Deliver(g, CmanWire.event(v)));
        }
        deltas.clear();
    }

    private Delta delta(String group) { return deltas.computeIfAbsent(group, k -> new Delta()); }

    private boolean selfIn(String group) { return peers.get(self.id()).groups.contains(group); }

    private Peer memberNamed(String name) {
        return config.node(name).map(n -> peers.get(n.id())).filter(p -> p.state == NodeState.MEMBER).orElse(null);
    }

    private void requireMember() {
        if (!member) throw new IllegalStateException("this node is not a cluster member");
    }

    private Effect.Log info(String text) { return new Effect.Log(Severity.INFO, text); }

    private void debug(String text) { out.add(new Effect.Log(Severity.DEBUG, text)); }

    private List<Effect> drain() {
        List<Effect> r = out;
        out = new ArrayList<>();
        return r;
    }

    // ---------------------------------------------------------------- queries

    public List<Integer> memberIds() {
        return peers.values().stream().filter(p -> p.state == NodeState.MEMBER).map(p -> p.conf.id()).toList();
    }

    public List<Integer> groupMembers(String group) {
        return peers.values().stream().filter(p -> p.state == NodeState.MEMBER && p.groups.contains(group))
                .map(p -> p.conf.id()).toList();
    }

    public List<NodeStatus> nodes() {
        return peers.values().stream().map(p -> new NodeStatus(p.conf.id(), p.conf.name(), p.state, p.votes,
                p.incarnation, p.joinTime)).toList();
    }

    public QuorumPolicy.Result quorum() { return quorum; }
    public boolean isMember() { return member; }
    /** Collecting the hellos of a new view, or waiting for qdiskd after a failure: daemons wait too. */
    public boolean inTransition() { return !pending.isEmpty() || awaitingDevice; }
    public long generation() { return generation; }
    public NodeConf self() { return self; }
    public CmanConfig config() { return config; }
    public int selfVotes() { return peers.get(self.id()).votes; }
    public Set<String> localGroups() { return Set.copyOf(localGroups); }
    /** A local daemon has held process-group state since cman started (cman_tool status "Dirty"). */
    public boolean isDirty() { return dirty; }
    /** Disallowed nodes of our view that may hold a side of their own (a stale node cannot). */
    private boolean disallowedInView() {
        return peers.values().stream().anyMatch(p -> p.state == NodeState.DISALLOWED && !p.stale
                && view.contains(p.conf.name()));
    }

    public boolean hasDisallowed() { return peers.values().stream().anyMatch(p -> p.state == NodeState.DISALLOWED); }

    /** The registered quorum device, or empty. */
    public Optional<String> qdiskName() { return Optional.ofNullable(qdiskName); }
    public int qdiskVotes() { return qdiskVotes; }
    public boolean qdiskCounted() { return qdiskCounted; }
}
