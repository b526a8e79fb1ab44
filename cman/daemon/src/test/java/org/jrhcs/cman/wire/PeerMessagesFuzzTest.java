package org.jrhcs.cman.wire;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.jrhcs.client.ipc.IpcException;
import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.cman.core.ClusterCore;
import org.jrhcs.cman.core.CmanConfig;
import org.jrhcs.cman.core.NodeConf;
import org.junit.jupiter.api.Test;

/**
 * Hostile cluster traffic: random and mutated peer frames must decode or be refused with
 * an {@link IpcException} (CmanDaemon drops those), and whatever decodes — plus messages
 * built from hostile field values — must never make {@link ClusterCore} throw: its
 * contract is to ignore malformed peer messages. {@code -Dfuzz.iterations=N} (default 5000).
 */
class PeerMessagesFuzzTest {
    private static final String[] TYPES = {PeerMessages.HELLO, PeerMessages.LEAVE, PeerMessages.KILL, PeerMessages.VOTES,
            PeerMessages.EXPECTED, PeerMessages.GJOIN, PeerMessages.GLEAVE, PeerMessages.GMSG, "bogus", ""};
    private static final String[] KEYS = {"name", "id", "token", "cluster", "cluster_id", "config_version", "votes",
            "expected", "groups", "dropped", "remove", "target", "by", "reason", "nodeid", "group", "failed", "m.x"};
    private static final String[] VALUES = {"", "0", "-1", "1", "2", "3", "2147483648", "-2147483649", "abc", "n1", "n2",
            "n3", "ghost", "sim", "other", "1:t1", "2:x,1:y", ",,,", "fence,rgmanager", "1", "true", "\u00e9"};

    private static CmanConfig config() {
        return new CmanConfig("sim", 7, 1, List.of(new NodeConf(1, "n1", 1), new NodeConf(2, "n2", 1), new NodeConf(3, "n3", 1)),
                3, false, 10_000, true, 10_000, false, 10_000);
    }

    @Test
    void hostilePeerMessagesNeverBreakTheCore() {
        long base = Long.getLong("fuzz.seed", 20261123L);
        int iterations = Integer.getInteger("fuzz.iterations", 5000);
        byte[][] real = {
                PeerMessages.encode(PeerMessages.hello("n2", 2, "t2", "sim", 7, 1, 1, 3, List.of("fence"))),
                PeerMessages.encode(PeerMessages.kill("n1", 2, "why")),
                PeerMessages.encode(PeerMessages.votes(1, 5)),
                PeerMessages.encode(PeerMessages.groupMessage("fence", new IpcMessage().put("m.type", "fenced")))};
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            ClusterCore core = null;
            long now = 1_000_000;
            for (int i = 0; i < iterations; i++) {
                SplittableRandom r = new SplittableRandom(base + i);
                if (i % 300 == 0) {
                    core = new ClusterCore(config(), "n1", "t1", now);
                    core.onView(0, List.of("n1"), now);
                    core.onMessage("n1", PeerMessages.hello("n1", 1, "t1", "sim", 7, 1, 1, 3, List.of()), now);
                    core.groupJoin("fence");
                }
                now += r.nextInt(2000);
                IpcMessage m;
                if (r.nextInt(3) == 0) { // bytes on the wire
                    byte[] f = real[r.nextInt(real.length)].clone();
                    for (int k = 0; k < 1 + r.nextInt(4); k++) f[r.nextInt(f.length)] = (byte) r.nextInt(256);
                    if (r.nextInt(4) == 0) f = java.util.Arrays.copyOf(f, r.nextInt(f.length + 1));
                    try {
                        m = PeerMessages.decode(f);
                    } catch (IpcException refused) {
                        continue;
                    } catch (Throwable t) {
                        fail("seed " + (base + i) + ": PeerMessages.decode threw " + t, t);
                        return;
                    }
                } else {
                    m = new IpcMessage().put(PeerMessages.TYPE, TYPES[r.nextInt(TYPES.length)]);
                    for (int k = 0; k < r.nextInt(10); k++) m.put(KEYS[r.nextInt(KEYS.length)], VALUES[r.nextInt(VALUES.length)]);
                }
                String from = VALUES[r.nextInt(VALUES.length)];
                try {
                    if (r.nextInt(20) == 0) core.onView(i + 1, List.of("n1", from), now);
                    core.onMessage(from, m, now);
                    if (r.nextInt(10) == 0) core.onTick(now);
                } catch (Throwable t) {
                    fail("seed " + (base + i) + ": ClusterCore threw " + t + " on a message from " + from + ": " + m, t);
                }
            }
        });
    }
}
