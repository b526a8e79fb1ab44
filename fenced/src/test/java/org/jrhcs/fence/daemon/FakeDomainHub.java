package org.jrhcs.fence.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.cman.client.GroupView;

/**
 * An in-memory fence domain with cman's contract: every member gets the same views and
 * messages in the same order (the hub serialises them), each on its own delivery thread.
 * Cluster membership is kept apart from group membership, as cman keeps it.
 */
final class FakeDomainHub {
    private final Map<Integer, Member> members = new TreeMap<>();
    private final Map<Integer, Long> cluster = new TreeMap<>();
    private long incarnations;
    private boolean quorate = true;
    private long generation;
    /** Membership watchers (cman's membership events) by node id. */
    private final Map<Integer, List<Runnable>> watchers = new TreeMap<>();

    synchronized void clusterUp(int... ids) {
        for (int id : ids) cluster.computeIfAbsent(id, x -> ++incarnations);
        membershipChanged();
    }

    /** How many membership watchers node {@code id}'s daemon holds open. */
    synchronized int watchers(int id) { return watchers.getOrDefault(id, List.of()).size(); }

    private void membershipChanged() {
        for (List<Runnable> l : watchers.values()) l.forEach(Runnable::run);
    }

    synchronized Map<Integer, Long> cluster() { return Map.copyOf(cluster); }

    /** Only the node's fence daemon dies: it fails out of the group, the node stays in the cluster. */
    synchronized void daemonDies(int id) {
        Member m = members.remove(id);
        if (m != null) {
            m.delivery.shutdownNow();
            broadcastView(List.of(), List.of(), List.of(id));
        }
    }

    /** cman notices a node is gone (after its group failure was already delivered). */
    synchronized void clusterDown(int id) {
        cluster.remove(id);
        membershipChanged();
    }

    DomainGroup group(int nodeId) { return new Member(nodeId); }

    /** The node dies: out of the cluster and out of the group, as a failure. */
    synchronized void crash(int id) {
        cluster.remove(id);
        membershipChanged();
        Member m = members.remove(id);
        if (m != null) {
            m.delivery.shutdownNow();
            broadcastView(List.of(), List.of(), List.of(id));
        }
    }

    synchronized void setQuorate(boolean q) {
        quorate = q;
        broadcastView(List.of(), List.of(), List.of());
    }

    private void broadcastView(List<Integer> joined, List<Integer> left, List<Integer> failed) {
        generation++;
        List<Integer> ids = new ArrayList<>(members.keySet());
        for (Member m : members.values()) {
            GroupView v = new GroupView("fence", generation, ids, joined, left, failed, quorate, m.id);
            m.delivery.execute(() -> m.listener.onView(v));
        }
    }

    private final class Member implements DomainGroup {
        final int id;
        final ExecutorService delivery;
        Listener listener;

        Member(int id) {
            this.id = id;
            this.delivery = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "fake-group-" + id);
                t.setDaemon(true);
                return t;
            });
        }

        @Override public void join(Listener l) {
            synchronized (FakeDomainHub.this) {
                listener = l;
                members.put(id, this);
                cluster.computeIfAbsent(id, x -> ++incarnations);
                broadcastView(List.of(id), List.of(), List.of());
            }
        }

        @Override public void send(IpcMessage payload) {
            synchronized (FakeDomainHub.this) {
                if (!members.containsKey(id)) throw new IllegalStateException("node " + id + " is not a member");
                for (Member m : members.values()) m.delivery.execute(() -> m.listener.onMessage(id, payload));
            }
        }

        @Override public void leave() {
            synchronized (FakeDomainHub.this) {
                if (members.remove(id) != null) broadcastView(List.of(), List.of(id), List.of());
            }
        }

        @Override public Map<Integer, Long> clusterMembers() { return cluster(); }

        @Override public AutoCloseable watchMembership(Runnable changed) {
            synchronized (FakeDomainHub.this) {
                watchers.computeIfAbsent(id, x -> new ArrayList<>()).add(changed);
            }
            return () -> {
                synchronized (FakeDomainHub.this) {
                    watchers.getOrDefault(id, new ArrayList<>()).remove(changed);
                }
            };
        }
    }
}
