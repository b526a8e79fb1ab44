package org.jrhcs.fence.daemon;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.client.ipc.IpcServer;
import org.jrhcs.fence.agent.NodeFencer;
import org.jrhcs.fence.client.FencedClient;
import org.jrhcs.fence.core.DomainStatus;

/**
 * fenced's two local sockets. Read-only {@code fenced.sock}: {@code ls}, {@code fenced_last},
 * {@code dump}. Admin {@code fenced-admin.sock}: {@code join}, {@code leave}, {@code ack},
 * {@code fence_node}. Ops and fields are documented in {@link FencedClient}.
 */
public final class FencedServer implements AutoCloseable {
    private final FencedDaemon daemon;
    private final IpcServer query;
    private final IpcServer admin;

    public FencedServer(ClusterRoot root, FencedDaemon daemon) throws IOException {
        this.daemon = daemon;
        this.query = new IpcServer(root.socket(FencedClient.DAEMON), false, this::handleQuery).start("fenced");
        this.admin = new IpcServer(root.adminSocket(FencedClient.DAEMON), true, this::handleAdmin).start("fenced-admin");
    }

    private IpcMessage handleQuery(IpcMessage req, IpcServer.Connection conn) {
        switch (req.op()) {
            case "ls": return ls(daemon.query(c -> c.status()));
            case "fenced_last": {
                String name = victim(req);
                IpcMessage reply = IpcMessage.ok();
                daemon.query(c -> FencedDaemon.lastFence(c, name)).fields().forEach(reply::put);
                return reply;
            }
            case "subscribe":
                daemon.subscribe(conn);
                return null; // the reply is the subscription's first message
            case "dump": {
                List<Map<String, String>> lines = new ArrayList<>();
                for (String l : daemon.dump()) lines.add(Map.of("text", l));
                return IpcMessage.ok().putList("line", lines);
            }
            default: return IpcMessage.error("unknown request \"" + req.op() + "\" on the read-only socket");
        }
    }

    private IpcMessage handleAdmin(IpcMessage req, IpcServer.Connection conn) {
        switch (req.op()) {
            case "join":
                daemon.join();
                return IpcMessage.ok();
            case "leave":
                daemon.leave();
                return IpcMessage.ok();
            case "ack": {
                String refusal = daemon.ackManual(victim(req));
                return refusal == null ? IpcMessage.ok() : IpcMessage.error(refusal);
            }
            case "fence_node": {
                String name = victim(req);
                if (!req.getBool("wait")) {
                    String refusal = daemon.requestFence(name);
                    return refusal == null ? IpcMessage.ok().put("result", "requested") : IpcMessage.error(refusal);
                }
                List<String> report = new ArrayList<>();
                NodeFencer.Result r = daemon.fenceNow(name, report);
                List<Map<String, String>> lines = report.stream().map(l -> Map.of("text", l)).toList();
                return IpcMessage.ok().put("result", r.name().toLowerCase()).putList("device", lines);
            }
            default:
                return handleQuery(req, conn);
        }
    }

    private static String victim(IpcMessage req) {
        String v = req.get("victim");
        if (v == null || v.isEmpty()) throw new IllegalArgumentException(req.op() + ": no victim= field");
        return v;
    }

    static IpcMessage ls(DomainStatus s) {
        IpcMessage m = IpcMessage.ok().put("joined", s.joined()).put("current_victim", s.currentVictim())
                .put("master", s.master()).put("wait_state", s.waitState());
        m.putList("member", s.members().stream().map(id -> Map.of("id", Integer.toString(id))).toList());
        m.putList("victim", s.victims().stream().map(v -> Map.of("id", Integer.toString(v.nodeId()), "name", v.name(),
                "reason", v.reason())).toList());
        m.putList("node", s.nodes().stream().map(n -> Map.of("id", Integer.toString(n.nodeId()), "name", n.name(),
                "member", n.member() ? "1" : "0", "victim", n.victim() ? "1" : "0",
                "last_by", Integer.toString(n.lastFencedBy()), "last_how", n.lastHow(),
                "last_time", Long.toString(n.lastTime()))).toList());
        return m;
    }

    @Override public void close() {
        query.close();
        admin.close();
    }
}
