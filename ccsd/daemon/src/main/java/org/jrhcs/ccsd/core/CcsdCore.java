package org.jrhcs.ccsd.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jrhcs.ccsd.core.Effect.Broadcast;
import org.jrhcs.ccsd.core.Effect.KeepUnpublished;
import org.jrhcs.ccsd.core.Effect.Log;
import org.jrhcs.ccsd.core.Effect.Persist;
import org.jrhcs.ccsd.core.Effect.Publish;
import org.jrhcs.ccsd.core.Effect.Reload;
import org.jrhcs.ccsd.core.Effect.Reply;
import org.jrhcs.ccsd.core.GroupMessage.Ack;
import org.jrhcs.ccsd.core.GroupMessage.Hello;
import org.jrhcs.ccsd.core.GroupMessage.State;
import org.jrhcs.ccsd.core.GroupMessage.Update;
import org.jrhcs.log.Severity;

/**
 * One ccsd's view of the cluster's configuration: which copy of cluster.conf is the
 * cluster's, who wins when copies or updates disagree, and what to write.
 *
 * <h2>Contract</h2>
 * <ul>
 * <li><b>Determinism.</b> Every member that is in sync holds the same copy, because it
 * changes only when a group message is delivered and every member sees the same
 * messages in the same order. The rule for an update is one line: it is accepted
 * iff its {@code config_version} is greater than the current one; so of two
 * concurrent updates, the one delivered first wins and the other is refused with
 * the version it lost to.</li>
 * <li><b>Joining.</b> A new member announces its disk copy ({@link Hello}); the lowest
 * member already in sync answers with the cluster's copy ({@link State}). Updates
 * delivered between the Hello and the State are replayed by the joiner under the
 * same rule, so it ends exactly where the others are. When nobody is in sync yet
 * (the whole cluster is starting), members wait for everybody's Hello and the
 * newest copy wins (lowest node id among equals).</li>
 * <li><b>Conflicts.</b> A joiner whose disk copy is newer than the cluster's (edited
 * while it was out, never published) does not override the cluster: it takes the
 * cluster's copy, keeps its own aside and says so in the log.</li>
 * <li><b>Purity.</b> No I/O, threads or clock: inputs in, {@link Effect}s out.</li>
 * </ul>
 */
public final class CcsdCore {

    /** An update this node proposed that the cluster accepted, waiting for every member's Ack. */
    private record Pending(long request, int fromVersion, int toVersion, TreeSet<Integer> waiting, List<String> failures) {}

    private record Buffered(int from, Update update) {}

    private int localId = -1;
    private boolean synced;
    private boolean quorate;
    private ConfigCopy disk;
    private ConfigCopy cluster = ConfigCopy.NONE;
    private int publishedBy;
    private final TreeSet<Integer> members = new TreeSet<>();
    private final TreeSet<Integer> syncedMembers = new TreeSet<>();
    /** Hellos of members not (known to be) in sync, by sender. */
    private final Map<Integer, ConfigCopy> hellos = new TreeMap<>();
    /** Which synced member answers which joiner. */
    private final Map<Integer, Integer> responders = new TreeMap<>();
    private boolean helloSent;
    private boolean helloDelivered;
    private final List<Buffered> buffered = new ArrayList<>();
    private final Map<Long, Pending> pending = new LinkedHashMap<>();
    /** Copies being written, by version; each is published once {@link Input.Persisted} confirms it. */
    private final Map<Integer, ConfigCopy> writing = new TreeMap<>();

    /** @param disk what this node's cluster.conf holds at start ({@link ConfigCopy#NONE} if there is none) */
    public CcsdCore(ConfigCopy disk) {
        this.disk = disk;
    }

    public boolean synced() { return synced; }

    /** The cluster's copy as this member knows it (meaningful once {@link #synced()}). */
    public ConfigCopy cluster() { return cluster; }

    public ConfigCopy disk() { return disk; }

    public List<Effect> handle(Input input) {
        List<Effect> out = new ArrayList<>();
        if (input instanceof Input.View v) onView(v, out);
        else if (input instanceof Input.Delivered d) onDelivered(d.from(), d.message(), out);
        else if (input instanceof Input.UpdateRequest r) onUpdateRequest(r, out);
        else if (input instanceof Input.Persisted p) onPersisted(p, out);
        return out;
    }

    // --- views --------------------------------------------------------------------

    private void onView(Input.View v, List<Effect> out) {
        boolean first = localId < 0;
        localId = v.localNodeId();
        quorate = v.quorate();
        members.clear();
        members.addAll(v.members());
        syncedMembers.retainAll(members);
        hellos.keySet().retainAll(members);
        responders.keySet().retainAll(members);
        // A member listed as joined is a new ccsd, even if cman never showed it leave:
        // whatever we knew about an earlier one under that id no longer holds.
        for (int id : v.joined()) {
            if (id == localId) continue;
            syncedMembers.remove(id);
            hellos.remove(id);
            responders.remove(id);
        }

        if (!synced && !helloSent && (first || v.joined().contains(localId))) {
            helloSent = true;
            out.add(new Broadcast(new Hello(disk)));
        }
        for (Pending p : List.copyOf(pending.values())) {
            p.waiting().retainAll(members);
            completeIfDone(p, out);
        }
        if (synced) {
            reassignResponders(out);
        } else {
            decideFreshStartIfComplete(out);
        }
    }

    /** A joiner's responder left before the State was delivered: the lowest synced member takes over. */
    private void reassignResponders(List<Effect> out) {
        for (Map.Entry<Integer, Integer> e : responders.entrySet()) {
            if (members.contains(e.getValue())) continue;
            int responder = syncedMembers.first();
            e.setValue(responder);
            if (responder == localId) out.add(new Broadcast(stateFor(e.getKey())));
        }
    }

    // --- group messages -----------------------------------------------------------

    private void onDelivered(int from, GroupMessage m, List<Effect> out) {
        if (m instanceof Hello h) onHello(from, h, out);
        else if (m instanceof State s) onState(s, out);
        else if (m instanceof Update u) onUpdate(from, u, out);
        else if (m instanceof Ack a) onAck(from, a, out);
    }

    private void onHello(int from, Hello h, List<Effect> out) {
        if (!members.contains(from)) return;
        if (from == localId) helloDelivered = true;
        if (synced) {
            if (syncedMembers.contains(from)) return;
            hellos.put(from, h.copy());
            int responder = syncedMembers.first();
            responders.put(from, responder);
            if (responder == localId) out.add(new Broadcast(stateFor(from)));
            return;
        }
        hellos.put(from, h.copy());
        decideFreshStartIfComplete(out);
    }

    private State stateFor(int joiner) {
        return new State(joiner, cluster, publishedBy, List.copyOf(syncedMembers));
    }

    private void onState(State s, List<Effect> out) {
        if (synced) {
            syncedMembers.add(s.to());
            hellos.remove(s.to());
            responders.remove(s.to());
            return;
        }
        if (s.to() != localId) return;
        synced = true;
        cluster = s.copy();
        publishedBy = s.publishedBy();
        syncedMembers.addAll(s.synced());
        syncedMembers.add(localId);
        syncedMembers.retainAll(members);
        hellos.clear();
        int before = cluster.version();
        for (Buffered b : buffered) decideUpdate(b.from(), b.update(), out);
        buffered.clear();
        if (cluster.version() == before) adoptAtJoin(out);
        // else decideUpdate already asked to persist the newer copy; the conflict
        // check against the old disk copy still applies.
        else if (disk.version() > cluster.version()) keepUnpublished(out);
    }

    /**
     * Nobody is in sync (the cluster is starting): once every member has said what it
     * holds, the newest copy wins. Every member evaluates this at the same point of
     * the delivery order, so all pick the same copy.
     */
    private void decideFreshStartIfComplete(List<Effect> out) {
        if (synced || !helloDelivered || members.isEmpty() || !hellos.keySet().containsAll(members)) return;
        int winner = -1;
        ConfigCopy best = null;
        for (int id : members) {
            ConfigCopy c = hellos.get(id);
            if (best == null || c.version() > best.version()) {
                best = c;
                winner = id;
            }
        }
        synced = true;
        cluster = best;
        publishedBy = winner;
        syncedMembers.addAll(members);
        hellos.clear();
        buffered.clear();
        out.add(new Log(Severity.INFO, "All members reported their cluster.conf; the newest is version "
                + best.version() + " from node " + winner));
        // A member that joined after some Hellos were delivered cannot make this
        // decision itself; the lowest member hands every other member the result
        // (members that decided already ignore it).
        if (localId == members.first())
            for (int m : members) if (m != localId) out.add(new Broadcast(stateFor(m)));
        adoptAtJoin(out);
    }

    /** This node just learnt the cluster's copy: make the disk and the served copy match it. */
    private void adoptAtJoin(List<Effect> out) {
        if (!cluster.present()) {
            out.add(new Log(Severity.WARNING, "No member of the cluster has a cluster.conf; waiting for one to be published"));
            return;
        }
        if (cluster.version() == disk.version() && disk.sameTextAs(cluster)) {
            out.add(new Log(Severity.INFO, "Local cluster.conf (version = " + disk.version() + ") matches the cluster's"));
            out.add(new Publish(cluster));
            return;
        }
        if (disk.version() > cluster.version() || (disk.version() == cluster.version() && disk.present())) {
            keepUnpublished(out);
        } else {
            out.add(new Log(Severity.NOTICE, "Remote copy of cluster.conf (version = " + cluster.version()
                    + ") is newer than local copy (version = " + disk.version() + ")."));
        }
        persist(cluster, out);
    }

    private void keepUnpublished(List<Effect> out) {
        String why = disk.version() > cluster.version()
                ? "is newer than the cluster's version " + cluster.version()
                : "differs from the cluster's copy of the same version";
        out.add(new Log(Severity.WARNING, "Conflict: local cluster.conf (version = " + disk.version() + ") " + why
                + " and was never distributed; using the cluster's copy. The local file is kept as "
                + "cluster.conf.unpublished; publish it with \"ccs_tool update\" if it is meant to replace the cluster's."));
        out.add(new KeepUnpublished(disk));
    }

    private void onUpdate(int from, Update u, List<Effect> out) {
        if (!synced) {
            // Updates delivered before our Hello are already part of the State we will get.
            if (helloDelivered) buffered.add(new Buffered(from, u));
            return;
        }
        decideUpdate(from, u, out);
    }

    /** The one rule every member applies, in delivery order: a strictly newer version wins. */
    private void decideUpdate(int from, Update u, List<Effect> out) {
        ConfigCopy proposed = u.copy();
        if (proposed.version() <= cluster.version()) {
            if (from == localId) {
                String lost = proposed.version() == cluster.version()
                        ? "config_version " + proposed.version() + " lost to config_version " + cluster.version()
                          + " published by node " + publishedBy + " first"
                        : "config_version " + proposed.version() + " is not greater than the cluster's config_version "
                          + cluster.version() + " (published by node " + publishedBy + ")";
                out.add(new Reply(u.request(), false, lost, cluster.version(), proposed.version()));
            }
            return;
        }
        int old = cluster.version();
        cluster = proposed;
        publishedBy = from;
        out.add(new Log(Severity.NOTICE, "Update of cluster.conf to version " + proposed.version()
                + " (from version " + old + ") received from node " + from + "."));
        if (from == localId)
            pending.put(u.request(), new Pending(u.request(), old, proposed.version(), new TreeSet<>(members), new ArrayList<>()));
        persist(proposed, out);
    }

    private void persist(ConfigCopy copy, List<Effect> out) {
        writing.put(copy.version(), copy);
        out.add(new Persist(copy));
    }

    private void onAck(int from, Ack a, List<Effect> out) {
        for (Pending p : List.copyOf(pending.values())) {
            if (p.toVersion() != a.version() || !p.waiting().remove(from)) continue;
            if (!a.ok()) p.failures().add("node " + from + ": " + a.error());
            completeIfDone(p, out);
        }
    }

    private void completeIfDone(Pending p, List<Effect> out) {
        if (!p.waiting().isEmpty()) return;
        pending.remove(p.request());
        if (p.failures().isEmpty()) {
            out.add(new Reply(p.request(), true, "Config file updated from version " + p.fromVersion()
                    + " to " + p.toVersion(), p.fromVersion(), p.toVersion()));
        } else {
            out.add(new Reply(p.request(), false, "config_version " + p.toVersion()
                    + " was accepted by the cluster, but some members could not write it: "
                    + String.join("; ", p.failures()), p.fromVersion(), p.toVersion()));
        }
    }

    // --- local requests -------------------------------------------------------------

    private void onUpdateRequest(Input.UpdateRequest r, List<Effect> out) {
        ConfigCopy c = r.copy();
        if (!synced) {
            out.add(new Reply(r.request(), false, "ccsd is not in sync with the cluster yet; try again shortly",
                    cluster.version(), c.version()));
            return;
        }
        if (!quorate) {
            // An inquorate partition must not change the configuration on its own: the
            // other side could publish the same version with different content.
            out.add(new Reply(r.request(), false, "the cluster is not quorate; cluster.conf can only be updated "
                    + "while the cluster has quorum", cluster.version(), c.version()));
            return;
        }
        if (c.version() <= cluster.version()) {
            out.add(new Reply(r.request(), false, "config_version " + c.version()
                    + " is not greater than the cluster's config_version " + cluster.version()
                    + " (published by node " + publishedBy + "); raise config_version in the new file",
                    cluster.version(), c.version()));
            return;
        }
        out.add(new Broadcast(new Update(r.request(), c)));
    }

    private void onPersisted(Input.Persisted p, List<Effect> out) {
        ConfigCopy copy = writing.remove(p.version());
        if (copy == null) return;
        if (!p.ok()) {
            out.add(new Log(Severity.ERR, "Unable to write cluster.conf version " + p.version() + ": " + p.error()));
            out.add(new Broadcast(new Ack(p.version(), false, p.error())));
            return;
        }
        int old = disk.version();
        disk = copy;
        out.add(new Log(Severity.NOTICE, "Update of cluster.conf complete (version " + old + " -> " + copy.version() + ")."));
        out.add(new Publish(copy));
        out.add(new Reload(copy.version()));
        out.add(new Broadcast(new Ack(copy.version(), true, null)));
    }

    /** For tests and status output: members known to be in sync. */
    public Collection<Integer> syncedMembers() { return List.copyOf(syncedMembers); }
}
