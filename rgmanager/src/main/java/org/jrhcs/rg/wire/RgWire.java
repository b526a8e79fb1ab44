package org.jrhcs.rg.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.cman.client.CmanWire;
import org.jrhcs.rg.core.placement.Action;
import org.jrhcs.rg.core.placement.ServiceState;
import org.jrhcs.rg.core.placement.Trigger;
import org.jrhcs.rg.core.state.GroupMessage;
import org.jrhcs.rg.core.state.RequestResult;
import org.jrhcs.rg.core.state.ServiceSlot;

/**
 * The rgmanager group messages as the fields of a cman group message. Field {@code k}
 * names the kind, {@code v} the format version; a member ignores a message of a newer
 * version or an unknown kind (decode returns null) so mixed versions degrade safely.
 */
public final class RgWire {
    public static final int VERSION = 1;

    private RgWire() {}

    public static IpcMessage encode(GroupMessage g) {
        IpcMessage m = new IpcMessage().put("v", VERSION);
        if (g instanceof GroupMessage.SyncRequest r) {
            m.put("k", "sync").put("node", r.node()).put("nonce", r.nonce());
        } else if (g instanceof GroupMessage.Snapshot s) {
                m.put("k", "snapshot").put("for", s.forNode()).put("nonce", s.nonce());
                GroupMessage.TableImage i = s.image();
                m.put("synced", CmanWire.joinInts(List.copyOf(i.synced()))).put("unprobed", CmanWire.joinInts(List.copyOf(i.unprobed())))
                        .put("leaving", CmanWire.joinInts(List.copyOf(i.leaving())))
                        .put("awaiting_fence", String.join(",", i.awaitingFence())).put("locked", i.locked()).put("stamp", i.stamp())
                        .put("cold_unknown", String.join(",", i.coldUnknown()));
                List<Map<String, String>> items = new ArrayList<>();
                for (ServiceSlot s1 : i.services()) items.add(slot(s1));
                m.putList("svc", items);
                List<Map<String, String>> strays = new ArrayList<>();
                i.strays().forEach((svc, nodes) -> nodes.forEach(n -> strays.add(Map.of("svc", svc, "node", n))));
                m.putList("stray", strays);
        } else if (g instanceof GroupMessage.Exec e) {
                m.put("k", "exec").put("req", e.request()).put("t", e.time());
                action(m, e.action());
        } else if (g instanceof GroupMessage.Result r) {
            m.put("k", "result").put("svc", r.service()).put("node", r.node())
                    .put("op", r.start() ? "start" : "stop").put("ok", r.ok()).put("clean", r.clean()).put("t", r.time());
        } else if (g instanceof GroupMessage.Stopped st) {
            m.put("k", "stopped").put("svc", st.service()).put("node", st.node()).put("ok", st.ok()).put("t", st.time());
        } else if (g instanceof GroupMessage.StatusFailed f) {
            m.put("k", "status_failed").put("svc", f.service()).put("node", f.node()).put("t", f.time());
        } else if (g instanceof GroupMessage.Request r) {
            m.put("k", "request").put("req", r.id()).put("action", r.kind().name().toLowerCase(Locale.ROOT))
                    .put("svc", r.service()).put("target", r.target());
        } else if (g instanceof GroupMessage.Reply r) {
            m.put("k", "reply").put("req", r.id()).put("ret", r.result().name()).put("owner", r.owner());
        } else if (g instanceof GroupMessage.Resync r) {
            m.put("k", "resync").put("node", r.node());
        } else if (g instanceof GroupMessage.TableHeld h) {
            m.put("k", "table_held").put("node", h.node()).put("holders", h.holders()).put("master", h.master());
        } else if (g instanceof GroupMessage.Leaving l) {
            m.put("k", "leaving").put("node", l.node());
        } else if (g instanceof GroupMessage.Fenced f) {
            m.put("k", "fenced").put("node", f.node());
        } else if (g instanceof GroupMessage.Probe p) {
            m.put("k", "probe").put("node", p.node()).put("running", String.join(",", p.running())).put("t", p.time());
        } else if (g instanceof GroupMessage.ConfigChange c) {
            m.put("k", "config").put("version", c.version());
        } else if (g instanceof GroupMessage.Lock l) {
            m.put("k", "lock").put("req", l.id()).put("locked", l.locked());
        }
        return m;
    }

    /** The message, or null when it is of a newer version or an unknown kind. Malformed fields throw IllegalArgumentException. */
    public static GroupMessage decode(IpcMessage m) {
        if (m.getInt("v", VERSION) > VERSION) return null;
        String k = m.get("k");
        if (k == null) return null;
        return switch (k) {
            case "sync" -> new GroupMessage.SyncRequest(m.getInt("node", 0), m.getLong("nonce", 0));
            case "snapshot" -> {
                // a count no field backs up must not make IpcMessage.list allocate without bound
                if (m.count("svc") < 0 || m.count("svc") > m.fields().size())
                    throw new IllegalArgumentException("snapshot claims " + m.get("svc.count") + " services");
                if (m.count("stray") < 0 || m.count("stray") > m.fields().size())
                    throw new IllegalArgumentException("snapshot claims " + m.get("stray.count") + " stray copies");
                List<ServiceSlot> slots = new ArrayList<>();
                for (Map<String, String> f : m.list("svc")) slots.add(slot(f));
                Map<String, Set<String>> strays = new LinkedHashMap<>();
                for (Map<String, String> f : m.list("stray"))
                    strays.computeIfAbsent(need(f, "svc"), x -> new LinkedHashSet<>()).add(need(f, "node"));
                yield new GroupMessage.Snapshot(m.getInt("for", 0), m.getLong("nonce", 0), new GroupMessage.TableImage(slots,
                        Set.copyOf(CmanWire.splitInts(m.get("synced"))), Set.copyOf(CmanWire.splitInts(m.get("unprobed"))),
                        Set.copyOf(CmanWire.splitInts(m.get("leaving"))), new LinkedHashSet<>(CmanWire.splitStrings(m.get("awaiting_fence"))),
                        m.getBool("locked"), m.getLong("stamp", 0), new LinkedHashSet<>(CmanWire.splitStrings(m.get("cold_unknown"))), strays));
            }
            case "exec" -> new GroupMessage.Exec(action(m), m.get("req"), m.getLong("t", 0));
            case "result" -> new GroupMessage.Result(need(m, "svc"), need(m, "node"), "start".equals(m.get("op")), m.getBool("ok"),
                    m.getBool("clean"), m.getLong("t", 0));
            case "stopped" -> new GroupMessage.Stopped(need(m, "svc"), need(m, "node"), m.getBool("ok"), m.getLong("t", 0));
            case "status_failed" -> new GroupMessage.StatusFailed(need(m, "svc"), need(m, "node"), m.getLong("t", 0));
            case "request" -> new GroupMessage.Request(need(m, "req"), Trigger.Kind.valueOf(need(m, "action").toUpperCase(Locale.ROOT)),
                    need(m, "svc"), m.get("target"));
            case "reply" -> new GroupMessage.Reply(need(m, "req"), RequestResult.valueOf(need(m, "ret")), m.get("owner"));
            case "resync" -> new GroupMessage.Resync(m.getInt("node", 0));
            case "table_held" -> new GroupMessage.TableHeld(m.getInt("node", 0), m.getInt("holders", 0), m.getInt("master", 0));
            case "leaving" -> new GroupMessage.Leaving(m.getInt("node", 0));
            case "fenced" -> new GroupMessage.Fenced(need(m, "node"));
            case "probe" -> new GroupMessage.Probe(m.getInt("node", 0), CmanWire.splitStrings(m.get("running")), m.getLong("t", 0));
            case "lock" -> new GroupMessage.Lock(need(m, "req"), m.getBool("locked"));
            case "config" -> new GroupMessage.ConfigChange(m.getInt("version", 0));
            default -> null;
        };
    }

    private static void action(IpcMessage m, Action a) {
        m.put("svc", a.service());
        if (a instanceof Action.Start s) {
            m.put("act", "start").put("node", s.node()).put("why", s.why().name()).put("from", s.from());
        } else if (a instanceof Action.Stop s) {
            m.put("act", "stop").put("node", s.node()).put("why", s.why().name()).put("after", s.after().name());
        } else if (a instanceof Action.Relocate r) {
            m.put("act", "relocate").put("from", r.from()).put("to", r.to()).put("why", r.why().name());
        } else if (a instanceof Action.Restart r) {
            m.put("act", "restart").put("node", r.node()).put("why", r.why().name());
        } else if (a instanceof Action.SetState s) {
            m.put("act", "set").put("state", s.state().name()).put("frozen", s.frozen());
        } else if (a instanceof Action.Refuse r) {
            m.put("act", "refuse").put("reason", r.reason()).put("code", r.code().name());
        }
    }

    private static Action action(IpcMessage m) {
        String svc = need(m, "svc");
        return switch (need(m, "act")) {
            case "start" -> new Action.Start(svc, need(m, "node"), Action.Why.valueOf(need(m, "why")), m.get("from"));
            case "stop" -> new Action.Stop(svc, need(m, "node"), Action.Why.valueOf(need(m, "why")), ServiceState.valueOf(need(m, "after")));
            case "relocate" -> new Action.Relocate(svc, need(m, "from"), need(m, "to"), Action.Why.valueOf(need(m, "why")));
            case "restart" -> new Action.Restart(svc, need(m, "node"), Action.Why.valueOf(need(m, "why")));
            case "set" -> new Action.SetState(svc, ServiceState.valueOf(need(m, "state")), m.getBool("frozen"));
            case "refuse" -> new Action.Refuse(svc, m.get("reason", ""), Action.Refusal.valueOf(m.get("code", "INVALID")));
            default -> throw new IllegalArgumentException("unknown action " + m.get("act"));
        };
    }

    private static Map<String, String> slot(ServiceSlot s) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("name", s.name());
        f.put("state", s.state().name());
        if (s.owner() != null) f.put("owner", s.owner());
        if (s.lastOwner() != null) f.put("last", s.lastOwner());
        if (!s.restarts().isEmpty()) f.put("restarts", String.join(",", s.restarts().stream().map(String::valueOf).toList()));
        if (s.frozen()) f.put("frozen", "1");
        f.put("t", Long.toString(s.lastTransition()));
        if (s.op() != ServiceSlot.Op.NONE) f.put("op", s.op().name());
        if (s.target() != null) f.put("target", s.target());
        if (s.why() != null) f.put("why", s.why().name());
        if (s.after() != null) f.put("after", s.after().name());
        if (s.from() != null) f.put("from", s.from());
        if (s.request() != null) f.put("req", s.request());
        if (!s.avoid().isEmpty()) f.put("avoid", String.join(",", s.avoid()));
        return f;
    }

    private static ServiceSlot slot(Map<String, String> f) {
        List<Long> restarts = new ArrayList<>();
        for (String t : CmanWire.splitStrings(f.get("restarts"))) restarts.add(Long.parseLong(t));
        String why = f.get("why"), after = f.get("after");
        return new ServiceSlot(f.get("name"), ServiceState.valueOf(f.get("state")), f.get("owner"), f.get("last"), restarts,
                "1".equals(f.get("frozen")), Long.parseLong(f.getOrDefault("t", "0")),
                ServiceSlot.Op.valueOf(f.getOrDefault("op", "NONE")), f.get("target"),
                why == null ? null : Action.Why.valueOf(why), after == null ? null : ServiceState.valueOf(after),
                f.get("from"), f.get("req"), new LinkedHashSet<>(CmanWire.splitStrings(f.get("avoid"))));
    }

    private static String need(Map<String, String> f, String key) {
        String v = f.get(key);
        if (v == null || v.isEmpty()) throw new IllegalArgumentException("rgmanager snapshot entry without " + key);
        return v;
    }

    private static String need(IpcMessage m, String key) {
        String v = m.get(key);
        if (v == null || v.isEmpty()) throw new IllegalArgumentException("rgmanager message " + m.get("k") + " without " + key);
        return v;
    }
}
