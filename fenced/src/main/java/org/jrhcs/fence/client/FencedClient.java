package org.jrhcs.fence.client;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.client.ipc.IpcClient;
import org.jrhcs.client.ipc.IpcException;
import org.jrhcs.client.ipc.IpcMessage;

/**
 * The local fenced, as tools and other daemons reach it (JDK only).
 *
 * <p>Read-only socket {@code var/run/cluster/fenced.sock}:
 * <ul>
 *   <li>{@code ls} → {@code joined}, {@code current_victim}, {@code master}, {@code wait_state},
 *       lists {@code member.N.id}, {@code victim.N.{id,name,reason}},
 *       {@code node.N.{id,name,member,victim,last_by,last_how,last_time}}</li>
 *   <li>{@code fenced_last victim=NAME} → {@code time} (epoch ms of the last fence this domain
 *       saw, 0 if none), {@code how} (agent, override, external, none), {@code pending} (1 while
 *       NAME is a victim). rgmanager takes over a failed node's services only once the node is
 *       not pending and {@code time} is later than its failure.</li>
 *   <li>{@code dump} → list {@code line.N.text}, the daemon's recent log</li>
 * </ul>
 * Admin socket {@code fenced-admin.sock} (root): {@code join}, {@code leave},
 * {@code ack victim=NAME} (fence_ack_manual; error when no fencing of NAME is pending),
 * {@code fence_node victim=NAME wait=1} (one pass through the methods now; {@code result}
 * success, failed or undefined, list {@code device.N.text}) or {@code wait=0} (queue a
 * domain fence with retries: qdiskd and cman use this).
 */
public final class FencedClient {
    public static final String DAEMON = "fenced";

    private final ClusterRoot root;

    public FencedClient(ClusterRoot root) { this.root = root; }

    public static FencedClient local() { return new FencedClient(ClusterRoot.fromEnvironment()); }

    public Path socket() { return root.socket(DAEMON); }

    public Path adminSocket() { return root.adminSocket(DAEMON); }

    /** Whether a fenced answers on this root. */
    public boolean isRunning() {
        try {
            query(IpcMessage.request("ls"));
            return true;
        } catch (IpcException e) {
            return false;
        }
    }

    /** When and how a node was last fenced, and whether fencing it is pending. */
    public record LastFence(String victim, long time, String how, boolean pending) {}

    public record FenceNodeReply(String result, List<String> devices) {}

    public DomainInfo ls() { return DomainInfo.from(query(IpcMessage.request("ls"))); }

    public LastFence lastFenced(String victim) {
        IpcMessage m = query(IpcMessage.request("fenced_last").put("victim", victim));
        return new LastFence(victim, m.getLong("time", 0), m.get("how", "none"), m.getBool("pending"));
    }

    public List<String> dump() {
        return query(IpcMessage.request("dump")).list("line").stream().map(l -> l.getOrDefault("text", "")).toList();
    }

    public void join() { admin(IpcMessage.request("join")); }

    public void leave() { admin(IpcMessage.request("leave")); }

    public void ackManual(String victim) { admin(IpcMessage.request("ack").put("victim", victim)); }

    public FenceNodeReply fenceNode(String victim, boolean wait) {
        IpcMessage m = admin(IpcMessage.request("fence_node").put("victim", victim).put("wait", wait));
        return new FenceNodeReply(m.get("result", ""), m.list("device").stream().map(d -> d.getOrDefault("text", "")).toList());
    }

    private IpcMessage query(IpcMessage req) { return check(IpcClient.request(socket(), req)); }

    private IpcMessage admin(IpcMessage req) { return check(IpcClient.request(adminSocket(), req)); }

    private static IpcMessage check(IpcMessage reply) {
        if (!reply.isOk()) throw new IpcException(reply.errorText());
        return reply;
    }

    /** fenced's answer to {@code ls}. */
    public record DomainInfo(boolean joined, List<Integer> members, List<Map<String, String>> victims, int currentVictim,
                             int master, String waitState, List<Map<String, String>> nodes) {
        static DomainInfo from(IpcMessage m) {
            return new DomainInfo(m.getBool("joined"),
                    m.list("member").stream().map(x -> Integer.parseInt(x.get("id"))).toList(),
                    m.list("victim"), m.getInt("current_victim", 0), m.getInt("master", 0),
                    m.get("wait_state", "none"), m.list("node"));
        }
    }
}
