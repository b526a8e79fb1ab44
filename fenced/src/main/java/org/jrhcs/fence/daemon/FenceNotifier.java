package org.jrhcs.fence.daemon;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.client.ipc.IpcServer;
import org.jrhcs.fence.client.FencedClient;

/**
 * fenced's subscribers (op {@code subscribe}, see {@link FencedClient}). The loop thread only
 * queues: each subscriber has its own bounded queue and writer thread, so a client that stops
 * reading (the read-only socket is open to every local user) holds up nothing but itself —
 * never the fencing. When its queue is full the events are dropped and replaced by one
 * {@code event=overflow}: the client learns it missed something and subscribes again.
 */
final class FenceNotifier {
    private static final IpcMessage OVERFLOW = new IpcMessage().put("event", "overflow");
    private static final IpcMessage STOP = new IpcMessage().put("event", "stop");

    /** Where a subscriber's messages go: its connection (a fake in tests). */
    interface Sink {
        /** Writes one message (may block while the client does not read); false when it has gone. */
        boolean push(IpcMessage m);

        /** Runs {@code r} once the client has gone. */
        void onClose(Runnable r);

        static Sink of(IpcServer.Connection c) {
            return new Sink() {
                public boolean push(IpcMessage m) { return c.push(m); }

                public void onClose(Runnable r) { c.onClose(r); }
            };
        }
    }

    private final class Subscriber {
        final Sink conn;
        final BlockingQueue<IpcMessage> queue = new ArrayBlockingQueue<>(FencedClient.MAX_BEHIND + 1);
        volatile boolean overflowed;

        Subscriber(Sink conn) { this.conn = conn; }

        synchronized void offer(IpcMessage m) {
            if (overflowed) return;
            if (queue.remainingCapacity() > 1) {
                queue.add(m);
            } else {
                // the last slot is kept for this
                overflowed = true;
                queue.add(OVERFLOW);
            }
        }

        void write() {
            try {
                while (true) {
                    IpcMessage m = queue.take();
                    if (m == STOP || !conn.push(m) || m == OVERFLOW) break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            subscribers.remove(this);
        }
    }

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    /**
     * Adds a subscriber whose first message is {@code reply}; events published from now on
     * follow it. Call it on the loop thread, in the same step as building {@code reply},
     * so no change falls between the state in the reply and the first event.
     */
    void add(Sink conn, IpcMessage reply) {
        Subscriber s = new Subscriber(conn);
        s.queue.add(reply);
        subscribers.add(s);
        conn.onClose(() -> {
            subscribers.remove(s);
            synchronized (s) {
                s.overflowed = true; // nothing more goes in
                s.queue.clear();
                s.queue.add(STOP);
            }
        });
        Thread t = new Thread(s::write, "fenced-subscriber");
        t.setDaemon(true);
        t.start();
    }

    /** Queues {@code event} for every subscriber (the loop thread; never blocks). */
    void publish(IpcMessage event) {
        for (Subscriber s : subscribers) s.offer(event);
    }

    int count() { return subscribers.size(); }
}
