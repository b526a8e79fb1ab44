package org.jrhcs.cman.wire;

import java.util.Collection;
import java.util.List;
import org.jrhcs.client.ipc.IpcCodec;
import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.cman.client.CmanWire;

/**
 * Messages between cman daemons over the cluster channel. Each is an {@link IpcMessage}
 * (the same versioned key=value frame as the local sockets) whose {@code type} field
 * names it:
 * <ul>
 * <li>{@code hello}: sent by every member after every view change: who I am (name, id,
 *     process token), my cluster, config version, votes, expected votes, and the process
 *     groups my local daemons have asked to be in (as of this message's place in the total order).
 * <li>{@code leave}: I am about to leave cleanly ({@code remove=1}: lower expected votes).
 * <li>{@code kill}: node {@code target} must leave at once ({@code reason}).
 * <li>{@code votes}, {@code expected}: run-time vote changes.
 * <li>{@code version}: {@code cman_tool version -r}: every node loads config version {@code config_version}.
 * <li>{@code gjoin}, {@code gleave} ({@code failed=1} when the local daemon vanished),
 *     {@code gmsg} (payload under {@code m.}): process groups.
 * </ul>
 */
public final class PeerMessages {
    private PeerMessages() {}

    public static final String TYPE = "type";
    public static final String HELLO = "hello", LEAVE = "leave", KILL = "kill", VOTES = "votes",
            EXPECTED = "expected", VERSION = "version", GJOIN = "gjoin", GLEAVE = "gleave", GMSG = "gmsg";

    public static IpcMessage hello(String name, int id, String token, String cluster, int clusterId, int configVersion,
                                   int votes, int expected, Collection<String> groups) {
        return of(HELLO).put("name", name).put("id", id).put("token", token).put("cluster", cluster)
                .put("cluster_id", clusterId).put("config_version", configVersion).put("votes", votes)
                .put("expected", expected).put("groups", CmanWire.joinStrings(List.copyOf(groups)));
    }

    public static IpcMessage leave(boolean remove) { return of(LEAVE).put("remove", remove); }

    public static IpcMessage kill(String target, int byNodeId, String reason) {
        return of(KILL).put("target", target).put("by", byNodeId).put("reason", reason);
    }

    public static IpcMessage votes(int nodeId, int votes) { return of(VOTES).put("nodeid", nodeId).put("votes", votes); }

    public static IpcMessage expected(int votes) { return of(EXPECTED).put("votes", votes); }

    public static IpcMessage version(int configVersion) { return of(VERSION).put("config_version", configVersion); }

    public static IpcMessage groupJoin(String group) { return of(GJOIN).put("group", group); }

    public static IpcMessage groupLeave(String group, boolean failed) {
        return of(GLEAVE).put("group", group).put("failed", failed);
    }

    /** @param payload fields already prefixed with {@code m.} */
    public static IpcMessage groupMessage(String group, IpcMessage payload) {
        IpcMessage m = of(GMSG).put("group", group);
        payload.fields().forEach((k, v) -> { if (k.startsWith("m.")) m.put(k, v); });
        return m;
    }

    private static IpcMessage of(String type) { return new IpcMessage().put(TYPE, type); }

    public static byte[] encode(IpcMessage m) { return IpcCodec.encode(m); }

    /** Decodes a frame produced by {@link #encode}; throws IpcException on a malformed one. */
    public static IpcMessage decode(byte[] frame) {
        if (frame.length < 4) throw new org.jrhcs.client.ipc.IpcException("short peer frame");
        byte[] body = new byte[frame.length - 4];
        System.arraycopy(frame, 4, body, 0, body.length);
        return IpcCodec.decodeBody(body);
    }
}
