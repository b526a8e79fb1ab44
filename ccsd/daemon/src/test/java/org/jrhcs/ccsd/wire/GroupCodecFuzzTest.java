package org.jrhcs.ccsd.wire;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.jrhcs.ccsd.core.CcsdCore;
import org.jrhcs.ccsd.core.ConfigCopy;
import org.jrhcs.ccsd.core.GroupMessage;
import org.jrhcs.ccsd.core.Input;
import org.jrhcs.client.ipc.IpcException;
import org.jrhcs.client.ipc.IpcMessage;
import org.junit.jupiter.api.Test;

/**
 * Hostile ccsd group messages: {@link GroupCodec#decode} returns a message or refuses with
 * an {@link IpcException} — the one exception CcsDaemon catches — and whatever decodes
 * must never make {@link CcsdCore} throw. {@code -Dfuzz.iterations=N} (default 5000).
 */
class GroupCodecFuzzTest {
    private static final String[] KEYS = {"v", "kind", "version", "text", "incarnation", "to", "by", "synced", "request",
            "ok", "error"};
    private static final String[] VALUES = {"", "0", "-1", "1", "2", "3", "2147483648", "abc", "hello", "state", "update",
            "ack", "bogus", "1,2", "1,,x", "<cluster/>", "true"};

    @Test
    void hostileGroupMessagesAreRefusedCleanly() {
        long base = Long.getLong("fuzz.seed", 20261123L);
        int iterations = Integer.getInteger("fuzz.iterations", 5000);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            CcsdCore core = null;
            for (int i = 0; i < iterations; i++) {
                SplittableRandom r = new SplittableRandom(base + i);
                if (i % 300 == 0) {
                    core = new CcsdCore(new ConfigCopy(3, "<cluster config_version=\"3\"/>"), 1 + i);
                    core.handle(new Input.View(List.of(1, 2), List.of(1, 2), 1, true));
                }
                IpcMessage m = new IpcMessage();
                if (r.nextInt(4) != 0) m.put("v", "1");
                for (int k = 0; k < r.nextInt(8); k++) m.put(KEYS[r.nextInt(KEYS.length)], VALUES[r.nextInt(VALUES.length)]);
                GroupMessage g;
                try {
                    g = GroupCodec.decode(m);
                } catch (IpcException refused) {
                    continue;
                } catch (Throwable t) {
                    fail("seed " + (base + i) + ": GroupCodec.decode threw " + t + " (CcsDaemon catches only IpcException) on " + m, t);
                    return;
                }
                try {
                    core.handle(new Input.Delivered(1 + r.nextInt(3), g));
                } catch (Throwable t) {
                    fail("seed " + (base + i) + ": CcsdCore threw " + t + " on " + g, t);
                }
            }
        });
    }
}
