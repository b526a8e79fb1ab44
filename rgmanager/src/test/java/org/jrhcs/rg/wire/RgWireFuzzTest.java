package org.jrhcs.rg.wire;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.cman.client.GroupView;
import org.jrhcs.rg.core.placement.Action;
import org.jrhcs.rg.core.placement.Recovery;
import org.jrhcs.rg.core.placement.ServiceSpec;
import org.jrhcs.rg.core.placement.ServiceState;
import org.jrhcs.rg.core.placement.Trigger;
import org.jrhcs.rg.core.state.GroupMessage;
import org.jrhcs.rg.core.state.Input;
import org.jrhcs.rg.core.state.RequestResult;
import org.jrhcs.rg.core.state.RgConfig;
import org.jrhcs.rg.core.state.RgCore;
import org.jrhcs.rg.core.state.ServiceSlot;
import org.junit.jupiter.api.Test;

/**
 * Hostile rgmanager group messages: real messages with fields replaced by hostile values,
 * and messages made of random fields. {@link RgWire#decode} may refuse with a
 * RuntimeException (RgDaemon logs and drops it) but never an Error or a hang; whatever it
 * accepts, {@link RgCore#handle} must take without throwing (its contract: malformed or
 * stale messages are ignored). {@code -Dfuzz.iterations=N} (default 3000).
 */
class RgWireFuzzTest {
    private static final String[] KINDS = {"sync", "snapshot", "exec", "result", "status_failed", "request", "reply",
            "leaving", "fenced", "probe", "lock", "nope"};
    private static final String[] VALUES = {"", "0", "-1", "1", "2", "3", "99", "2147483648", "abc", "service:a",
            "service:b", "service:zzz", "n1", "n2", "ghost", "started", "STOPPED", "failed", "bogus", "start", "stop",
            "relocate", "restart", "1,2", "1,,2", "x,y", "n1,n9", "2000000000", "true", "1:1", ":", "\n", "a=b"};

    private static RgConfig config() {
        Map<String, ServiceSpec> services = new LinkedHashMap<>();
        services.put("service:a", new ServiceSpec("service:a", null, true, false, Recovery.RESTART, 0, 0, null, true));
        services.put("service:b", new ServiceSpec("service:b", null, true, true, Recovery.RELOCATE, 1, 1000, "service:a", true));
        return new RgConfig(List.of(new RgConfig.Node(1, "n1"), new RgConfig.Node(2, "n2"), new RgConfig.Node(3, "n3")),
                services, Map.of());
    }

    private static List<IpcMessage> realMessages() {
        ServiceSlot slot = ServiceSlot.initial("service:a").settle(ServiceState.STARTED, "n1", 5);
        List<GroupMessage> ms = List.of(new GroupMessage.SyncRequest(2, 7),
                new GroupMessage.Snapshot(2, 7, new GroupMessage.TableImage(List.of(slot), Set.of(1), Set.of(), Set.of(), Set.of("n3"), false)),
                new GroupMessage.Exec(new Action.Start("service:a", "n2", Action.Why.TAKEOVER, "n1"), "1:1", 9),
                new GroupMessage.Exec(new Action.Relocate("service:a", "n1", "n2", Action.Why.OPERATOR), null, 9),
                new GroupMessage.Exec(new Action.Stop("service:a", "n1", Action.Why.OPERATOR, ServiceState.DISABLED), null, 9),
                new GroupMessage.Exec(new Action.Refuse("service:a", "no"), "2:3", 9),
                new GroupMessage.Result("service:a", "n1", true, true, true, 10),
                new GroupMessage.StatusFailed("service:a", "n1", 11),
                new GroupMessage.Request("3:1", Trigger.Kind.RELOCATE, "service:a", "n2"),
                new GroupMessage.Reply("3:1", RequestResult.SUCCESS, "n2"), new GroupMessage.Leaving(1),
                new GroupMessage.Fenced("n3"), new GroupMessage.Probe(2, List.of("service:a"), 12),
                new GroupMessage.Lock("1:2", true));
        List<IpcMessage> out = new ArrayList<>();
        for (GroupMessage m : ms) out.add(RgWire.encode(m));
        return out;
    }

    @Test
    void hostileMessagesAreDecodedOrRefusedAndNeverBreakTheCore() {
        RgConfig cfg = config();
        List<IpcMessage> real = realMessages();
        long base = Long.getLong("fuzz.seed", 20261123L);
        int iterations = Integer.getInteger("fuzz.iterations", 3000);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            RgCore core = null;
            for (int i = 0; i < iterations; i++) {
                SplittableRandom r = new SplittableRandom(base + i);
                if (i % 200 == 0) {
                    core = new RgCore(cfg, 1);
                    core.handle(new Input.View(new GroupView("rgmanager", 1, List.of(1, 2), List.of(1, 2), List.of(), List.of(), true, 1)), 1000);
                }
                IpcMessage m = new IpcMessage();
                if (r.nextInt(2) == 0) {
                    real.get(r.nextInt(real.size())).fields().forEach(m::put);
                    List<String> keys = new ArrayList<>(m.fields().keySet());
                    for (int k = 0; k < 1 + r.nextInt(3); k++) m.put(keys.get(r.nextInt(keys.size())), VALUES[r.nextInt(VALUES.length)]);
                } else {
                    m.put("v", r.nextInt(4) == 0 ? VALUES[r.nextInt(VALUES.length)] : "1").put("k", KINDS[r.nextInt(KINDS.length)]);
                    String[] keys = {"node", "nonce", "for", "svc", "req", "t", "action", "node", "to", "from", "why", "after",
                            "op", "ok", "clean", "target", "ret", "owner", "running", "locked", "synced", "svc.count",
                            "svc.0.name", "svc.0.state", "svc.0.owner", "svc.0.restarts", "svc.0.avoid", "svc.0.op"};
                    for (int k = 0; k < r.nextInt(8); k++) m.put(keys[r.nextInt(keys.length)], VALUES[r.nextInt(VALUES.length)]);
                }
                GroupMessage g;
                try {
                    g = RgWire.decode(m);
                } catch (RuntimeException refused) {
                    continue;
                } catch (Throwable t) {
                    fail("seed " + (base + i) + ": RgWire.decode threw " + t + " on " + m, t);
                    return;
                }
                if (g == null) continue;
                try {
                    core.handle(new Input.Delivered(1 + r.nextInt(3), g), 2000 + i);
                } catch (Throwable t) {
                    fail("seed " + (base + i) + ": RgCore.handle threw " + t + " on " + g + " (decoded from " + m + ")", t);
                }
            }
        });
    }
}
