package org.jrhcs.qdisk.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.jrhcs.qdisk.core.Message;
import org.jrhcs.qdisk.core.NodeState;
import org.jrhcs.qdisk.core.StatusBlock;
import org.junit.jupiter.api.Test;

/**
 * Hostile quorum-disk blocks: random blocks, torn writes (a prefix of the new block over
 * the old one) and single-byte corruption are refused by magic or checksum and never
 * trusted; random bytes never make the decoders throw. {@code -Dfuzz.iterations=N}.
 */
class DiskFormatFuzzTest {

    private static StatusBlock block(SplittableRandom r, int node) {
        return new StatusBlock(node, node, r.nextLong(1L << 41), r.nextLong(1_000_000), 1 + r.nextLong(1L << 40),
                NodeState.values()[r.nextInt(NodeState.values().length)], r.nextInt(2),
                Message.values()[r.nextInt(Message.values().length)], r.nextInt(17), r.nextInt(10), 10,
                r.nextInt(), r.nextInt(), r.nextInt(100_000), r.nextInt(100_000));
    }

    @Test
    void damagedBlocksAreNeverTrusted() {
        long base = Long.getLong("fuzz.seed", 20261123L);
        int iterations = Integer.getInteger("fuzz.iterations", 20_000);
        int torn = 0, corrupt = 0;
        for (int i = 0; i < iterations; i++) {
            SplittableRandom r = new SplittableRandom(base + i);
            int node = 1 + r.nextInt(16);
            StatusBlock oldB = block(r, node), newB = block(r, node);
            byte[] old = DiskFormat.encodeStatus(oldB, 512);
            byte[] fresh = DiskFormat.encodeStatus(newB, 512);
            assertEquals(newB, DiskFormat.decodeStatus(fresh, node).value(), "round trip, seed " + (base + i));
            // torn: the first sectors' worth of the new block, the rest still the old one
            byte[] t = old.clone();
            int cut = 1 + r.nextInt(DiskFormat.STATUS_BYTES - 1);
            System.arraycopy(fresh, 0, t, 0, cut);
            Decoded<StatusBlock> d = DiskFormat.decodeStatus(t, node);
            boolean same = java.util.Arrays.equals(java.util.Arrays.copyOf(t, DiskFormat.STATUS_BYTES),
                    java.util.Arrays.copyOf(old, DiskFormat.STATUS_BYTES))
                    || java.util.Arrays.equals(java.util.Arrays.copyOf(t, DiskFormat.STATUS_BYTES),
                    java.util.Arrays.copyOf(fresh, DiskFormat.STATUS_BYTES));
            if (!same) {
                torn++;
                assertFalse(d.isOk(), "a torn block was trusted, seed " + (base + i));
            }
            // one corrupted byte inside the checked bytes
            byte[] c = fresh.clone();
            c[r.nextInt(DiskFormat.STATUS_BYTES)] ^= (byte) (1 + r.nextInt(255));
            assertFalse(DiskFormat.decodeStatus(c, node).isOk(), "a corrupted block was trusted, seed " + (base + i));
            corrupt++;
            // the same block in another slot is inconsistent
            assertFalse(DiskFormat.decodeStatus(fresh, node % 16 + 1).isOk(), "a block was trusted in the wrong slot");
            // random bytes: any answer but an exception (and a valid-looking one only with our magic)
            byte[] junk = new byte[r.nextInt(600)];
            for (int k = 0; k < junk.length; k++) junk[k] = (byte) r.nextInt(256);
            if (junk.length >= 4 && r.nextInt(2) == 0) { junk[0] = 0x6A; junk[1] = 0x71; junk[2] = 0x73; junk[3] = 0x62; }
            assertFalse(DiskFormat.decodeStatus(junk, node).isOk() && junk.length < DiskFormat.STATUS_BYTES);
            DiskFormat.decodeHeader(junk);
        }
        assertTrue(torn > iterations / 2 && corrupt == iterations, "the fuzzer must reach the refusals: torn " + torn);
    }
}
