package org.jrhcs.qdisk.disk;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jrhcs.qdisk.core.Message;
import org.jrhcs.qdisk.core.NodeState;
import org.jrhcs.qdisk.core.StatusBlock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The version 1 layout: round trips, and every kind of block that must not be trusted. */
class DiskFormatTest {
    static final StatusBlock SAMPLE = new StatusBlock(5, 5, 1_763_890_000_123L, 77, 0x0123456789abcdefL,
            NodeState.MASTER, StatusBlock.FLAG_HEALTHY, Message.VOTE, 3, 2, 3, 0b10111, 0b111, 1234, 987);

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void statusBlockRoundTripsAtEveryBlockSize(int bs) {
        byte[] b = DiskFormat.encodeStatus(SAMPLE, bs);
        assertEquals(bs, b.length);
        Decoded<StatusBlock> d = DiskFormat.decodeStatus(b, 5);
        assertTrue(d.isOk());
        assertEquals(SAMPLE, d.value());
        for (int i = DiskFormat.STATUS_BYTES; i < bs; i++) assertEquals(0, b[i], "padding is zero");
    }

    @Test
    void headerRoundTrips() {
        QdiskHeader h = new QdiskHeader(1, 4096, 16, 1_763_890_000L, "web_qdisk", "web1.example.com");
        Decoded<QdiskHeader> d = DiskFormat.decodeHeader(DiskFormat.encodeHeader(h));
        assertTrue(d.isOk());
        assertEquals(h, d.value());
    }

    @Test
    void layoutIsBigEndianAtDocumentedOffsets() {
        ByteBuffer b = ByteBuffer.wrap(DiskFormat.encodeStatus(SAMPLE, 512)).order(ByteOrder.BIG_ENDIAN);
        assertEquals(0x6A717362, b.getInt(0));
        assertEquals(1, b.getShort(4));
        assertEquals(5, b.getShort(6));
        assertEquals(NodeState.MASTER.code(), b.get(10));
        assertEquals(77, b.getLong(24));
        assertEquals(0x0123456789abcdefL, b.getLong(32));
        byte[] raw = b.array();
        assertEquals(0x6A, raw[0], "most significant byte first");
        ByteBuffer h = ByteBuffer.wrap(DiskFormat.encodeHeader(new QdiskHeader(1, 512, 16, 9, "l", "h")));
        assertEquals(0x6A716431, h.getInt(0));
        assertEquals(512, h.getInt(8));
        assertEquals('l', h.get(24));
        assertEquals('h', h.get(24 + 128));
    }

    @Test
    void tornBlockIsRejectedByItsChecksum() {
        for (int at : new int[] {8, 24, 40, 60, 100, 123}) {
            byte[] b = DiskFormat.encodeStatus(SAMPLE, 512);
            b[at] ^= 0x01;
            assertEquals(Decoded.Problem.CHECKSUM, DiskFormat.decodeStatus(b, 5).problem(), "flip at " + at);
        }
        byte[] h = DiskFormat.encodeHeader(new QdiskHeader(1, 512, 16, 9, "label", "host"));
        h[30] ^= 0x40;
        assertEquals(Decoded.Problem.CHECKSUM, DiskFormat.decodeHeader(h).problem());
    }

    @Test
    void halfWrittenBlockIsRejected() {
        byte[] old = DiskFormat.encodeStatus(SAMPLE, 512);
        StatusBlock newer = new StatusBlock(5, 5, SAMPLE.timestampMs() + 1000, 78, SAMPLE.incarnation(),
                NodeState.RUN, 0, Message.NONE, 0, 0, 3, 1, 0, 1, 1);
        byte[] fresh = DiskFormat.encodeStatus(newer, 512);
        System.arraycopy(fresh, 0, old, 0, 40); // the write tore after 40 bytes
        assertEquals(Decoded.Problem.CHECKSUM, DiskFormat.decodeStatus(old, 5).problem());
    }

    @Test
    void foreignDataIsNotAQuorumDiskBlock() {
        assertEquals(Decoded.Problem.FOREIGN, DiskFormat.decodeStatus(new byte[512], 1).problem());
        byte[] junk = new byte[512];
        for (int i = 0; i < junk.length; i++) junk[i] = (byte) (i * 7 + 3);
        assertEquals(Decoded.Problem.FOREIGN, DiskFormat.decodeStatus(junk, 1).problem());
        assertEquals(Decoded.Problem.FOREIGN, DiskFormat.decodeHeader(junk).problem());
        assertEquals(Decoded.Problem.FOREIGN, DiskFormat.decodeHeader(new byte[10]).problem());
    }

    @Test
    void blockInTheWrongSlotIsInconsistent() {
        assertEquals(Decoded.Problem.INCONSISTENT, DiskFormat.decodeStatus(DiskFormat.encodeStatus(SAMPLE, 512), 6).problem());
    }

    @Test
    void unknownVersionIsRefused() {
        ByteBuffer b = ByteBuffer.wrap(DiskFormat.encodeStatus(SAMPLE, 512));
        b.putShort(4, (short) 2);
        // re-seal with a valid checksum so only the version differs
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(b.array(), 0, DiskFormat.STATUS_BYTES - 4);
        b.putInt(DiskFormat.STATUS_BYTES - 4, (int) c.getValue());
        assertEquals(Decoded.Problem.VERSION, DiskFormat.decodeStatus(b.array(), 5).problem());
    }

    @Test
    void blocksSitAtMultiplesOfTheBlockSize() {
        assertEquals(0, DiskFormat.offsetOf(0, 512));
        assertEquals(5 * 512, DiskFormat.offsetOf(5, 512));
        assertEquals(16 * 4096, DiskFormat.offsetOf(16, 4096));
        assertEquals(17 * 4096, DiskFormat.deviceBytes(4096));
        assertThrows(IllegalArgumentException.class, () -> DiskFormat.validBlockSize(1000));
    }

    @Test
    void labelLongerThan127BytesIsRefused() {
        String longLabel = "x".repeat(128);
        assertThrows(IllegalArgumentException.class,
                () -> DiskFormat.encodeHeader(new QdiskHeader(1, 512, 16, 0, longLabel, "h")));
        assertDoesNotThrow(() -> DiskFormat.encodeHeader(new QdiskHeader(1, 512, 16, 0, "x".repeat(127), "h")));
    }
}
