package org.jrhcs.client.ipc;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IpcCodecTest {
    @Test void roundTripKeepsEveryField() throws IOException {
        IpcMessage m = IpcMessage.request("status").put("text", "line1\nline2\\x\r").put("n", 42)
                .putList("node", List.of(Map.of("id", "1"), Map.of("id", "2")));
        IpcMessage back = IpcCodec.read(new ByteArrayInputStream(IpcCodec.encode(m)));
        assertEquals(m, back);
        assertEquals("line1\nline2\\x\r", back.get("text"));
        assertEquals(2, back.list("node").size());
    }

    @Test void rejectsOversizedFrameWithoutAllocating() {
        byte[] header = ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array();
        IpcException e = assertThrows(IpcException.class, () -> IpcCodec.read(new ByteArrayInputStream(header)));
        assertTrue(e.getMessage().contains("bad frame length"), e.getMessage());
    }

    @Test void rejectsWrongVersionTruncationAndGarbage() {
        assertThrows(IpcException.class, () -> IpcCodec.decodeBody(new byte[] {9, 'a', '=', 'b'}));
        assertThrows(IpcException.class, () -> IpcCodec.decodeBody(new byte[] {1, 'n', 'o', 'e', 'q'}));
        assertThrows(IpcException.class, () -> IpcCodec.decodeBody(new byte[] {1, 'a', '=', (byte) 0xff}));
        byte[] truncated = ByteBuffer.allocate(6).putInt(10).put((byte) 1).put((byte) 'a').array();
        assertThrows(IpcException.class, () -> IpcCodec.read(new ByteArrayInputStream(truncated)));
    }

    /** Seeded fuzzing: random mutations of valid frames either decode or fail with an IpcException, never anything else. */
    @Test void fuzzedFramesFailCleanly() {
        Random random = new Random(20261123L);
        byte[] valid = IpcCodec.encode(IpcMessage.request("group_send").put("group", "rgmanager").put("m.x", "a\nb"));
        int rejected = 0;
        for (int i = 0; i < 20000; i++) {
            byte[] f = valid.clone();
            int flips = 1 + random.nextInt(4);
            for (int j = 0; j < flips; j++) f[random.nextInt(f.length)] = (byte) random.nextInt(256);
            if (random.nextInt(5) == 0) f = java.util.Arrays.copyOf(f, random.nextInt(f.length));
            try {
                IpcCodec.read(new ByteArrayInputStream(f));
            } catch (IpcException e) {
                rejected++;
            } catch (IOException | RuntimeException e) {
                fail("frame " + java.util.HexFormat.of().formatHex(f) + " escaped as " + e);
            }
        }
        assertTrue(rejected > 1000, "the fuzzer must reach the error paths (rejected " + rejected + ")");
    }
}
