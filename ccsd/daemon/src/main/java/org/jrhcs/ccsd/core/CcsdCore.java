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
 * <li><b>Joining.</b> A member not in sync announces its disk copy ({@link Hello}) at
 * its first view and again after every departure until it is in sync; the lowest
 * member in sync answers with the cluster's state ({@link State}) as it stood at
 * the Hello. The joiner then replays what it saw delivered since its first Hello
 * (updates under the same rule, membership changes), so it ends exactly where the
 * others are. A State or Hello of an earlier run of the same node is told apart by
 * its incarnation number.</li>
 * <li><b>Whole-cluster start.</b> A member that saw every current member join (and so
 * everything they said) and knows none of them to be in sync waits for everybody's
 * Hello; then the newest copy wins (lowest node id among equals). The members that
 * joined first all decide at the same point of the order; the lowest of them hands
 * the outcome to members that joined later. (Quorum cannot take part: cman tells each
 * node of quorum changes on its own, not at one point of the order. So a start among
 * a few nodes can settle on a copy older than one the others hold; those keep theirs
 * aside as a conflict when they join.)</li>
 * <li><b>Merges.</b> Groups that formed apart (cman nodes that started alone) meet in
 * one view; the lowest member in sync on each side announces its copy
 * ({@link GroupMessage.Synced}) and every member keeps the newest.</li>
 * <li><b>Conflicts.</b> A joiner whose disk copy is newer than the cluster's (edited
 * while it was out, never published) does not override the cluster: it takes the
 * cluster's copy, keeps its own aside and says so in the log. A newer copy that a
 * ccsd wrote because the cluster had accepted it (published by this node's earlier
 * run while the others were out) is the cluster's newest: the joiner announces it
 * ({@link GroupMessage.Synced}) and every member takes it, as at a merge, so no node's
 * version ever goes back.</li>
 * <li><b>Purity.</b> No I/O, threads or clock: inputs in, {@link Effect}s out.</li>
 * </ul>
 */
public final class CcsdCore {

    /** An update this node proposed that the cluster accepted, waiting for every member's Ack. */
    private record Pending(long request, int fromVersion, int toVersion, TreeSet<Integer> waiting, List<String> failures,
                           TreeSet<Integer> leftFirst) {}

    private final long incarnation;
    /** The disk copy is one a ccsd wrote after the cluster accepted it (not an edit made while out). */
    private final boolean diskPublished;
    private int localId = -1;
    private boolean synced;
    private boolean quorate;
    private ConfigCopy disk;
    private ConfigCopy cluster = ConfigCopy.NONE;
    private int publishedBy;
    private final TreeSet<Integer> members = new TreeSet<>();
    /** Members in sync; exact on members in sync, a lower bound ("seen to be") on the others. */
    private final TreeSet<Integer> syncedMembers = new TreeSet<>();
    /** Latest Hello of each member not in sync, by sender. */
    private final Map<Integer, Hello> hellos = new TreeMap<>();
    private boolean helloDelivered;
    /**
     * For each member whose joining this member saw: the number of the view it joined
     * in (0 = our own first view). A member that saw every current member join has
     * seen everything each of them did, so only such a member may conclude that
     * nobody is in sync.
     */
    private final Map<Integer, Long> joinedAt = new TreeMap<>();
    private long views;
    /**
     * While not in sync: what was delivered since our first view, replayed once the
     * State comes (or, at a whole-cluster start, applied to the newest Hello). Members
     * that joined in the same view have the same list.
     */
    private final List<Input> seen = new ArrayList<>();
    private final Map<Long, Pending> pending = new LinkedHashMap<>();
    /** Copies being written, by version; each is published once {@link Input.Persisted} confirms it. */
    private final Map<Integer, ConfigCopy> writing = new TreeMap<>();

    /**
     * @param disk          what this node's cluster.conf holds at start ({@link ConfigCopy#NONE} if there is none)
     * @param diskPublished whether a ccsd wrote {@code disk} after the cluster accepted it (the daemon keeps a
     *                      record of what it wrote); false for a file edited by hand, which never overrides the
     *                      cluster's copy
     * @param incarnation   a number that differs between runs of the daemon on one node (the daemon draws it at random)
     */
    public CcsdCore(ConfigCopy disk, boolean diskPublished, long incarnation) {
        this.disk = disk;
        this.diskPublished = diskPublished && disk.present();
        this.incarnation = incarnation;
    }

    /** A node whose disk copy is the one its ccsd last wrote ({@code diskPublished} true). */
    public CcsdCore(ConfigCopy disk, long incarnation) {
        this(disk, true, incarnation);
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
        boolean someoneLeft = !v.members().containsAll(members);
        localId = v.localNodeId();
        if (first) joinedAt.put(localId, 0L);
        else views++;
        for (int id : v.joined()) joinedAt.put(id, views);
        joinedAt.keySet().retainAll(v.members());
        quorate = v.quorate();
        members.clear();
        members.addAll(v.members());
        applyMembership(v);
        for (Pending p : List.copyOf(pending.values())) {
            for (int id : p.waiting()) if (!members.contains(id)) p.leftFirst().add(id);
            p.waiting().retainAll(members);
            completeIfDone(p, out);
        }
        if (synced) {
            // Newcomers may be a whole group that formed apart: tell them what we hold.
            // One announcement per side is enough: the lowest member we know in sync.
            boolean newcomers = v.joined().stream().anyMatch(id -> id != localId);
            if (newcomers && syncedMembers.first() == localId) out.add(new Broadcast(new GroupMessage.Synced(cluster, publishedBy)));
            return;
        }
        seen.add(v);
        // Announce at the first view; again whenever a member left, in case it was the
        // one to answer (or to hand out a whole-cluster start) and went first. Newcomers
        // need not hear us again: they cannot decide a start without having seen us join.
        if (first || someoneLeft) out.add(new Broadcast(new Hello(disk, incarnation)));
        decideFreshStartIfComplete(out);
    }

    /** What a view means for who is in sync; also used when a joiner replays what it saw. */
    private void applyMembership(Input.View v) {
        syncedMembers.retainAll(v.members());
        hellos.keySet().retainAll(v.members());
        // A member listed as joined is a new ccsd, even if cman never showed it leave:
        // whatever we knew about an earlier one under that id no longer holds.
        for (int id : v.joined()) {
            if (id == localId) continue;
            syncedMembers.remove(id);
            hellos.remove(id);
        }
    }

    // --- group messages -----------------------------------------------------------

    private void onDelivered(int from, GroupMessage m, List<Effect> out) {
        // A copy announced at a merge counts wherever it is delivered, even where the
        // view that brings its sender in comes later: every member must apply it alike.
        if (m instanceof GroupMessage.Synced y) {
            onSynced(from, y, out);
            return;
        }
        if (!members.contains(from)) return;
        if (m instanceof Hello h) onHello(from, h, out);
        else if (m instanceof State s) onState(s, out);
        else if (m instanceof Update u) onUpdate(from, u, out);
        else if (m instanceof GroupMessage.Synced y) onSynced(from, y, out);
        else if (m instanceof Ack a) onAck(from, a, out);
    }

    private void onHello(int from, Hello h, List<Effect> out) {
        if (from == localId) {
            if (h.incarnation() != incarnation) return;
            helloDelivered = true;
        } else if (!synced) {
            seen.add(new Input.Delivered(from, h));
        }
        if (!noteHello(from, h)) return;
        if (synced) {
            if (syncedMembers.first() == localId) out.add(new Broadcast(stateFor(from, h.incarnation())));
            return;
        }
        decideFreshStartIfComplete(out);
    }

    /** Records a Hello of a member not in sync; false for a stale one (from a run already in sync). */
    private boolean noteHello(int from, Hello h) {
        if (syncedMembers.contains(from)) return false;
        hellos.put(from, h);
        return true;
    }

    private void onSynced(int from, GroupMessage.Synced y, List<Effect> out) {
        if (members.contains(from)) {
            hellos.remove(from);
            syncedMembers.add(from);
        }
        if (!synced) {
            seen.add(new Input.Delivered(from, y));
            return;
        }
        mergeWith(from, y, out);
    }

    /** Keeps the newer of our copy and an announced one (equal versions: the lower publisher's), the same on every member. */
    private void mergeWith(int from, GroupMessage.Synced y, List<Effect> out) {
        ConfigCopy c = y.copy();
        boolean newer = c.version() > cluster.version()
                || (c.version() == cluster.version() && c.present() && !c.sameTextAs(cluster) && y.publishedBy() < publishedBy);
        if (!newer) return;
        out.add(new Log(Severity.NOTICE, "Node " + from + " brought a newer copy of cluster.conf (version = " + c.version()
                + ", ours " + cluster.version() + "): taking it"));
        cluster = c;
        publishedBy = y.publishedBy();
        persist(c, out);
    }

    private State stateFor(int joiner, long joinerIncarnation) {
        return new State(joiner, joinerIncarnation, cluster, publishedBy, List.copyOf(syncedMembers));
    }

    private void onState(State s, List<Effect> out) {
        if (s.to() == localId) {
            if (!synced && s.incarnation() == incarnation) adopt(s, out);
            return;
        }
        if (!synced) seen.add(new Input.Delivered(-1, s));
        noteSynced(s);
    }

    /**
     * Joiner {@code s.to()} is in sync once its State is delivered, if we saw the Hello
     * of that very run: a late State for an earlier run must not mark a new run in sync
     * (nobody would answer it). Not knowing costs at most a duplicate State later.
     */
    private void noteSynced(State s) {
        if (!members.contains(s.to())) return;
        Hello h = hellos.get(s.to());
        if (h == null || h.incarnation() != s.incarnation()) return;
        syncedMembers.add(s.to());
        hellos.remove(s.to());
    }

    /** Our State arrived: take the cluster's state, replay what we saw since our Hello, then match the disk. */
    private void adopt(State s, List<Effect> out) {
        synced = true;
        cluster = s.copy();
        publishedBy = s.publishedBy();
        ConfigCopy before = cluster;
        syncedMembers.clear();
        syncedMembers.addAll(s.synced());
        hellos.clear();
        List<Effect> replayed = new ArrayList<>();
        for (Input in : seen) {
            if (in instanceof Input.View v) {
                applyMembership(v);
            } else if (in instanceof Input.Delivered d) {
                GroupMessage m = d.message();
                if (m instanceof Hello h) noteHello(d.from(), h);
                else if (m instanceof State st) noteSynced(st);
                else if (m instanceof Update u) decideUpdate(d.from(), u, replayed);
                else if (m instanceof GroupMessage.Synced y) {
                    if (members.contains(d.from())) syncedMembers.add(d.from());
                    mergeWith(d.from(), y, replayed);
                }
            }
        }
        seen.clear();
        syncedMembers.add(localId);
        syncedMembers.retainAll(members);
        if (cluster == before) {
            adoptAtJoin(out);
        } else {
            // Replayed updates moved us past the State's copy and asked to write it;
            // the conflict check against the old disk copy still applies.
            if (disk.version() > cluster.version() && diskPublished) announceDisk(out);
            else if (disk.version() > cluster.version()) keepUnpublished(out);
            out.addAll(replayed);
        }
        // Joiners whose Hello we replayed may still be waiting; answering twice is harmless.
        if (syncedMembers.first() == localId)
            for (Map.Entry<Integer, Hello> e : hellos.entrySet())
                out.add(new Broadcast(stateFor(e.getKey(), e.getValue().incarnation())));
    }

    /**
     * Nobody is in sync (the cluster is starting): once every member has said what it
     * holds, the newest copy wins. Every member evaluates this at the same point of
     * the delivery order, so all pick the same copy.
     */
    private void decideFreshStartIfComplete(List<Effect> out) {
        // Quorum is not part of this rule on purpose: cman reports quorum changes to each
        // node on its own, not at one point of the group's order, so a rule using it
        // would not give the same answer everywhere.
        if (synced || !helloDelivered || members.isEmpty() || !syncedMembers.isEmpty()
                || !joinedAt.keySet().containsAll(members) || !hellos.keySet().containsAll(members)) return;
        int winner = -1;
        ConfigCopy best = null;
        for (int id : members) {
            ConfigCopy c = hellos.get(id).copy();
            if (best == null || c.version() > best.version()) {
                best = c;
                winner = id;
            }
        }
        synced = true;
        cluster = best;
        publishedBy = winner;
        // A member that was in sync may have published updates and gone before handing
        // anyone its state: what it published was delivered to us too, so it counts.
        for (Input in : seen) {
            if (!(in instanceof Input.Delivered d)) continue;
            if (d.message() instanceof Update u && u.copy().version() > cluster.version()) {
                cluster = u.copy();
                publishedBy = d.from();
            } else if (d.message() instanceof GroupMessage.Synced y && y.copy().version() > cluster.version()) {
                cluster = y.copy();
                publishedBy = y.publishedBy();
            }
        }
        syncedMembers.addAll(members);
        out.add(new Log(Severity.INFO, "All members reported their cluster.conf; the newest is version "
                + cluster.version() + " from node " + publishedBy));
        // Only the members that joined first saw everything and decide; the lowest of
        // them hands the outcome to the members that joined later. (Should it fail
        // first, the next view makes those re-announce, and any member in sync answers.)
        long earliest = members.stream().mapToLong(joinedAt::get).min().orElse(0);
        int lowestDecider = members.stream().filter(m -> joinedAt.get(m) == earliest).findFirst().orElse(localId);
        if (localId == lowestDecider)
            for (int m : members)
                if (joinedAt.get(m) != earliest) out.add(new Broadcast(stateFor(m, hellos.get(m).incarnation())));
        hellos.clear();
        seen.clear();
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
        if (disk.version() > cluster.version() && diskPublished) {
            // Written after a cluster of this node's accepted it: writing the older copy
            // would take this node back. The announcement decides it on every member.
            announceDisk(out);
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

    /**
     * Our disk copy was published (by a cluster this node was in) and is newer than the
     * cluster's: announce it like a side at a merge. Nothing is written or served until
     * the announcement is delivered, when every member (this one too) keeps the newest.
     */
    private void announceDisk(List<Effect> out) {
        out.add(new Log(Severity.NOTICE, "Local cluster.conf (version = " + disk.version() + ") was published before "
                + "and is newer than the cluster's (version = " + cluster.version() + "); announcing it"));
        out.add(new Broadcast(new GroupMessage.Synced(disk, localId)));
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
            if (from == localId) return; // not ours: we propose nothing before we are in sync
            // The sender is in sync, so this is no whole-cluster start.
            syncedMembers.add(from);
            hellos.remove(from);
            // Replayed once we know the cluster's state (those it already holds are refused again).
            seen.add(new Input.Delivered(from, u));
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
            pending.put(u.request(), new Pending(u.request(), old, proposed.version(), new TreeSet<>(members), new ArrayList<>(),
                    new TreeSet<>()));
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
            // Members that left before confirming the write take it when they rejoin if
            // they lack it; say so, since fewer nodes than the cluster had may hold it.
            String left = p.leftFirst().isEmpty() ? "" : " (node" + (p.leftFirst().size() > 1 ? "s " : " ")
                    + p.leftFirst().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                    + " left before confirming it and will take it when rejoining if it lacks it)";
            out.add(new Reply(p.request(), true, "Config file updated from version " + p.fromVersion()
                    + " to " + p.toVersion() + left, p.fromVersion(), p.toVersion()));
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
