package org.jrhcs.rg.daemon;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.client.ipc.IpcException;
import org.jrhcs.fence.client.FencedClient;
import org.jrhcs.fence.client.FencedClient.FenceUpdate;
import org.jrhcs.fence.client.FencedClient.LastFence;
import org.jrhcs.rg.core.state.Effect;
import org.jrhcs.rg.core.state.FenceGate;

/**
 * {@link FenceOracle} over the local fenced's read-only socket (protocol in
 * {@link FencedClient}); every answer is judged by {@link FenceGate#covers}.
 *
 * <p>{@link #watch} subscribes to fenced's fence events: fenced tells at once when a node's
 * fence state changes, and answers come from the last state it told — each is an answer
 * fenced gave (the same fields as {@code fenced_last}), at most as old as an answer to a
 * question asked just before, so the gate's rule and its safety are those of asking. While
 * there is no subscription (fenced not running yet, restarted, or it dropped events) every
 * question goes to fenced ({@code fenced_last}), and when fenced cannot be asked the
 * answer is no: recovery waits, it never guesses.
 */
public final class FencedOracle implements FenceOracle {
    /** Wait between attempts to subscribe while fenced does not answer. */
    static final long RESUBSCRIBE_MS = 1000;

    private final FencedClient client;
    private final RgLog log;
    /** What fenced last said about each node; only consulted while {@link #live}. */
    private final Map<String, LastFence> told = new ConcurrentHashMap<>();
    private volatile boolean live;

    public FencedOracle(ClusterRoot root, RgLog log) {
        this.client = new FencedClient(root);
        this.log = log;
    }

    @Override public boolean fencedSince(String node, long sinceMillis) {
        LastFence f = live ? told.get(node) : null;
        if (f == null) {
            try {
                f = client.lastFenced(node);
            } catch (IpcException e) {
                return false;
            }
        }
        return FenceGate.covers(sinceMillis, f.time(), f.pending());
    }

    /** Whether fenced's events are being received (tests). */
    boolean live() { return live; }

    @Override public AutoCloseable watch(Runnable onChange) {
        Watcher w = new Watcher(onChange);
        Thread t = new Thread(w::run, "rg-fenced-events");
        t.setDaemon(true);
        t.start();
        return () -> {
            w.closed = true;
            t.interrupt();
            FencedClient.Subscription s = w.current;
            if (s != null) s.close();
        };
    }

    private final class Watcher implements FencedClient.Subscriber {
        final Runnable onChange;
        volatile boolean closed;
        volatile FencedClient.Subscription current;
        private final java.util.concurrent.Semaphore ended = new java.util.concurrent.Semaphore(0);
        private boolean lostSaid;

        Watcher(Runnable onChange) { this.onChange = onChange; }

        void run() {
            while (!closed) {
                try {
                    current = client.subscribe(this);
                    ended.acquire();
                } catch (IpcException e) {
                    lost(e.getMessage());
                } catch (InterruptedException e) {
                    return;
                }
                if (closed) return;
                try {
                    Thread.sleep(RESUBSCRIBE_MS); // fenced is away or restarting: do not spin
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        @Override public void onStart(List<LastFence> initial) {
            told.clear();
            for (LastFence f : initial) told.put(f.victim(), f);
            live = true;
            if (lostSaid) log.log(Effect.Level.INFO, "Receiving fenced's fence events again");
            lostSaid = false;
            onChange.run(); // whatever happened while nobody listened
        }

        @Override public void onUpdate(FenceUpdate u) {
            told.put(u.state().victim(), u.state());
            onChange.run();
        }

        @Override public void onEnd(String reason) {
            lost(reason);
            ended.release();
        }

        private void lost(String reason) {
            live = false;
            told.clear();
            if (closed || lostSaid) return;
            lostSaid = true;
            log.log(Effect.Level.WARNING, "No fence events from fenced (" + reason + "); asking it instead until they are back");
        }
    }
}
