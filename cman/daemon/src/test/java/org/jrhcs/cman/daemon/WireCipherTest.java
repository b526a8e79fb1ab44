package org.jrhcs.cman.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WireCipherTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PLAIN = "hello node2, quorum is 2".getBytes(StandardCharsets.UTF_8);

    @Test
    void hkdfMatchesRfc5869TestCase1() {
        // RFC 5869 A.1 (first 32 bytes of OKM).
        byte[] ikm = HexFormat.of().parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] salt = HexFormat.of().parseHex("000102030405060708090a0b0c");
        byte[] info = HexFormat.of().parseHex("f0f1f2f3f4f5f6f7f8f9");
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf",
                HexFormat.of().formatHex(WireCipher.hkdf(ikm, salt, info)));
    }

    @Test
    void sealedFrameOpensWithTheSameKeyAndHidesThePlaintext() throws Exception {
        WireCipher a = new WireCipher(KEY, "cman-alpha"), b = new WireCipher(KEY, "cman-alpha");
        byte[] sealed = a.seal(PLAIN, 0, PLAIN.length);
        assertEquals(PLAIN.length + WireCipher.OVERHEAD, sealed.length);
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("quorum"), "plaintext visible on the wire");
        assertArrayEquals(PLAIN, b.open(sealed, 0, sealed.length));
    }

    @Test
    void wrongKeyOtherClusterAlteredOrPlainFramesAreRefusedWithAReason() throws Exception {
        WireCipher a = new WireCipher(KEY, "cman-alpha");
        byte[] sealed = a.seal(PLAIN, 0, PLAIN.length);
        byte[] other = KEY.clone();
        other[0] ^= 1;
        assertTrue(assertThrows(WireCipher.Rejected.class, () -> new WireCipher(other, "cman-alpha").open(sealed, 0, sealed.length))
                .getMessage().contains("authentication failed"));
        assertTrue(assertThrows(WireCipher.Rejected.class, () -> new WireCipher(KEY, "cman-beta").open(sealed, 0, sealed.length))
                .getMessage().contains("authentication failed"));
        for (int i = 0; i < sealed.length; i++) {
            byte[] bad = sealed.clone();
            bad[i] ^= 0x40;
            WireCipher fresh = new WireCipher(KEY, "cman-alpha");
            assertThrows(WireCipher.Rejected.class, () -> fresh.open(bad, 0, bad.length), "byte " + i + " altered");
        }
        assertTrue(assertThrows(WireCipher.Rejected.class, () -> a.open(PLAIN, 0, PLAIN.length))
                .getMessage().contains("not encrypted"));
        assertTrue(assertThrows(WireCipher.Rejected.class, () -> a.open(sealed, 0, 10)).getMessage().contains("truncated"));
    }

    @Test
    void eachFrameIsAcceptedOnceAndReorderingWithinTheWindowIsFine() throws Exception {
        WireCipher tx = new WireCipher(KEY, "c"), rx = new WireCipher(KEY, "c");
        byte[][] frames = new byte[10][];
        for (int i = 0; i < frames.length; i++) frames[i] = tx.seal(PLAIN, 0, PLAIN.length);
        rx.open(frames[3], 0, frames[3].length);
        rx.open(frames[1], 0, frames[1].length);
        rx.open(frames[9], 0, frames[9].length);
        rx.open(frames[0], 0, frames[0].length);
        for (int i : new int[] {3, 1, 9, 0})
            assertTrue(assertThrows(WireCipher.Rejected.class, () -> rx.open(frames[i], 0, frames[i].length))
                    .getMessage().contains("replayed"));
        rx.open(frames[5], 0, frames[5].length);
    }

    @Test
    void replayWindowAgainstASetModel() {
        Random r = new Random(7);
        for (int run = 0; run < 200; run++) {
            WireCipher.ReplayWindow w = new WireCipher.ReplayWindow();
            java.util.Set<Long> seen = new java.util.HashSet<>();
            long base = r.nextLong(), highest = Long.MIN_VALUE;
            boolean any = false;
            for (int i = 0; i < 300; i++) {
                long n = base + r.nextInt(3 * WireCipher.WINDOW);
                boolean expected = !seen.contains(n) && (!any || n > highest || highest - n < WireCipher.WINDOW);
                assertEquals(expected, w.accept(n), "run " + run + " step " + i + " n-base " + (n - base));
                if (expected) {
                    seen.add(n);
                    if (!any || n > highest) highest = n;
                    any = true;
                }
            }
        }
    }
}
