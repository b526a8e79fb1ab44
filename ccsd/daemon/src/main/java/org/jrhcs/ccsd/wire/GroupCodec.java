package org.jrhcs.ccsd.wire;

import org.jrhcs.ccsd.core.ConfigCopy;
import org.jrhcs.ccsd.core.GroupMessage;
import org.jrhcs.ccsd.core.GroupMessage.Ack;
import org.jrhcs.ccsd.core.GroupMessage.Hello;
import org.jrhcs.ccsd.core.GroupMessage.State;
import org.jrhcs.ccsd.core.GroupMessage.Update;
import org.jrhcs.client.ipc.IpcException;
import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.cman.client.CmanWire;

/**
 * The ccsd group messages as the fields cman carries ({@code kind}, {@code version},
 * {@code text}, ...). Version 1 of the format: {@code v=1} in every message, so a
 * later ccsd can tell an old peer apart. A message that does not decode is an
 * {@link IpcException} naming the problem.
 */
public final class GroupCodec {
    public static final int FORMAT = 1;

    private GroupCodec() {}

    public static IpcMessage encode(GroupMessage m) {
        IpcMessage out = new IpcMessage().put("v", FORMAT);
        if (m instanceof Hello h) return copy(out.put("kind", "hello").put("incarnation", h.incarnation()), h.copy());
        if (m instanceof State s) return copy(out.put("kind", "state").put("to", s.to()).put("incarnation", s.incarnation())
                .put("by", s.publishedBy())
                .put("synced", CmanWire.joinInts(s.synced())), s.copy());
        if (m instanceof GroupMessage.Synced y) return copy(out.put("kind", "synced").put("by", y.publishedBy()), y.copy());
        if (m instanceof Update u) return copy(out.put("kind", "update").put("request", u.request()), u.copy());
        Ack a = (Ack) m;
        return out.put("kind", "ack").put("version", a.version()).put("ok", a.ok()).put("error", a.error());
    }

    public static GroupMessage decode(IpcMessage m) {
        long format = m.getLong("v", 0);
        if (format != FORMAT) throw new IpcException("ccsd group message format " + format + " not understood (expected " + FORMAT + ")");
        String kind = m.get("kind", "");
        return switch (kind) {
            case "hello" -> new Hello(copy(m), m.getLong("incarnation", 0));
            case "state" -> new State(m.getInt("to", 0), m.getLong("incarnation", 0), copy(m), m.getInt("by", 0),
                    ints(m, "synced"));
            case "update" -> new Update(m.getLong("request", 0), copy(m));
            case "synced" -> new GroupMessage.Synced(copy(m), m.getInt("by", 0));
            case "ack" -> new Ack(m.getInt("version", 0), m.getBool("ok"), m.get("error"));
            default -> throw new IpcException("unknown ccsd group message kind \"" + kind + "\"");
        };
    }

    /** A list of node ids; a bad one is the same IpcException as any other malformed field (CcsDaemon catches that). */
    private static java.util.List<Integer> ints(IpcMessage m, String key) {
        try {
            return CmanWire.splitInts(m.get(key));
        } catch (NumberFormatException e) {
            throw new IpcException("field " + key + " is not a list of node ids: " + m.get(key));
        }
    }

    private static IpcMessage copy(IpcMessage out, ConfigCopy c) {
        return out.put("version", c.version()).put("text", c.text());
    }

    private static ConfigCopy copy(IpcMessage m) {
        return new ConfigCopy(m.getInt("version", 0), m.get("text"));
    }
}
