package org.jrhcs.cman.client;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.client.ipc.IpcClient;
import org.jrhcs.client.ipc.IpcException;
import org.jrhcs.client.ipc.IpcMessage;

/**
 * The local cman daemon, as every other daemon and tool reaches it (JDK only).
 * Queries go to the read-only socket {@code var/run/cluster/cman.sock}; requests that
 * change state go to {@code cman-admin.sock} (root only). Every failure is an
 * {@link IpcException} whose message an operator can act on.
 *
 * <p>Request ops (fields in brackets): {@code status}, {@code nodes}, {@code quorate};
 * admin: {@code expected [votes]}, {@code votes [votes] [nodeid]}, {@code kill [nodeid]},
 * {@code leave [remove=0|1] [force=0|1]}, {@code qdisk_register [name] [votes]},
 * {@code qdisk_poll [available=0|1]}, {@code qdisk_unregister}, {@code version [config_version]}
 * (reload), {@code group_join [group]} (see {@link ProcessGroup}).
 */
public final class CmanClient {
    public static final String DAEMON = "cman";

    private final ClusterRoot root;

    public CmanClient(ClusterRoot root) { this.root = root; }

    public static CmanClient local() { return new CmanClient(ClusterRoot.fromEnvironment()); }

    public Path socket() { return root.socket(DAEMON); }

    public Path adminSocket() { return root.adminSocket(DAEMON); }

    private IpcMessage query(IpcMessage req) { return check(IpcClient.request(socket(), req)); }

    private IpcMessage admin(IpcMessage req) { return check(IpcClient.request(adminSocket(), req)); }

    private static IpcMessage check(IpcMessage reply) {
        if (!reply.isOk()) throw new IpcException(reply.errorText());
        return reply;
    }

    public CmanStatus status() {
        IpcMessage m = query(IpcMessage.request("status"));
        return new CmanStatus(m.get("version", ""), m.getInt("config_version", 0), m.get("cluster_name", ""),
                m.getInt("cluster_id", 0), m.get("cluster_member", "No"), m.getLong("generation", 0),
                m.get("membership_state", ""), m.getInt("nodes", 0), m.getInt("expected_votes", 0),
                m.getInt("quorum_device_votes", -1), m.getInt("total_votes", 0), m.getInt("node_votes", 0),
                m.getInt("quorum", 0), m.getBool("quorate"), CmanWire.splitStrings(m.get("subsystems")),
                CmanWire.splitStrings(m.get("flags")), CmanWire.splitStrings(m.get("ports")),
                m.get("node_name", ""), m.getInt("node_id", 0), CmanWire.splitStrings(m.get("multicast")),
                CmanWire.splitStrings(m.get("addresses")));
    }

    public List<CmanNode> nodes() {
        IpcMessage m = query(IpcMessage.request("nodes"));
        List<CmanNode> nodes = new ArrayList<>();
        for (Map<String, String> f : m.list("node")) // a loop, not a stream: the tools' start path
            nodes.add(new CmanNode(Integer.parseInt(f.get("id")), f.get("name"), f.get("state"),
                    Integer.parseInt(f.getOrDefault("votes", "1")), Long.parseLong(f.getOrDefault("inc", "0")),
                    Long.parseLong(f.getOrDefault("join_time", "0")), CmanWire.splitStrings(f.get("addresses"))));
        return Collections.unmodifiableList(nodes);
    }

    public boolean isQuorate() { return query(IpcMessage.request("quorate")).getBool("quorate"); }

    public void setExpectedVotes(int votes) { admin(IpcMessage.request("expected").put("votes", votes)); }

    /** @param nodeId 0 for this node */
    public void setVotes(int votes, int nodeId) {
        admin(IpcMessage.request("votes").put("votes", votes).put("nodeid", nodeId));
    }

    /** Tells a member to leave the cluster at once (qdiskd evictions, cman_tool kill). */
    public void killNode(int nodeId) { admin(IpcMessage.request("kill").put("nodeid", nodeId)); }

    public void leave(boolean remove, boolean force) {
        admin(IpcMessage.request("leave").put("remove", remove).put("force", force));
    }

    public void registerQuorumDevice(String name, int votes) {
        admin(IpcMessage.request("qdisk_register").put("name", name).put("votes", votes));
    }

    /** qdiskd calls this every cycle; cman counts the device's votes only while polls keep coming within quorum_dev_poll. */
    public void pollQuorumDevice(boolean available) {
        admin(IpcMessage.request("qdisk_poll").put("available", available));
    }

    /**
     * The same, naming the members the verdict was judged against: cman ignores an
     * "available" judged on members it no longer has (its view changed while qdiskd's cycle ran).
     */
    public void pollQuorumDevice(boolean available, List<Integer> judgedMembers) {
        admin(IpcMessage.request("qdisk_poll").put("available", available).put("members", CmanWire.joinInts(judgedMembers)));
    }

    public void unregisterQuorumDevice() { admin(IpcMessage.request("qdisk_unregister")); }

    /** Asks cman (and through it every daemon) to load config version {@code version}. */
    public void reloadConfig(int version) { admin(IpcMessage.request("version").put("config_version", version)); }

    /**
     * Subscribes to cman's events on a dedicated read-only connection: {@code event=membership}
     * (generation, members), {@code event=quorum} (quorate, quorum, total_votes,
     * expected_votes) and {@code event=config} (config_version). {@code listener} runs on
     * one daemon thread per subscription, in order; it gets null once when cman goes away.
     * Close the returned handle to stop.
     */
    public AutoCloseable subscribe(java.util.function.Consumer<IpcMessage> listener) {
        IpcClient c = IpcClient.connect(socket());
        try {
            check(c.call(IpcMessage.request("subscribe")));
        } catch (IpcException e) {
            c.close();
            throw e;
        }
        Thread t = new Thread(() -> {
            try {
                IpcMessage m;
                while ((m = c.next()) != null) listener.accept(m);
            } catch (IpcException ignored) {
                // connection closed: fall through to the final null
            }
            listener.accept(null);
        }, "cman-events");
        t.setDaemon(true);
        t.start();
        return c::close;
    }

    /** Joins a process group on a dedicated admin connection; events flow to {@code listener}. */
    public ProcessGroup joinGroup(String group, ProcessGroup.Listener listener) {
        IpcClient c = IpcClient.connect(adminSocket());
        try {
            check(c.call(IpcMessage.request("group_join").put("group", group)));
        } catch (IpcException e) {
            c.close();
            throw e;
        }
        ProcessGroup g = new ProcessGroup(group, c, listener);
        g.start();
        return g;
    }
}
