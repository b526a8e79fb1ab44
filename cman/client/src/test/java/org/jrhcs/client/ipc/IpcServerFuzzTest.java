package org.jrhcs.client.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage on a real daemon socket: seeded random frames (valid and absurd lengths, random
 * bodies, mutated real requests, frames cut short) sent to a running {@link IpcServer}.
 * Each gets an error reply or a closed connection, the handler only ever sees decoded
 * requests, and the server still answers a proper request afterwards.
 */
class IpcServerFuzzTest {

    @Test
    void garbageNeverStopsTheServer(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("fuzz.sock");
        AtomicInteger handled = new AtomicInteger();
        try (IpcServer server = new IpcServer(sock, false, (req, conn) -> {
            handled.incrementAndGet();
            return IpcMessage.ok().put("echo", req.get("x"));
        }).start("fuzz")) {
            byte[] real = IpcCodec.encode(IpcMessage.request("status").put("x", "1"));
            int rounds = Integer.getInteger("fuzz.iterations", 200);
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                for (int i = 0; i < rounds; i++) {
                    SplittableRandom r = new SplittableRandom(20261123L + i);
                    byte[] frame;
                    switch (r.nextInt(4)) {
                        case 0 -> { // a huge or negative length, then nothing
                            frame = ByteBuffer.allocate(4).putInt(r.nextInt(3) == 0 ? -1 : Integer.MAX_VALUE - r.nextInt(100)).array();
                        }
                        case 1 -> { // a valid length with a random body
                            byte[] body = new byte[1 + r.nextInt(200)];
                            for (int k = 0; k < body.length; k++) body[k] = (byte) r.nextInt(256);
                            frame = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
                        }
                        case 2 -> { // a real request with bytes flipped
                            frame = real.clone();
                            for (int k = 0; k < 1 + r.nextInt(3); k++) frame[4 + r.nextInt(frame.length - 4)] = (byte) r.nextInt(256);
                        }
                        default -> frame = java.util.Arrays.copyOf(real, r.nextInt(real.length)); // cut short
                    }
                    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                        ch.connect(UnixDomainSocketAddress.of(sock));
                        ch.write(ByteBuffer.wrap(frame));
                        ch.shutdownOutput();
                        InputStream in = Channels.newInputStream(ch);
                        IpcMessage reply = IpcCodec.read(in); // error reply, a reply to a lucky valid frame, or EOF
                        if (reply != null && !reply.isOk())
                            assertTrue(!reply.errorText().isBlank(), "an error reply says what was wrong");
                    } catch (IpcException | java.io.IOException closed) {
                        // the server closed the connection: fine
                    }
                }
            });
            assertEquals("alive", IpcClient.request(sock, IpcMessage.request("echo").put("x", "alive")).get("echo"));
            assertTrue(handled.get() >= 1);
        }
    }

    @Test
    void idleConnectionsCannotExhaustTheServer(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("busy.sock");
        java.util.List<SocketChannel> idle = new java.util.ArrayList<>();
        try (IpcServer server = new IpcServer(sock, false, (req, conn) -> IpcMessage.ok()).start("busy")) {
            for (int i = 0; i < IpcServer.MAX_CONNECTIONS; i++) {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                ch.connect(UnixDomainSocketAddress.of(sock));
                idle.add(ch);
            }
            // the limit is reached once the server has accepted them all
            long deadline = System.currentTimeMillis() + 10_000;
            String error = null;
            while ((error == null || !error.contains("too many connections")) && System.currentTimeMillis() < deadline) {
                try {
                    IpcMessage m = IpcClient.request(sock, IpcMessage.request("status"));
                    if (!m.isOk()) error = m.errorText();
                } catch (IpcException e) {
                    error = e.getMessage(); // closed before our request was read: try again
                }
                Thread.sleep(20);
            }
            assertTrue(error != null && error.contains("too many connections"), "no refusal at the limit: " + error);
            for (SocketChannel ch : idle) ch.close();
            idle.clear();
            long until = System.currentTimeMillis() + 10_000;
            boolean served = false;
            while (!served && System.currentTimeMillis() < until) {
                try {
                    served = IpcClient.request(sock, IpcMessage.request("status")).isOk();
                } catch (IpcException e) {
                    // the server has not yet noticed every close
                }
                if (!served) Thread.sleep(20);
            }
            assertTrue(served, "the server did not recover after the idle clients left");
        } finally {
            for (SocketChannel ch : idle) ch.close();
        }
    }
}
