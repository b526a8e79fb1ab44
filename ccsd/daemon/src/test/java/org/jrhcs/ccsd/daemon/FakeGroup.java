package org.jrhcs.ccsd.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.cman.client.GroupView;
import org.jrhcs.cman.client.ProcessGroup;

/**
 * An in-memory process group with cman's guarantees: one delivery thread, so every
 * member sees the same views and messages in the same order; a member's messages
 * sent after it left are dropped.
 */
final class FakeGroup implements AutoCloseable {
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fake-group");
        t.setDaemon(true);
        return t;
    });
    private final Map<Integer, ProcessGroup.Listener> members = new TreeMap<>();
    private long generation;

    GroupTransport transport(int nodeId) {
        return (group, listener) -> {
            delivery.execute(() -> {
                members.put(nodeId, listener);
                view(List.of(nodeId), List.of(), List.of());
            });
            return new GroupTransport.Handle() {
                @Override public void send(IpcMessage payload) {
                    IpcMessage copy = new IpcMessage();
                    payload.fields().forEach(copy::put);
                    delivery.execute(() -> {
                        if (!members.containsKey(nodeId)) return;
                        for (ProcessGroup.Listener l : List.copyOf(members.values())) l.onMessage(nodeId, copy);
                    });
                }

                @Override public void leave() {
                    delivery.execute(() -> {
                        if (members.remove(nodeId) != null) view(List.of(), List.of(nodeId), List.of());
                    });
                }
            };
        };
    }

    private void view(List<Integer> joined, List<Integer> left, List<Integer> failed) {
        generation++;
        List<Integer> ids = new ArrayList<>(members.keySet());
        for (Map.Entry<Integer, ProcessGroup.Listener> e : List.copyOf(members.entrySet()).stream().toList())
            e.getValue().onView(new GroupView("ccsd", generation, ids, joined, left, failed, true, e.getKey()));
    }

    @Override public void close() throws InterruptedException {
        delivery.shutdown();
        delivery.awaitTermination(5, TimeUnit.SECONDS);
    }
}
