package org.jrhcs.cman.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.cman.client.GroupView;
import org.jrhcs.cman.client.ProcessGroup;

/**
 * cman's closed process groups in one JVM, for daemon tests of any module (fenced,
 * rgmanager, ccsd): members join, send, leave cleanly or fail, and every member of a
 * group receives the same views and messages in the same order, own messages
 * included — the contract of {@link ProcessGroup}. Each member gets its own delivery
 * thread, so members run concurrently as real daemons do; the order is fixed at
 * send time under one lock.
 *
 * <p>Not simulated: partitions, message loss, delays. A failed member just stops
 * receiving; the survivors see it in {@link GroupView#failed()}.
 */
public final class InMemoryGroups {
    private final Object lock = new Object();
    private final Map<String, Map<Integer, Member>> groups = new LinkedHashMap<>();
    private long generation = 1;
    private boolean quorate = true;

    /** One member's handle: what {@link ProcessGroup} offers. */
    public final class Member {
        private final String group;
        private final int nodeId;
        private final BlockingQueue<Consumer<ProcessGroup.Listener>> queue = new LinkedBlockingQueue<>();
        private final Thread thread;
        private volatile boolean gone;

        private Member(String group, int nodeId, ProcessGroup.Listener listener) {
            this.group = group;
            this.nodeId = nodeId;
            thread = new Thread(() -> {
                try {
                    while (true) {
                        Consumer<ProcessGroup.Listener> event = queue.take();
                        if (event == STOP) return;
                        event.accept(listener);
                    }
                } catch (InterruptedException e) {
                    // the test is over
                }
            }, "group-" + group + "-" + nodeId);
            thread.setDaemon(true);
            thread.start();
        }

        public int nodeId() { return nodeId; }

        /** Broadcasts in total order; ignored once this member left or failed. */
        public void send(IpcMessage payload) {
            synchronized (lock) {
                if (gone) return;
                IpcMessage copy = new IpcMessage();
                payload.fields().forEach(copy::put);
                for (Member m : groups.get(group).values()) m.queue.add(l -> l.onMessage(nodeId, copy));
            }
        }

        /** Leaves cleanly: the others see it in {@code left}. */
        public void leave() { remove(this, false); }

        /** Fails, as a crash or a closed connection: the others see it in {@code failed}. */
        public void fail() { remove(this, true); }
    }

    private static final Consumer<ProcessGroup.Listener> STOP = l -> { };

    /** Joins {@code group} as {@code nodeId}; every member (the new one too) gets a view. */
    public Member join(String group, int nodeId, ProcessGroup.Listener listener) {
        synchronized (lock) {
            Map<Integer, Member> g = groups.computeIfAbsent(group, k -> new TreeMap<>());
            if (g.containsKey(nodeId)) throw new IllegalStateException("node " + nodeId + " is already in " + group);
            Member m = new Member(group, nodeId, listener);
            g.put(nodeId, m);
            generation++;
            deliverView(group, List.of(nodeId), List.of(), List.of());
            return m;
        }
    }

    /** Node {@code nodeId} fails: it drops out of every group at once. */
    public void failNode(int nodeId) {
        List<Member> ms = new ArrayList<>();
        synchronized (lock) {
            for (Map<Integer, Member> g : groups.values()) if (g.containsKey(nodeId)) ms.add(g.get(nodeId));
        }
        for (Member m : ms) m.fail();
    }

    /** Quorum changes: every group gets a view saying so. */
    public void setQuorate(boolean q) {
        synchronized (lock) {
            quorate = q;
            generation++;
            for (String g : groups.keySet()) deliverView(g, List.of(), List.of(), List.of());
        }
    }

    public List<Integer> members(String group) {
        synchronized (lock) {
            return List.copyOf(groups.getOrDefault(group, Map.of()).keySet());
        }
    }

    private void remove(Member m, boolean failed) {
        synchronized (lock) {
            if (m.gone) return;
            m.gone = true;
            groups.get(m.group).remove(m.nodeId);
            m.queue.add(STOP);
            generation++;
            deliverView(m.group, List.of(), failed ? List.of() : List.of(m.nodeId), failed ? List.of(m.nodeId) : List.of());
        }
    }

    private void deliverView(String group, List<Integer> joined, List<Integer> left, List<Integer> failed) {
        Map<Integer, Member> g = groups.get(group);
        List<Integer> members = List.copyOf(g.keySet());
        for (Member m : g.values()) {
            GroupView v = new GroupView(group, generation, members, joined, left, failed, quorate, m.nodeId);
            m.queue.add(l -> l.onView(v));
        }
    }
}
