package org.jrhcs.fence.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.client.ipc.IpcException;
import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.client.ipc.IpcServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fence state fields and the subscription's events: round trips, and garbage refused by name. */
public class FenceWireEventsTest {
    @TempDir Path root;

    @Test
    void stateAndUpdateRoundTrip() {
        FencedClient.LastFence s = new FencedClient.LastFence("web2", 1234, "override", false);
        assertEquals(s, FencedClient.LastFence.from(s.fields()));
        FencedClient.FenceUpdate u = new FencedClient.FenceUpdate(s, "success", 1);
        IpcMessage m = u.toMessage();
        assertEquals("fence", m.get("event"));
        assertEquals(u, FencedClient.FenceUpdate.from(m));
    }

    @Test
    void garbageStateIsRefusedNamingTheField() {
        Map<String, String> good = new FencedClient.LastFence("web2", 5, "agent", true).fields();
        assertTrue(refusal(without(good, "victim")).contains("without victim"));
        assertEquals("fence state of web2: time is not a number: soon", refusal(with(good, "time", "soon")));
        assertEquals("fence state of web2: time is not a number: null", refusal(without(good, "time")));
        assertEquals("fence state of web2: negative time -5", refusal(with(good, "time", "-5")));
        assertEquals("fence state of web2: pending is not 0 or 1: yes", refusal(with(good, "pending", "yes")));
        IpcMessage noResult = new IpcMessage();
        good.forEach(noResult::put);
        assertEquals("fence event of web2 without result",
                assertThrows(IpcException.class, () -> FencedClient.FenceUpdate.from(noResult)).getMessage());
    }

    private static String refusal(Map<String, String> f) {
        return assertThrows(IpcException.class, () -> FencedClient.LastFence.from(f)).getMessage();
    }

    private static Map<String, String> with(Map<String, String> f, String k, String v) {
        Map<String, String> m = new java.util.LinkedHashMap<>(f);
        m.put(k, v);
        return m;
    }

    private static Map<String, String> without(Map<String, String> f, String k) {
        Map<String, String> m = new java.util.LinkedHashMap<>(f);
        m.remove(k);
        return m;
    }

    /** Records what a subscription tells, in order. */
    public static final class Recorder implements FencedClient.Subscriber {
        public final BlockingQueue<String> heard = new LinkedBlockingQueue<>();

        public void onStart(List<FencedClient.LastFence> initial) { heard.add("start " + initial); }

        public void onUpdate(FencedClient.FenceUpdate u) {
            heard.add(u.result() + " " + u.state().victim() + " " + u.state().time() + " " + u.state().pending());
        }

        public void onEnd(String reason) { heard.add("end " + reason); }

        public String next() throws InterruptedException {
            String s = heard.poll(10, TimeUnit.SECONDS);
            if (s == null) throw new AssertionError("nothing heard within 10 s");
            return s;
        }
    }

    /** A fake fenced whose subscription sends {@code events} after its reply. */
    private IpcServer fakeFenced(IpcMessage... events) throws Exception {
        return new IpcServer(new ClusterRoot(root).socket(FencedClient.DAEMON), false, (req, conn) -> {
            if (!req.op().equals("subscribe")) return IpcMessage.error("unknown request");
            conn.push(IpcMessage.ok().putList("node", List.of(new FencedClient.LastFence("web1", 0, "none", false).fields())));
            for (IpcMessage e : events) conn.push(e);
            return null;
        }).start("fake-fenced");
    }

    private static IpcMessage update(String victim, String time, String pending) {
        return new IpcMessage().put("event", "fence").put("victim", victim).put("time", time).put("how", "agent")
                .put("pending", pending).put("result", "success").put("by", "1");
    }

    @Test
    void unknownEventKindsAreIgnoredAndAGarbageEventEndsTheSubscriptionSayingWhy() throws Exception {
        try (IpcServer s = fakeFenced(new IpcMessage().put("event", "weather").put("sky", "blue"),
                update("web2", "77", "0"), update("web2", "7x", "0"), update("web3", "80", "0"))) {
            Recorder r = new Recorder();
            FencedClient.Subscription sub = new FencedClient(new ClusterRoot(root)).subscribe(r);
            assertEquals("start [LastFence[victim=web1, time=0, how=none, pending=false]]", r.next());
            assertEquals("success web2 77 false", r.next());
            assertEquals("end fence state of web2: time is not a number: 7x", r.next(),
                    "the stream is no longer complete: the subscriber must know (and nothing after it is believed)");
            sub.close();
            assertEquals(null, r.heard.poll(200, TimeUnit.MILLISECONDS), "onEnd exactly once");
        }
    }

    @Test
    void overflowEndsTheSubscription() throws Exception {
        try (IpcServer s = fakeFenced(new IpcMessage().put("event", "overflow"), update("web2", "77", "0"))) {
            Recorder r = new Recorder();
            new FencedClient(new ClusterRoot(root)).subscribe(r);
            r.next();
            assertEquals("end fenced dropped events (this subscriber fell behind)", r.next());
        }
    }

    @Test
    void aRefusedOrMalformedSubscribeReplyThrows() throws Exception {
        try (IpcServer s = new IpcServer(new ClusterRoot(root).socket(FencedClient.DAEMON), false,
                (req, conn) -> IpcMessage.ok().put("node.count", "1").put("node.0.victim", "web1").put("node.0.time", "x"))
                .start("fake-fenced")) {
            IpcException e = assertThrows(IpcException.class, () -> new FencedClient(new ClusterRoot(root)).subscribe(new Recorder()));
            assertEquals("fence state of web1: time is not a number: x", e.getMessage());
        }
        IpcException none = assertThrows(IpcException.class, () -> new FencedClient(new ClusterRoot(root)).subscribe(new Recorder()));
        assertTrue(none.getMessage().contains("no such socket"), none.getMessage());
    }
}
