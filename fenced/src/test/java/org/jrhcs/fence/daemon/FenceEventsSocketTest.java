package org.jrhcs.fence.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.client.ipc.IpcCodec;
import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.fence.agent.AgentFixtures;
import org.jrhcs.fence.client.FencedClient;
import org.jrhcs.fence.core.FenceSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fenced's subscription over its real socket: three daemons over the fake cman group, a
 * real agent, a subscriber on the member that does not fence (it learns from the domain's
 * delivery, as rgmanager on any node does) and garbage thrown at the same socket.
 */
class FenceEventsSocketTest {
    private static final FenceSettings QUICK = new FenceSettings(0, 0, false, 200, false);

    @TempDir Path root;

    @Test
    void aSubscriberHearsPendingThenSuccessCarryingFencedLastsAnswer() throws Exception {
        AgentFixtures.install(root, "fence_record");
        try (TestDomain f = new TestDomain(root, "<fence><method name=\"1\"><device name=\"rec\"/></method></fence>", QUICK)) {
            for (int i = 1; i <= 3; i++) f.start(i);
            TestDomain.await("three members", () -> f.daemons[3].query(c -> c.status().members().size()) == 3);
            ClusterRoot r3 = new ClusterRoot(root.resolve("n3"));
            try (FencedServer server = new FencedServer(r3, f.daemons[3])) {
                FencedClient client = new FencedClient(r3);
                org.jrhcs.fence.client.FenceWireEventsTest.Recorder rec = new org.jrhcs.fence.client.FenceWireEventsTest.Recorder();
                FencedClient.Subscription sub = client.subscribe(rec);
                assertEquals("start [LastFence[victim=web1, time=0, how=none, pending=false], "
                        + "LastFence[victim=web2, time=0, how=none, pending=false], "
                        + "LastFence[victim=web3, time=0, how=none, pending=false]]", rec.next());
                TestDomain.await("one subscriber", () -> f.daemons[3].subscribers() == 1);

                // garbage on the same socket: each gets an error naming the problem, nothing else changes
                assertTrue(raw(r3, new byte[] {0x7f, 0, 0, 0}).contains("bad frame length"));
                assertTrue(raw(r3, new byte[] {0, 0, 0, 2, 9, 'x'}).contains("unsupported protocol version 9"));
                assertTrue(raw(r3, new byte[] {0, 0, 0, 3, 1, (byte) 0xff, '\n'}).contains("not valid UTF-8"));
                assertTrue(raw(r3, IpcCodec.encode(IpcMessage.request("subscribe").put("victim", "x\ny"))).startsWith("status=ok"),
                        "extra fields are ignored");

                f.crash(2);
                assertEquals("pending web2 0 true", rec.next());
                String success = rec.next();
                long time = client.lastFenced("web2").time();
                assertTrue(time > 0);
                assertEquals("success web2 " + time + " false", success, "the event carries fenced_last's answer");
                sub.close();
                assertTrue(rec.next().startsWith("end "));
                TestDomain.await("the subscriber is forgotten", () -> f.daemons[3].subscribers() == 0);
            }
        }
    }

    /** Writes raw bytes to fenced.sock and returns the first reply frame's body as text. */
    private static String raw(ClusterRoot r, byte[] bytes) throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(r.socket(FencedClient.DAEMON)));
            OutputStream out = Channels.newOutputStream(ch);
            out.write(bytes);
            out.flush();
            InputStream in = Channels.newInputStream(ch);
            IpcMessage reply = IpcCodec.read(in);
            StringBuilder sb = new StringBuilder();
            reply.fields().forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
            return sb.toString();
        }
    }
}
