package org.jrhcs.rg.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.client.ipc.IpcServer;
import org.jrhcs.fence.client.FencedClient;
import org.jrhcs.fence.client.FencedClient.LastFence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rgmanager's side of fenced's events, against a fake fenced on a real socket: answers come
 * from the events by {@code FenceGate}'s rule; a broken stream falls back to asking, says
 * so, and subscribes again.
 */
class FencedOracleTest {
    @TempDir Path dir;

    /** A fenced that answers {@code fenced_last} from {@link #state} and keeps its subscribers. */
    final class FakeFenced implements AutoCloseable {
        final Map<String, LastFence> state = new ConcurrentHashMap<>();
        final List<IpcServer.Connection> subscribers = new CopyOnWriteArrayList<>();
        final AtomicInteger asked = new AtomicInteger();
        final IpcServer server;

        FakeFenced() throws Exception {
            state.put("web1", new LastFence("web1", 0, "none", false));
            state.put("web2", new LastFence("web2", 0, "none", false));
            server = new IpcServer(new ClusterRoot(dir).socket(FencedClient.DAEMON), false, (req, conn) -> {
                if (req.op().equals("fenced_last")) {
                    asked.incrementAndGet();
                    IpcMessage m = IpcMessage.ok();
                    state.get(req.get("victim")).fields().forEach(m::put);
                    return m;
                }
                conn.push(IpcMessage.ok().putList("node", state.values().stream().map(LastFence::fields).toList()));
                subscribers.add(conn);
                conn.onClose(() -> subscribers.remove(conn));
                return null;
            }).start("fake-fenced");
        }

        /** A change: the new state, then the event. */
        void change(LastFence s, String result) {
            state.put(s.victim(), s);
            push(new FencedClient.FenceUpdate(s, result, 1).toMessage());
        }

        void push(IpcMessage m) { for (IpcServer.Connection c : subscribers) c.push(m); }

        @Override public void close() { server.close(); }
    }

    final List<String> logged = new CopyOnWriteArrayList<>();
    final AtomicInteger changes = new AtomicInteger();
    final List<AutoCloseable> closing = new ArrayList<>();

    FencedOracle oracle() {
        FencedOracle o = new FencedOracle(new ClusterRoot(dir), (level, text) -> logged.add(level + " " + text));
        closing.add(o.watch(changes::incrementAndGet));
        return o;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) c.close();
    }

    static void await(String what, BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    @Test
    void answersComeFromTheEventsByTheFenceGateRule() throws Exception {
        try (FakeFenced fenced = new FakeFenced()) {
            closing.add(fenced);
            FencedOracle o = oracle();
            await("subscribed", () -> o.live() && fenced.subscribers.size() == 1);
            int c0 = changes.get();
            assertTrue(c0 >= 1, "told to look once at the start (things may have happened before)");
            fenced.change(new LastFence("web2", 0, "none", true), "pending");
            await("pending heard", () -> changes.get() > c0);
            assertFalse(o.fencedSince("web2", 500), "pending: not covered");
            int c1 = changes.get();
            fenced.change(new LastFence("web2", 1000, "agent", false), "success");
            await("success heard", () -> changes.get() > c1);
            assertTrue(o.fencedSince("web2", 1000), "a fence at the (re)join bound covers");
            assertTrue(o.fencedSince("web2", 0), "bound 0: any completed fence");
            assertFalse(o.fencedSince("web2", 1001), "a fence before the membership that failed never covers");
            assertFalse(o.fencedSince("web1", 0), "never fenced");
            assertEquals(0, fenced.asked.get(), "while subscribed, nothing is asked: the events are the answers");
        }
    }

    @Test
    void aBrokenStreamFallsBackToAskingSaysSoAndSubscribesAgain() throws Exception {
        try (FakeFenced fenced = new FakeFenced()) {
            closing.add(fenced);
            FencedOracle o = oracle();
            await("subscribed", () -> o.live() && fenced.subscribers.size() == 1);
            fenced.state.put("web2", new LastFence("web2", 1000, "agent", false)); // changed, event lost below
            fenced.push(new IpcMessage().put("event", "fence").put("victim", "web2").put("time", "x").put("pending", "0"));
            await("fallen back", () -> !o.live());
            assertTrue(o.fencedSince("web2", 1000), "asked fenced directly");
            assertEquals(1, fenced.asked.get());
            assertEquals(List.of("WARNING No fence events from fenced (fence state of web2: time is not a number: x); "
                    + "asking it instead until they are back"), logged);
            await("subscribed again", () -> o.live() && fenced.subscribers.size() == 1);
            assertEquals("INFO Receiving fenced's fence events again", logged.get(logged.size() - 1));
            assertTrue(o.fencedSince("web2", 1000), "the new subscription's state has the fence");
            assertEquals(1, fenced.asked.get());
        }
    }

    @Test
    void withoutFencedTheAnswerIsNoUntilItComes() throws Exception {
        FencedOracle o = oracle();
        assertFalse(o.fencedSince("web2", 0));
        await("the loss is said once", () -> logged.size() == 1);
        assertTrue(logged.get(0).startsWith("WARNING No fence events from fenced (cannot connect to "), logged.toString());
        try (FakeFenced fenced = new FakeFenced()) {
            closing.add(fenced);
            fenced.state.put("web2", new LastFence("web2", 7, "override", false));
            await("subscribed once fenced runs", o::live);
            assertTrue(o.fencedSince("web2", 7));
            assertEquals(2, logged.size(), "no repeated warnings while fenced was away: " + logged);
        }
    }

    @Test
    void theDecisionMakerLooksAtOnceWhenItStartsWaitingOnAFence() {
        RgDaemon.Published idle = published(true, Map.of());
        RgDaemon.Published waiting = published(true, Map.of("web1", 100L));
        assertTrue(RgDaemon.fenceWaitChanged(idle, waiting), "a new failed node");
        assertTrue(RgDaemon.fenceWaitChanged(published(false, Map.of("web1", 100L)), waiting), "became decision maker");
        assertTrue(RgDaemon.fenceWaitChanged(waiting, published(true, Map.of("web1", 200L))), "failed again since (new bound)");
        assertFalse(RgDaemon.fenceWaitChanged(waiting, waiting), "nothing new");
        assertFalse(RgDaemon.fenceWaitChanged(waiting, idle), "nothing to wait on");
        assertFalse(RgDaemon.fenceWaitChanged(idle, published(false, Map.of("web1", 100L))), "not the decision maker");
    }

    private static RgDaemon.Published published(boolean master, Map<String, Long> bounds) {
        return new RgDaemon.Published(1, List.of(1), List.of(), false, master, Set.copyOf(bounds.keySet()), bounds, List.of(),
                List.of(), "");
    }
}
