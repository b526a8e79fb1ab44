package org.jrhcs.fence.wire;

import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.fence.core.FenceMessage;

/**
 * Group messages of the fence domain as {@link IpcMessage} fields (cman carries them as
 * {@code m.*} fields). Version 1:
 * <pre>
 *   type=fenced  v=1 victim=NODEID name=NAME time=EPOCH_MS how=agent|override|external by=NODEID inc=INCARNATION
 *   type=request v=1 victim=NODEID name=NAME by=NODEID
 * </pre>
 * {@code inc} (the victim's cman incarnation the fence was aimed at) may be absent: it then
 * reads as -1, "no cluster member", which never spares a later failure of the node a fence
 * (the safe side).
 * A message of an unknown type or a newer major version decodes to null (ignored, logged
 * by the daemon), so a mixed-version domain keeps working.
 */
public final class FenceWire {
    public static final int VERSION = 1;

    private FenceWire() {}

    public static IpcMessage encode(FenceMessage m) {
        IpcMessage out = new IpcMessage();
        if (m instanceof FenceMessage.Fenced f) out.put("type", "fenced").put("v", VERSION).put("victim", f.victimId())
                    .put("name", f.name()).put("time", f.time()).put("how", f.how().word()).put("by", f.by())
                    .put("inc", f.incarnation());
        else if (m instanceof FenceMessage.Request r) out.put("type", "request").put("v", VERSION).put("victim", r.victimId())
                    .put("name", r.name()).put("by", r.by());
        return out;
    }

    /** @throws IllegalArgumentException for a malformed message of a known type */
    public static FenceMessage decode(IpcMessage m) {
        if (m.getInt("v", VERSION) > VERSION) return null;
        String type = m.get("type");
        if ("fenced".equals(type))
            return new FenceMessage.Fenced(m.getInt("victim", 0), required(m, "name"), m.getLong("time", 0),
                    FenceMessage.How.parse(m.get("how", "agent")), m.getInt("by", 0), m.getLong("inc", -1));
        if ("request".equals(type))
            return new FenceMessage.Request(m.getInt("victim", 0), required(m, "name"), m.getInt("by", 0));
        return null;
    }

    private static String required(IpcMessage m, String key) {
        String v = m.get(key);
        if (v == null || v.isEmpty()) throw new IllegalArgumentException("fence message without " + key + ": " + m);
        return v;
    }
}
