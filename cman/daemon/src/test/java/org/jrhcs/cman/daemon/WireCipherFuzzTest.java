package org.jrhcs.cman.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jgroups.stack.IpAddress;
import org.junit.jupiter.api.Test;

/**
 * Hostile bytes at the cluster port: seeded mutations of real sealed frames (flipped bits,
 * cut, extended, spliced, replayed) and random frames, opened by a receiver with the key.
 * Each is refused with {@link WireCipher.Rejected} and a reason, never another exception;
 * only the untouched frames open. The TCP receive path refuses a frame length over the
 * limit before allocating. {@code -Dfuzz.iterations=N} (default 20000).
 */
class WireCipherFuzzTest {
    private static final byte[] KEY = new byte[128];

    @Test
    void mutatedAndRandomFramesAreRefusedWithAReason() {
        int iterations = Integer.getInteger("fuzz.iterations", 20_000);
        new SplittableRandom(1).nextBytes(KEY);
        WireCipher tx = new WireCipher(KEY, "cman-fuzz");
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            WireCipher rx = new WireCipher(KEY, "cman-fuzz");
            List<byte[]> openedFrames = new ArrayList<>();
            int opened = 0, refused = 0;
            for (int i = 0; i < iterations; i++) {
                SplittableRandom r = new SplittableRandom(20261123L + i);
                byte[] plain = new byte[r.nextInt(300)];
                r.nextBytes(plain);
                byte[] sealed = tx.seal(plain, 0, plain.length);
                byte[] frame;
                boolean intact = false;
                switch (r.nextInt(6)) {
                    case 0 -> { frame = sealed.clone(); frame[r.nextInt(frame.length)] ^= (byte) (1 + r.nextInt(255)); }
                    case 1 -> frame = java.util.Arrays.copyOf(sealed, r.nextInt(sealed.length));
                    case 2 -> { frame = java.util.Arrays.copyOf(sealed, sealed.length + 1 + r.nextInt(16)); }
                    case 3 -> { frame = new byte[r.nextInt(400)]; r.nextBytes(frame); if (frame.length >= 4 && r.nextBoolean())
                        System.arraycopy(WireCipher.MAGIC, 0, frame, 0, 4); }
                    case 4 -> frame = openedFrames.isEmpty() ? sealed : openedFrames.get(r.nextInt(openedFrames.size())); // replay
                    default -> frame = sealed;
                }
                intact = frame == sealed;
                try {
                    byte[] out = rx.open(frame, 0, frame.length);
                    if (!intact) fail("frame " + i + " opened although it was altered or replayed");
                    assertArrayEquals(plain, out);
                    openedFrames.add(frame);
                    opened++;
                } catch (WireCipher.Rejected e) {
                    assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "a refusal says why");
                    if (intact) fail("an untouched frame was refused: " + e.getMessage());
                    refused++;
                } catch (Throwable t) {
                    throw new AssertionError("frame " + i + " threw " + t, t);
                }
            }
            assertTrue(opened > iterations / 10 && refused > iterations / 2, "opened " + opened + ", refused " + refused);
            System.out.println("WireCipherFuzzTest: " + iterations + " frames, " + opened + " opened, " + refused + " refused");
        });
    }

    @Test
    void anOversizedTcpFrameIsRefusedBeforeAllocation() throws Exception {
        List<String> reports = new ArrayList<>();
        JGroupsAdapter.SealedTcp tcp = new JGroupsAdapter.SealedTcp(
                new JGroupsAdapter.WireGuard(new WireCipher(KEY, "cman-fuzz"), (peer, why) -> reports.add(peer + " " + why)));
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(new byte[16]));
        IOException e = assertThrows(IOException.class,
                () -> tcp.receive(new IpAddress("127.0.0.1", 5405), in, Integer.MAX_VALUE));
        assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
        assertEquals(1, reports.size());
        assertTrue(reports.get(0).startsWith("127.0.0.1:5405 frame of 2147483647 bytes"), reports.get(0));
    }
}
