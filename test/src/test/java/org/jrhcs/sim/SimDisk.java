package org.jrhcs.sim;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.jrhcs.qdisk.core.QdiskPolicy;
import org.jrhcs.qdisk.core.StatusBlock;
import org.jrhcs.qdisk.disk.Decoded;
import org.jrhcs.qdisk.disk.DiskFormat;

/**
 * The shared quorum disk: 16 status blocks in qdiskd's real on-disk format, so torn
 * and corrupted blocks go through the real decoder (and its checksum). Faults: the
 * whole device fails (I/O errors) or hangs (I/O does not return), one node loses its
 * path to it, and the next write of a node tears (half old, half garbage).
 */
public final class SimDisk {
    public static final int BLOCK = 512;

    private final VirtualClock clock;
    private final SimRandom random;
    private final byte[][] blocks = new byte[QdiskPolicy.MAX_NODES + 1][];
    private long failedUntil;
    private long hungUntil;
    private final long[] pathFailedUntil = new long[QdiskPolicy.MAX_NODES + 1];
    private final int[] tornWrites = new int[QdiskPolicy.MAX_NODES + 1];
    private long reads, rejected;

    public SimDisk(VirtualClock clock, SimRandom random) {
        this.clock = clock;
        this.random = random;
        for (int n = 1; n <= QdiskPolicy.MAX_NODES; n++)
            blocks[n] = DiskFormat.encodeStatus(StatusBlock.empty(n, clock.now()), BLOCK);
    }

    public void fail(long until) { failedUntil = until; }

    public void hang(long until) { hungUntil = until; }

    public void failPath(int nodeId, long until) { pathFailedUntil[nodeId] = until; }

    public void tearNextWrites(int nodeId, int count) { tornWrites[nodeId] = count; }

    public void heal() {
        failedUntil = 0;
        hungUntil = 0;
        java.util.Arrays.fill(pathFailedUntil, 0);
        java.util.Arrays.fill(tornWrites, 0);
    }

    /** Overwrites a few bytes of a block, as a stray write from elsewhere would. */
    public void corrupt(int nodeId) {
        for (int i = 0; i < 4; i++) blocks[nodeId][random.nextInt(DiskFormat.STATUS_BYTES)] ^= (byte) (1 + random.nextInt(255));
    }

    /** When I/O of {@code nodeId} would return, or 0 if it does not hang now. */
    public long hangsUntil(int nodeId) { return hungUntil > clock.now() ? hungUntil : 0; }

    public Map<Integer, Decoded<StatusBlock>> read(int nodeId) throws IOException {
        check(nodeId);
        Map<Integer, Decoded<StatusBlock>> out = new TreeMap<>();
        for (int n = 1; n <= QdiskPolicy.MAX_NODES; n++) {
            Decoded<StatusBlock> d = DiskFormat.decodeStatus(blocks[n], n);
            reads++;
            if (!d.isOk()) rejected++;
            out.put(n, d);
        }
        return out;
    }

    public void write(int nodeId, StatusBlock b) throws IOException {
        check(nodeId);
        byte[] data = DiskFormat.encodeStatus(b, BLOCK);
        if (tornWrites[nodeId] > 0) {
            tornWrites[nodeId]--;
            // only the first sectors' worth reached the platter: the rest is what was there
            int cut = 1 + random.nextInt(DiskFormat.STATUS_BYTES - 2);
            byte[] old = blocks[b.nodeId()];
            for (int i = cut; i < data.length; i++) data[i] = old[i];
            data[cut] ^= (byte) 0x5a;
        }
        blocks[b.nodeId()] = data;
    }

    private void check(int nodeId) throws IOException {
        long now = clock.now();
        if (failedUntil > now) throw new IOException("Input/output error");
        if (pathFailedUntil[nodeId] > now) throw new IOException("Input/output error (path down)");
    }

    /** Blocks read so far and how many of them the decoder refused. */
    public long reads() { return reads; }

    public long rejected() { return rejected; }
}
