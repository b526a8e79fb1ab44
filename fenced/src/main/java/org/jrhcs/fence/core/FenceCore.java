package org.jrhcs.fence.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jrhcs.cman.client.GroupView;
import org.jrhcs.log.Severity;

/**
 * The fence sequencer: one member's view of the fence domain and of its victims, and
 * the decisions fenced makes about them. No threads, clocks or I/O: every input comes
 * with the time, and the answer is a list of effects plus the next wake-up.
 *
 * <h2>Rules</h2>
 * <ol>
 *   <li>Only domain members are fenced: a member that fails (not a clean leave) becomes a
 *       victim; so, when this node creates the domain, does every configured node that is
 *       not a cluster member (startup fencing), unless clean_start, and except nodes
 *       without methods when skip_undefined.</li>
 *   <li>A victim waits post_fail_delay (post_join_delay for startup victims); if it is a
 *       cluster member again by then, or joins the domain, it is not fenced. When the delay
 *       ends fenced logs {@code NODE not a cluster member after S sec post_fail_delay}.</li>
 *   <li>Nothing is fenced while the cluster is inquorate.</li>
 *   <li>One member fences: the lowest node id among the members that saw the victim fail
 *       and are not victims themselves. Every member computes the same answer from the
 *       same views; if that member fails, the next one takes over from the first method.</li>
 *   <li>One attempt walks {@link FencePlan}; when every method failed the fencer retries
 *       after override_time, until an agent succeeds or fence_ack_manual overrides.</li>
 *   <li>Success is announced to the group; the delivery (same order everywhere) removes
 *       the victim on every member and records when and how it was fenced.</li>
 * </ol>
 *
 * <h2>Determinism</h2> Given the same inputs and times, the same outcomes. Victims are
 * fenced one at a time, oldest failure first, ties by node id.
 *
 * <h2>Threading</h2> Not thread-safe: one loop thread owns it.
 *
 * <h2>Failure</h2> Never throws on bad input: unknown nodes and stale agent results are
 * logged or ignored.
 */
public final class FenceCore {

    /** Why a node is a victim. */
    public enum Reason { FAILED, STARTUP, REQUESTED }

    /** How often a held victim's cluster membership is read again (cman sends no event for it). */
    public static final long MEMBERSHIP_RECHECK_MS = 500;

    private static final class Victim {
        final int id;
        final String name;
        final Reason reason;
        final long since;
        final long delayMs;
        final Set<Integer> fencers;
        /** The node's cman incarnation when it became a victim, -1 when it was not a cluster member. */
        final long incarnation;
        boolean delayOver;
        boolean holdLogged;
        long attempt;        // local attempt in progress, 0 when none
        boolean running;
        int method;
        int device;
        long retryAt;
        boolean announced;   // local success sent, waiting for its delivery

        Victim(int id, String name, Reason reason, long since, long delayMs, Set<Integer> fencers, long incarnation) {
            this.id = id;
            this.incarnation = incarnation;
            this.name = name;
            this.reason = reason;
            this.since = since;
            this.delayMs = delayMs;
            this.fencers = fencers;
        }
    }

    private record Last(long time, FenceMessage.How how, int by) {}

    private final int localNodeId;
    private FenceConfig config;
    private boolean joined;
    private boolean quorate;
    private List<Integer> members = List.of();
    /** cman members: node id → incarnation. */
    private Map<Integer, Long> clusterMembers = Map.of();
    private final Map<Integer, Victim> victims = new LinkedHashMap<>();
    private final Map<Integer, Last> lastFenced = new HashMap<>();
    /** Every cman incarnation seen, kept after the node leaves: which life a failure view ends. */
    private final Map<Integer, Long> lastIncarnation = new HashMap<>();
    /**
     * Fenced since they last joined the domain, with the incarnation the fence was aimed at:
     * the failure view of that life must not fence them twice.
     */
    private final Map<Integer, Long> fencedLife = new HashMap<>();
    private long attemptSeq;

    public FenceCore(FenceConfig config, int localNodeId) {
        this.config = config;
        this.localNodeId = localNodeId;
    }

    public Outcome handle(Input input, long now) {
        List<Effect> fx = new ArrayList<>();
        Set<Integer> victimsBefore = Set.copyOf(victims.keySet());
        Map<Integer, Last> lastBefore = Map.copyOf(lastFenced);
        String refusal = null;
        if (input instanceof Input.ViewChanged v) onView(v.view(), v.clusterMembers(), now, fx);
        else if (input instanceof Input.Tick t) seeCluster(t.clusterMembers());
        else if (input instanceof Input.Delivered d) onDelivered(d.message(), fx);
        else if (input instanceof Input.AgentDone a) onAgentDone(a, now, fx);
        else if (input instanceof Input.AckManual a) refusal = onAck(a.node(), now, fx);
        else if (input instanceof Input.RequestFence r) refusal = onRequest(r.node(), fx);
        else if (input instanceof Input.FencedHere f) refusal = onFencedHere(f.node(), now, fx);
        else if (input instanceof Input.ConfigChanged c) config = c.config();
        long wake = advance(now, fx);
        notifyChanges(victimsBefore, lastBefore, fx);
        return new Outcome(fx, wake, refusal);
    }

    /**
     * One {@link Effect.Notify} per node whose fence state changed during this input: a new
     * last fence (success), a new victim (pending), a victim gone unfenced (cancelled).
     * Worked out by comparing before and after, so no rule that adds or removes a victim
     * can forget to tell the subscribers.
     */
    private void notifyChanges(Set<Integer> victimsBefore, Map<Integer, Last> lastBefore, List<Effect> fx) {
        Set<Integer> ids = new TreeSet<>(victimsBefore);
        ids.addAll(victims.keySet());
        ids.addAll(lastFenced.keySet());
        for (int id : ids) {
            boolean pending = victims.containsKey(id);
            FenceEvent.Result r;
            if (!java.util.Objects.equals(lastBefore.get(id), lastFenced.get(id))) r = FenceEvent.Result.SUCCESS;
            else if (pending && !victimsBefore.contains(id)) r = FenceEvent.Result.PENDING;
            else if (!pending && victimsBefore.contains(id)) r = FenceEvent.Result.CANCELLED;
            else continue;
            fx.add(notify(id, r));
        }
    }

    private Effect.Notify notify(int id, FenceEvent.Result r) {
        Last l = lastFenced.get(id);
        Victim v = victims.get(id);
        String name = v != null ? v.name : config.nameOf(id);
        return new Effect.Notify(new FenceEvent(id, name, r, l == null ? 0 : l.time(), l == null ? "none" : l.how().word(),
                v != null, l == null ? 0 : l.by()));
    }

    // ---- inputs ----

    private void seeCluster(Map<Integer, Long> cluster) {
        clusterMembers = Map.copyOf(cluster);
        lastIncarnation.putAll(cluster);
    }

    private void onView(GroupView view, Map<Integer, Long> cluster, long now, List<Effect> fx) {
        seeCluster(cluster);
        quorate = view.quorate();
        boolean first = !joined && view.members().contains(localNodeId);
        if (first) {
            joined = true;
            // Only the member that creates the domain does startup fencing; a member that joins
            // an existing domain trusts the members already there.
            if (view.members().equals(List.of(localNodeId))) startupVictims(view, now, fx);
        }
        for (int id : view.joined()) {
            fencedLife.remove(id);
            Victim v = victims.remove(id);
            if (v != null) fx.add(log(Severity.INFO, v.name + " joined the fence domain, not fencing it"));
        }
        for (int id : view.failed()) {
            if (id == localNodeId || victims.containsKey(id)) continue;
            if (alreadyFenced(id)) continue;
            if (config.node(id).isEmpty()) {
                fx.add(log(Severity.ERR, "node " + id + " failed but is not in cluster.conf; cannot fence it"));
                continue;
            }
            victims.put(id, new Victim(id, config.nameOf(id), Reason.FAILED, now,
                    config.settings().postFailDelayMs(), new TreeSet<>(view.members()), clusterMembers.getOrDefault(id, -1L)));
        }
        members = List.copyOf(view.members());
        if (!members.contains(localNodeId)) joined = false;
    }

    /**
     * A failure that shows after the node was fenced in the same life (fence_node, a request,
     * a fence started while cman still listed it). A fence aimed at no cluster member (startup
     * fencing) never covers a life: the node may have come up, and joined, while its fence was
     * under way, and the announcement may reach us after that join; fencing that life's failure
     * once more is the safe side (at worst the power of a dead node is switched off again).
     */
    private boolean alreadyFenced(int id) {
        Long aimed = fencedLife.get(id);
        return aimed != null && aimed != -1 && aimed.equals(lastIncarnation.get(id));
    }

    private void startupVictims(GroupView view, long now, List<Effect> fx) {
        FenceSettings s = config.settings();
        if (s.cleanStart()) return;
        for (NodeFencing n : config.nodes().values()) {
            if (n.nodeId() == localNodeId || view.members().contains(n.nodeId())) continue;
            if (clusterMembers.containsKey(n.nodeId())) continue;
            if (s.skipUndefined() && !n.hasMethods()) continue;
            victims.put(n.nodeId(), new Victim(n.nodeId(), n.name(), Reason.STARTUP, now, s.postJoinDelayMs(),
                    new TreeSet<>(view.members()), -1));
        }
    }

    private void onDelivered(FenceMessage m, List<Effect> fx) {
        if (m instanceof FenceMessage.Fenced f) {
                Victim v = victims.remove(f.victimId());
                lastFenced.put(f.victimId(), new Last(f.time(), f.how(), f.by()));
                fencedLife.put(f.victimId(), f.incarnation());
                if (f.how() == FenceMessage.How.OVERRIDE && v != null)
                    fx.add(log(Severity.NOTICE, "fence \"" + f.name() + "\" overridden by administrator intervention"));
                else if (f.by() != localNodeId)
                    fx.add(log(Severity.DEBUG, "fence \"" + f.name() + "\" done by node " + f.by() + " (" + f.how().word() + ")"));
        } else if (m instanceof FenceMessage.Request r) {
                if (victims.containsKey(r.victimId()) || config.node(r.victimId()).isEmpty()) return;
                Victim v = new Victim(r.victimId(), r.name(), Reason.REQUESTED, 0, 0, new TreeSet<>(members),
                        clusterMembers.getOrDefault(r.victimId(), -1L));
                v.delayOver = true;
                victims.put(r.victimId(), v);
                fx.add(log(Severity.INFO, "node " + r.by() + " requested fencing of " + r.name()));
        }
    }

    private void onAgentDone(Input.AgentDone a, long now, List<Effect> fx) {
        Victim v = victims.values().stream().filter(x -> x.running && x.attempt == a.attempt()).findFirst().orElse(null);
        if (v == null) return; // overridden or already fenced meanwhile: the result no longer matters
        v.running = false;
        NodeFencing node = config.node(v.id).orElse(null);
        if (node == null || v.method >= node.methods().size()) {
            failAttempt(v, now, fx);
            return;
        }
        if (!a.ok()) {
            DeviceCall call = node.methods().get(v.method).devices().get(v.device);
            fx.add(log(Severity.ERR, "fence \"" + v.name + "\" dev " + v.method + "." + v.device + " agent "
                    + (call.agent() == null ? "none" : call.agent()) + " result: " + a.result()));
        }
        step(v, FencePlan.next(node, v.method, v.device, a.ok()), now, fx);
    }

    private String onAck(String name, long now, List<Effect> fx) {
        Victim v = victims.values().stream().filter(x -> x.name.equals(name)).findFirst().orElse(null);
        if (v == null) return "no fencing of " + name + " is pending";
        fx.add(new Effect.Send(new FenceMessage.Fenced(v.id, v.name, now, FenceMessage.How.OVERRIDE, localNodeId, v.incarnation)));
        return null;
    }

    private String onRequest(String name, List<Effect> fx) {
        if (!joined) return "not a member of the fence domain";
        NodeFencing n = config.node(name).orElse(null);
        if (n == null) return "unknown node " + name + " (not in cluster.conf)";
        if (!victims.containsKey(n.nodeId()))
            fx.add(new Effect.Send(new FenceMessage.Request(n.nodeId(), n.name(), localNodeId)));
        return null;
    }

    private String onFencedHere(String name, long now, List<Effect> fx) {
        NodeFencing n = config.node(name).orElse(null);
        if (n == null) return "unknown node " + name + " (not in cluster.conf)";
        if (joined) fx.add(new Effect.Send(new FenceMessage.Fenced(n.nodeId(), n.name(), now, FenceMessage.How.AGENT, localNodeId,
                clusterMembers.getOrDefault(n.nodeId(), -1L))));
        return null;
    }

    // ---- the decision ----

    private long advance(long now, List<Effect> fx) {
        if (!joined) return Long.MAX_VALUE;
        long wake = Long.MAX_VALUE;
        for (Victim v : sortedVictims()) {
            if (v.delayOver) continue;
            Long inc = clusterMembers.get(v.id);
            // a node that came back by itself (a new incarnation) no longer needs fencing (fenced(8))
            if ((inc != null && inc != v.incarnation) || members.contains(v.id)) {
                victims.remove(v.id);
                fx.add(log(Severity.INFO, v.name + " rejoined the cluster, not fencing it"));
                continue;
            }
            if (v.delayMs < 0) continue; // -1: wait for the node forever
            if (inc != null) {
                // Still a member in the incarnation that failed: only its fence daemon went, or
                // cman has not yet seen the node go. Fencing a live member is not ours to do
                // (cman and qdiskd evict); fencing waits until the node leaves the cluster.
                if (!v.holdLogged) {
                    v.holdLogged = true;
                    fx.add(log(Severity.NOTICE, v.name + " left the fence domain but is still a cluster member; fencing waits until it leaves the cluster"));
                }
                wake = Math.min(wake, now + MEMBERSHIP_RECHECK_MS);
                continue;
            }
            if (now >= v.since + v.delayMs) {
                v.delayOver = true;
                String which = v.reason == Reason.STARTUP ? "post_join_delay" : "post_fail_delay";
                fx.add(log(Severity.INFO, v.name + " not a cluster member after " + (v.delayMs / 1000) + " sec " + which));
            } else {
                wake = Math.min(wake, v.since + v.delayMs);
            }
        }
        if (!quorate) return wake; // fenced(8): fencing is postponed until quorum is regained
        if (victims.values().stream().anyMatch(v -> v.running || v.announced)) return wake;
        for (Victim v : sortedVictims()) {
            if (!v.delayOver || fencerOf(v) != localNodeId) continue;
            if (v.retryAt > now) {
                wake = Math.min(wake, v.retryAt);
                continue;
            }
            startAttempt(v, now, fx);
            if (v.running || v.announced) break;
            if (v.retryAt > now) wake = Math.min(wake, v.retryAt);
        }
        return wake;
    }

    private void startAttempt(Victim v, long now, List<Effect> fx) {
        v.attempt = ++attemptSeq;
        fx.add(log(Severity.INFO, "fencing node \"" + v.name + "\""));
        NodeFencing node = config.node(v.id).orElse(null);
        if (node == null) {
            fx.add(log(Severity.ERR, "fence \"" + v.name + "\": node is no longer in cluster.conf"));
            failAttempt(v, now, fx);
            return;
        }
        if (!node.hasMethods())
            fx.add(log(Severity.ERR, "fence \"" + v.name + "\": no fence methods defined in cluster.conf"));
        step(v, FencePlan.first(node), now, fx);
    }

    private void step(Victim v, FencePlan.Step s, long now, List<Effect> fx) {
        if (s instanceof FencePlan.Step.Run r) {
            v.method = r.method();
            v.device = r.device();
            v.running = true;
            fx.add(new Effect.RunAgent(v.attempt, v.id, v.name, r.method(), r.device(), r.call()));
        } else if (s instanceof FencePlan.Step.Fenced) {
            v.announced = true;
            fx.add(log(Severity.INFO, "fence \"" + v.name + "\" success"));
            fx.add(new Effect.Send(new FenceMessage.Fenced(v.id, v.name, now, FenceMessage.How.AGENT, localNodeId, v.incarnation)));
        } else {
            failAttempt(v, now, fx);
        }
    }

    private void failAttempt(Victim v, long now, List<Effect> fx) {
        v.running = false;
        fx.add(log(Severity.ERR, "fence \"" + v.name + "\" failed"));
        fx.add(notify(v.id, FenceEvent.Result.FAILED));
        // at least 1 ms, so override_time="0" still comes back as a wake-up, not a busy loop
        v.retryAt = now + Math.max(1, config.settings().overrideTimeMs());
    }

    /** Lowest id among members that saw the victim fail and are not victims; 0 when nobody can. */
    private int fencerOf(Victim v) {
        for (int id : v.fencers)
            if (members.contains(id) && !victims.containsKey(id)) return id;
        return 0;
    }

    private List<Victim> sortedVictims() {
        List<Victim> l = new ArrayList<>(victims.values());
        l.sort(Comparator.comparingLong((Victim x) -> x.since).thenComparingInt(x -> x.id));
        return l;
    }

    private static Effect.Log log(Severity s, String text) { return new Effect.Log(s, text); }

    // ---- queries ----

    public boolean joined() { return joined; }

    /** The names of the nodes cluster.conf defines, by node id. */
    public List<String> configuredNames() {
        return config.nodes().values().stream().map(NodeFencing::name).toList();
    }

    /** Epoch ms of the last fence of {@code name} this member knows of, 0 if none. */
    public long lastFencedTime(String name) {
        return config.node(name).map(n -> lastFenced.get(n.nodeId())).map(Last::time).orElse(0L);
    }

    public String lastFencedHow(String name) {
        return config.node(name).map(n -> lastFenced.get(n.nodeId())).map(l -> l.how().word()).orElse("none");
    }

    public boolean isVictim(String name) {
        return victims.values().stream().anyMatch(v -> v.name.equals(name));
    }

    public DomainStatus status() {
        List<DomainStatus.VictimInfo> vs = sortedVictims().stream()
                .map(v -> new DomainStatus.VictimInfo(v.id, v.name, v.reason.name().toLowerCase(), v.since)).toList();
        int current = victims.values().stream().filter(v -> v.running || v.announced).map(v -> v.id).findFirst()
                .orElse(sortedVictims().stream().filter(v -> v.delayOver).map(v -> v.id).findFirst().orElse(0));
        int master = members.stream().filter(id -> !victims.containsKey(id)).findFirst().orElse(0);
        String wait;
        if (victims.isEmpty()) wait = "none";
        else if (!quorate) wait = "quorum";
        else if (victims.values().stream().anyMatch(v -> v.announced)) wait = "messages";
        else wait = "fencing";
        Set<Integer> ids = new TreeSet<>(config.nodes().keySet());
        ids.addAll(members);
        List<DomainStatus.NodeInfo> nodes = new ArrayList<>();
        for (int id : ids) {
            Last l = lastFenced.get(id);
            nodes.add(new DomainStatus.NodeInfo(id, config.nameOf(id), members.contains(id), victims.containsKey(id),
                    l == null ? 0 : l.by(), l == null ? "none" : l.how().word(), l == null ? 0 : l.time()));
        }
        return new DomainStatus(joined, members, vs, current, master, wait, nodes);
    }
}
