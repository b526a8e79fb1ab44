package org.jrhcs.fence.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.fence.core.FenceMessage;
import org.junit.jupiter.api.Test;

class FenceWireTest {
    @Test
    void messagesRoundTrip() {
        FenceMessage f = new FenceMessage.Fenced(2, "web2", 1234567890123L, FenceMessage.How.OVERRIDE, 1, 7);
        FenceMessage r = new FenceMessage.Request(3, "web3", 1);
        assertEquals(f, FenceWire.decode(FenceWire.encode(f)));
        assertEquals(r, FenceWire.decode(FenceWire.encode(r)));
        assertEquals("type=fenced v=1 victim=2 name=web2 time=1234567890123 how=override by=1 inc=7",
                String.join(" ", FenceWire.encode(f).fields().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
    }

    @Test
    void unknownTypesAndNewerVersionsAreIgnoredAndMalformedOnesRejected() {
        assertNull(FenceWire.decode(new IpcMessage().put("type", "gossip")));
        assertNull(FenceWire.decode(new IpcMessage().put("type", "fenced").put("v", 2).put("name", "x")));
        assertThrows(IllegalArgumentException.class, () -> FenceWire.decode(new IpcMessage().put("type", "fenced").put("victim", 2)));
        assertThrows(RuntimeException.class, () -> FenceWire.decode(new IpcMessage().put("type", "fenced").put("name", "a").put("how", "magic")));
    }
}
