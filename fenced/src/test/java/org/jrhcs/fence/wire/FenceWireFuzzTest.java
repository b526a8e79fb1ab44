package org.jrhcs.fence.wire;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Map;
import java.util.SplittableRandom;
import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.cman.client.GroupView;
import org.jrhcs.fence.core.DeviceCall;
import org.jrhcs.fence.core.FenceConfig;
import org.jrhcs.fence.core.FenceCore;
import org.jrhcs.fence.core.FenceMessage;
import org.jrhcs.fence.core.FenceSettings;
import org.jrhcs.fence.core.Input;
import org.jrhcs.fence.core.NodeFencing;
import org.junit.jupiter.api.Test;

/**
 * Hostile fence domain messages: {@link FenceWire#decode} returns a message, null (unknown
 * type or newer version) or throws a RuntimeException (FencedDaemon logs and drops it);
 * whatever decodes must never make {@link FenceCore} throw. {@code -Dfuzz.iterations=N}.
 */
class FenceWireFuzzTest {
    private static final String[] KEYS = {"type", "v", "victim", "name", "time", "how", "by"};
    private static final String[] VALUES = {"", "0", "-1", "1", "2", "3", "99", "2", "9223372036854775808", "abc",
            "fenced", "request", "n1", "n2", "ghost", "agent", "override", "external", "bogus", "\n"};

    @Test
    void hostileDomainMessagesNeverBreakTheSequencer() {
        NodeFencing.Method m = new NodeFencing.Method("1", List.of(DeviceCall.of("power", "fence_dummy", Map.of())));
        FenceConfig cfg = FenceConfig.of(new FenceSettings(3000, 0, false, 3000, false), List.of(
                new NodeFencing(1, "n1", List.of(m), List.of()), new NodeFencing(2, "n2", List.of(m), List.of()),
                new NodeFencing(3, "n3", List.of(), List.of())));
        long base = Long.getLong("fuzz.seed", 20261123L);
        int iterations = Integer.getInteger("fuzz.iterations", 5000);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            FenceCore core = null;
            long now = 1_000_000;
            for (int i = 0; i < iterations; i++) {
                SplittableRandom r = new SplittableRandom(base + i);
                if (i % 300 == 0) {
                    core = new FenceCore(cfg, 1);
                    core.handle(new Input.ViewChanged(new GroupView("fence", 1, List.of(1, 2), List.of(1, 2), List.of(),
                            List.of(), true, 1), Map.of(1, 1L, 2, 2L)), now);
                    core.handle(new Input.ViewChanged(new GroupView("fence", 2, List.of(1), List.of(), List.of(),
                            List.of(2), true, 1), Map.of(1, 1L)), now);
                }
                now += r.nextInt(3000);
                IpcMessage msg = new IpcMessage();
                for (int k = 0; k < r.nextInt(8); k++) msg.put(KEYS[r.nextInt(KEYS.length)], VALUES[r.nextInt(VALUES.length)]);
                FenceMessage fm;
                try {
                    fm = FenceWire.decode(msg);
                } catch (RuntimeException refused) {
                    continue;
                } catch (Throwable t) {
                    fail("seed " + (base + i) + ": FenceWire.decode threw " + t + " on " + msg, t);
                    return;
                }
                try {
                    if (fm != null) core.handle(new Input.Delivered(1 + r.nextInt(3), fm), now);
                    if (r.nextInt(5) == 0) core.handle(new Input.Tick(Map.of(1, 1L)), now);
                    if (r.nextInt(7) == 0) core.handle(new Input.AgentDone(r.nextInt(5), r.nextInt(2) == 0, "x"), now);
                } catch (Throwable t) {
                    fail("seed " + (base + i) + ": FenceCore threw " + t + " on " + fm + " (from " + msg + ")", t);
                }
            }
        });
    }
}
