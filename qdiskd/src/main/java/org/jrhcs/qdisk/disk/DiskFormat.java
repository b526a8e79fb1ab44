package org.jrhcs.qdisk.disk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import org.jrhcs.qdisk.core.Message;
import org.jrhcs.qdisk.core.NodeState;
import org.jrhcs.qdisk.core.QdiskPolicy;
import org.jrhcs.qdisk.core.StatusBlock;

/**
 * The on-disk layout, version 1 (documented in qdiskd/README.md; keep both in step).
 * Big-endian throughout. Block 0 is the header; block n (1..16) is node n's status block;
 * every block starts at a multiple of the recorded block size, so each is written by one
 * aligned direct write and a torn write damages only one block, which its CRC32C exposes.
 */
public final class DiskFormat {
    public static final int HEADER_MAGIC = 0x6A716431;      // "jqd1"
    public static final int BLOCK_MAGIC = 0x6A717362;       // "jqsb"
    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 256;
    public static final int STATUS_BYTES = 128;
    public static final int LABEL_BYTES = 128;
    public static final int HOST_BYTES = 64;
    public static final int MAX_LABEL = LABEL_BYTES - 1;
    public static final int MAX_HOST = HOST_BYTES - 1;
    /** The largest block size we ever need to read the header (4096-byte sector devices). */
    public static final int MAX_BLOCK = 4096;

    private DiskFormat() {}

    /** Bytes a quorum disk occupies with {@code blockSize} blocks: header plus 16 status blocks. */
    public static long deviceBytes(int blockSize) { return (long) blockSize * (QdiskPolicy.MAX_NODES + 1); }

    public static long offsetOf(int nodeId, int blockSize) { return (long) nodeId * blockSize; }

    public static void validBlockSize(int blockSize) {
        if (blockSize < 512 || blockSize > MAX_BLOCK || Integer.bitCount(blockSize) != 1)
            throw new IllegalArgumentException("block size " + blockSize + " is not a power of two in 512.." + MAX_BLOCK);
    }

    /** The header block, {@code h.blockSize()} bytes long. */
    public static byte[] encodeHeader(QdiskHeader h) {
        validBlockSize(h.blockSize());
        ByteBuffer b = ByteBuffer.allocate(h.blockSize()).order(ByteOrder.BIG_ENDIAN);
        b.putInt(0, HEADER_MAGIC);
        b.putShort(4, (short) h.version());
        b.putInt(8, h.blockSize());
        b.putInt(12, h.maxNodes());
        b.putLong(16, h.createdSeconds());
        putText(b, 24, LABEL_BYTES, h.label(), "label");
        putText(b, 24 + LABEL_BYTES, HOST_BYTES, h.host(), "host name");
        b.putInt(HEADER_BYTES - 4, crc(b.array(), HEADER_BYTES - 4));
        return b.array();
    }

    public static Decoded<QdiskHeader> decodeHeader(byte[] data) {
        if (data.length < HEADER_BYTES) return Decoded.bad(Decoded.Problem.FOREIGN);
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
        if (b.getInt(0) != HEADER_MAGIC) return Decoded.bad(Decoded.Problem.FOREIGN);
        if (b.getInt(HEADER_BYTES - 4) != crc(data, HEADER_BYTES - 4)) return Decoded.bad(Decoded.Problem.CHECKSUM);
        int version = b.getShort(4) & 0xffff;
        if (version != VERSION) return Decoded.bad(Decoded.Problem.VERSION);
        int blockSize = b.getInt(8);
        int maxNodes = b.getInt(12);
        if (blockSize < 512 || blockSize > MAX_BLOCK || Integer.bitCount(blockSize) != 1 || maxNodes != QdiskPolicy.MAX_NODES)
            return Decoded.bad(Decoded.Problem.INCONSISTENT);
        return Decoded.ok(new QdiskHeader(version, blockSize, maxNodes, b.getLong(16),
                getText(data, 24, LABEL_BYTES), getText(data, 24 + LABEL_BYTES, HOST_BYTES)));
    }

    /** One status block, {@code blockSize} bytes long (the rest of the block is zero). */
    public static byte[] encodeStatus(StatusBlock s, int blockSize) {
        validBlockSize(blockSize);
        byte[] out = new byte[blockSize];
        encodeStatusInto(s, ByteBuffer.wrap(out), 0);
        return out;
    }

    /** Writes the block's {@link #STATUS_BYTES} at {@code at} of {@code b} (big-endian, absolute puts). */
    public static void encodeStatusInto(StatusBlock s, ByteBuffer b, int at) {
        b.order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < STATUS_BYTES; i++) b.put(at + i, (byte) 0);
        b.putInt(at, BLOCK_MAGIC);
        b.putShort(at + 4, (short) VERSION);
        b.putShort(at + 6, (short) s.nodeId());
        b.putShort(at + 8, (short) s.updatedBy());
        b.put(at + 10, (byte) s.state().code());
        b.put(at + 11, (byte) s.message().code());
        b.putShort(at + 12, (short) s.messageArg());
        b.putShort(at + 14, (short) s.flags());
        b.putLong(at + 16, s.timestampMs());
        b.putLong(at + 24, s.sequence());
        b.putLong(at + 32, s.incarnation());
        b.putShort(at + 40, (short) Math.min(0xffff, Math.max(0, s.score())));
        b.putShort(at + 42, (short) Math.min(0xffff, Math.max(0, s.scoreMax())));
        b.putInt(at + 44, s.seenMask());
        b.putInt(at + 48, s.masterMask());
        b.putInt(at + 52, (int) Math.min(0xffffffffL, Math.max(0, s.lastCycleMicros())));
        b.putInt(at + 56, (int) Math.min(0xffffffffL, Math.max(0, s.avgCycleMicros())));
        b.putInt(at + STATUS_BYTES - 4, crc(b, at, STATUS_BYTES - 4));
    }

    /** Decodes the status block for slot {@code nodeId} from {@code b} at {@code at}. */
    public static Decoded<StatusBlock> decodeStatus(ByteBuffer b, int at, int nodeId) {
        b.order(ByteOrder.BIG_ENDIAN);
        if (b.limit() - at < STATUS_BYTES) return Decoded.bad(Decoded.Problem.FOREIGN);
        if (b.getInt(at) != BLOCK_MAGIC) return Decoded.bad(Decoded.Problem.FOREIGN);
        if (b.getInt(at + STATUS_BYTES - 4) != crc(b, at, STATUS_BYTES - 4)) return Decoded.bad(Decoded.Problem.CHECKSUM);
        if ((b.getShort(at + 4) & 0xffff) != VERSION) return Decoded.bad(Decoded.Problem.VERSION);
        NodeState state = NodeState.ofCode(b.get(at + 10) & 0xff);
        Message msg = Message.ofCode(b.get(at + 11) & 0xff);
        int id = b.getShort(at + 6) & 0xffff;
        int by = b.getShort(at + 8) & 0xffff;
        if (state == null || msg == null || id != nodeId || by > QdiskPolicy.MAX_NODES)
            return Decoded.bad(Decoded.Problem.INCONSISTENT);
        return Decoded.ok(new StatusBlock(id, by, b.getLong(at + 16), b.getLong(at + 24), b.getLong(at + 32), state,
                b.getShort(at + 14) & 0xffff, msg, b.getShort(at + 12) & 0xffff, b.getShort(at + 40) & 0xffff,
                b.getShort(at + 42) & 0xffff, b.getInt(at + 44), b.getInt(at + 48),
                b.getInt(at + 52) & 0xffffffffL, b.getInt(at + 56) & 0xffffffffL));
    }

    public static Decoded<StatusBlock> decodeStatus(byte[] block, int nodeId) {
        return decodeStatus(ByteBuffer.wrap(block), 0, nodeId);
    }

    private static int crc(byte[] data, int len) {
        CRC32C c = new CRC32C();
        c.update(data, 0, len);
        return (int) c.getValue();
    }

    private static int crc(ByteBuffer b, int at, int len) {
        CRC32C c = new CRC32C();
        ByteBuffer d = b.duplicate();
        d.limit(at + len).position(at);
        c.update(d);
        return (int) c.getValue();
    }

    private static void putText(ByteBuffer b, int at, int field, String text, String what) {
        byte[] t = (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
        if (t.length > field - 1)
            throw new IllegalArgumentException("the " + what + " is " + t.length + " bytes; at most " + (field - 1) + " fit");
        for (int i = 0; i < t.length; i++) b.put(at + i, t[i]);
    }

    private static String getText(byte[] data, int at, int field) {
        int end = at;
        while (end < at + field && data[end] != 0) end++;
        return new String(data, at, end - at, StandardCharsets.UTF_8);
    }
}
