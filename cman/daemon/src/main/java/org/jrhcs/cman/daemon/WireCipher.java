package org.jrhcs.cman.daemon;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens whole cluster-network frames with AES-256-GCM (JDK only).
 *
 * <p>Key: HKDF-SHA256 (RFC 5869) of the key file's bytes, salt {@value #SALT}, info
 * "AES-256-GCM " + the channel name, so one key file used by two clusters gives two keys.
 *
 * <p>Frame: {@code "JRC1"} | nonce (12 bytes: a random 4-byte prefix chosen at start +
 * a 64-bit counter starting at a random value) | ciphertext | 16-byte tag. The magic and
 * the channel name are authenticated as associated data. A receiver accepts each
 * (prefix, counter) once: counters more than {@value #WINDOW} behind the highest seen
 * from that sender run, or seen before, are replays and refused.
 */
public final class WireCipher {
    static final byte[] MAGIC = {'J', 'R', 'C', '1'};
    static final String SALT = "jrhcs cman wire v1";
    static final int NONCE = 12, TAG = 16, OVERHEAD = MAGIC.length + NONCE + TAG;
    static final int WINDOW = 4096;
    /** Sender runs remembered for replay checks (only authenticated frames create entries). */
    static final int MAX_SENDERS = 1024;

    /** Why a frame was refused; the message is what the log says. */
    public static final class Rejected extends Exception {
        Rejected(String why) { super(why); }
    }

    private final SecretKeySpec key;
    private final byte[] aad;
    private final byte[] prefix = new byte[4];
    private final AtomicLong counter;
    private final Map<Integer, ReplayWindow> windows = new LinkedHashMap<>(16, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<Integer, ReplayWindow> e) { return size() > MAX_SENDERS; }
    };
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no AES/GCM", e);
        }
    });

    public WireCipher(byte[] keyMaterial, String channelName) {
        this(keyMaterial, channelName, new SecureRandom());
    }

    WireCipher(byte[] keyMaterial, String channelName, SecureRandom random) {
        this.key = new SecretKeySpec(hkdf(keyMaterial, SALT.getBytes(StandardCharsets.UTF_8),
                ("AES-256-GCM " + channelName).getBytes(StandardCharsets.UTF_8)), "AES");
        byte[] name = channelName.getBytes(StandardCharsets.UTF_8);
        this.aad = ByteBuffer.allocate(MAGIC.length + name.length).put(MAGIC).put(name).array();
        random.nextBytes(prefix);
        this.counter = new AtomicLong(random.nextLong());
    }

    /** True when {@code frame} starts like a sealed frame (a keyless node uses this to say why it drops it). */
    public static boolean looksSealed(byte[] frame, int off, int len) {
        return len >= MAGIC.length && Arrays.equals(frame, off, off + MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    public byte[] seal(byte[] plain, int off, int len) {
        byte[] out = new byte[OVERHEAD + len];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        System.arraycopy(prefix, 0, out, MAGIC.length, prefix.length);
        ByteBuffer.wrap(out, MAGIC.length + prefix.length, 8).putLong(counter.getAndIncrement());
        try {
            Cipher c = ciphers.get();
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG * 8, out, MAGIC.length, NONCE));
            c.updateAAD(aad);
            c.doFinal(plain, off, len, out, MAGIC.length + NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt: " + e, e);
        }
        return out;
    }

    /** The plaintext of a sealed frame, or {@link Rejected} saying why not. */
    public byte[] open(byte[] frame, int off, int len) throws Rejected {
        if (!looksSealed(frame, off, len)) throw new Rejected("not encrypted (does that node have no key file?)");
        if (len < OVERHEAD) throw new Rejected("truncated encrypted frame (" + len + " bytes)");
        byte[] plain;
        try {
            Cipher c = ciphers.get();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG * 8, frame, off + MAGIC.length, NONCE));
            c.updateAAD(aad);
            plain = c.doFinal(frame, off + MAGIC.length + NONCE, len - MAGIC.length - NONCE);
        } catch (AEADBadTagException e) {
            throw new Rejected("authentication failed (wrong key, another cluster, or altered in transit)");
        } catch (GeneralSecurityException e) {
            throw new Rejected("cannot decrypt: " + e.getMessage());
        }
        ByteBuffer nonce = ByteBuffer.wrap(frame, off + MAGIC.length, NONCE);
        int sender = nonce.getInt();
        long count = nonce.getLong();
        synchronized (windows) {
            if (!windows.computeIfAbsent(sender, s -> new ReplayWindow()).accept(count))
                throw new Rejected("replayed frame (counter " + Long.toUnsignedString(count) + " already seen)");
        }
        return plain;
    }

    /** A sliding window over one sender run's counters (as in IPsec): each accepted once. */
    static final class ReplayWindow {
        private long highest;
        private boolean any;
        private final long[] seen = new long[WINDOW / 64];

        boolean accept(long n) {
            if (!any) {
                any = true;
                highest = n;
                mark(n);
                return true;
            }
            long ahead = n - highest;
            if (ahead > 0) {
                if (ahead >= WINDOW) Arrays.fill(seen, 0);
                else for (long i = highest + 1; i < n; i++) clear(i);
                highest = n;
                mark(n);
                return true;
            }
            if (-ahead >= WINDOW) return false;
            if (isMarked(n)) return false;
            mark(n);
            return true;
        }

        private int slot(long n) { return (int) Math.floorMod(n, (long) WINDOW); }
        private void mark(long n) { seen[slot(n) >>> 6] |= 1L << (slot(n) & 63); }
        private void clear(long n) { seen[slot(n) >>> 6] &= ~(1L << (slot(n) & 63)); }
        private boolean isMarked(long n) { return (seen[slot(n) >>> 6] & (1L << (slot(n) & 63))) != 0; }
    }

    /** RFC 5869 HKDF-SHA256, one 32-byte block of output. */
    static byte[] hkdf(byte[] ikm, byte[] salt, byte[] info) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt, "HmacSHA256"));
            byte[] prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            mac.update(info);
            mac.update((byte) 1);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no HmacSHA256", e);
        }
    }
}
