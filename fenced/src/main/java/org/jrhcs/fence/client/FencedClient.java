package org.jrhcs.fence.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
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
 *   <li>{@code subscribe} → list {@code node.N.{victim,time,how,pending}} (every configured
 *       node's state now, fields as {@code fenced_last}); then the connection carries one
 *       event per change, until either side closes it:
 *       {@code event=fence victim=NAME time= how= pending= result=R by=NODEID}, where the
 *       first four fields are {@code fenced_last}'s answer right after the change and R is
 *       {@code pending} (NAME became a victim), {@code success} (a fence of NAME, or
 *       fence_ack_manual: {@code how=override}, reached the domain), {@code failed} (an
 *       attempt failed here; retried), {@code cancelled} (no longer a victim, unfenced: it
 *       rejoined). {@code event=overflow}: the subscriber fell {@value #MAX_BEHIND} events
 *       behind and those were dropped — subscribe again for a fresh state. Events of other
 *       kinds may be added: ignore them.</li>
 * </ul>
 * Admin socket {@code fenced-admin.sock} (root): {@code join}, {@code leave},
 * {@code ack victim=NAME} (fence_ack_manual; error when no fencing of NAME is pending),
 * {@code fence_node victim=NAME wait=1} (one pass through the methods now; {@code result}
 * success, failed or undefined, list {@code device.N.text}) or {@code wait=0} (queue a
 * domain fence with retries: qdiskd and cman use this).
 */
public final class FencedClient {
    public static final String DAEMON = "fenced";
    /** How many events fenced keeps for a subscriber that does not read before it drops them. */
    public static final int MAX_BEHIND = 256;

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

    /**
     * The pid in fenced's pid file, when that process lives: a fenced that runs, or one still
     * starting (it locks the file and writes its pid before it opens its sockets).
     */
    public OptionalLong pid() {
        try {
            long pid = Long.parseLong(Files.readString(root.pidFile(DAEMON)).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent() ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** When and how a node was last fenced, and whether fencing it is pending. */
    public record LastFence(String victim, long time, String how, boolean pending) {

        /** The fields of a {@code fenced_last} answer, a subscription's node entry or an event. */
        public Map<String, String> fields() {
            Map<String, String> f = new java.util.LinkedHashMap<>();
            f.put("victim", victim);
            f.put("time", Long.toString(time));
            f.put("how", how);
            f.put("pending", pending ? "1" : "0");
            return f;
        }

        /** @throws IpcException naming the field that is missing or not what it should be */
        public static LastFence from(Map<String, String> f) {
            String victim = f.get("victim");
            if (victim == null || victim.isEmpty()) throw new IpcException("fence state without victim: " + f);
            String time = f.get("time");
            long t;
            try {
                t = Long.parseLong(time);
            } catch (NumberFormatException e) {
                throw new IpcException("fence state of " + victim + ": time is not a number: " + time);
            }
            if (t < 0) throw new IpcException("fence state of " + victim + ": negative time " + t);
            String pending = f.get("pending");
            if (!"0".equals(pending) && !"1".equals(pending))
                throw new IpcException("fence state of " + victim + ": pending is not 0 or 1: " + pending);
            return new LastFence(victim, t, f.getOrDefault("how", "none"), pending.equals("1"));
        }
    }

    /** One event of a subscription: a node's state right after a change, and the change. */
    public record FenceUpdate(LastFence state, String result, int by) {

        public IpcMessage toMessage() {
            IpcMessage m = new IpcMessage().put("event", "fence");
            state.fields().forEach(m::put);
            return m.put("result", result).put("by", by);
        }

        /** @throws IpcException naming what is wrong with a {@code event=fence} message */
        public static FenceUpdate from(IpcMessage m) {
            LastFence s = LastFence.from(m.fields());
            String result = m.get("result");
            if (result == null || result.isEmpty()) throw new IpcException("fence event of " + s.victim() + " without result");
            return new FenceUpdate(s, result, m.getInt("by", 0));
        }
    }

    /** What a subscriber is told, on the subscription's own thread, in order. */
    public interface Subscriber {
        /** First: every configured node's state when the subscription began. */
        void onStart(List<LastFence> initial);

        /** Then each change, in the order fenced saw them. */
        void onUpdate(FenceUpdate update);

        /**
         * The subscription ended (fenced went away, it dropped events, or it sent something
         * this client does not understand): what it said since may be missing.
         */
        void onEnd(String reason);
    }

    /** An open subscription; close it to stop (the subscriber then hears {@link Subscriber#onEnd}). */
    public static final class Subscription implements AutoCloseable {
        private final IpcClient connection;

        private Subscription(IpcClient connection) { this.connection = connection; }

        @Override public void close() { connection.close(); }
    }

    public record FenceNodeReply(String result, List<String> devices) {}

    public DomainInfo ls() { return DomainInfo.from(query(IpcMessage.request("ls"))); }

    public LastFence lastFenced(String victim) {
        return LastFence.from(query(IpcMessage.request("fenced_last").put("victim", victim)).fields());
    }

    /**
     * Subscribes to fence state changes on a dedicated connection. The subscriber runs on
     * one daemon thread, in order, and hears {@link Subscriber#onEnd} exactly once.
     *
     * @throws IpcException when fenced does not run or refuses, or its answer is malformed
     */
    public Subscription subscribe(Subscriber subscriber) {
        IpcClient c = IpcClient.connect(socket());
        List<LastFence> initial;
        try {
            initial = check(c.call(IpcMessage.request("subscribe"))).list("node").stream().map(LastFence::from).toList();
        } catch (IpcException e) {
            c.close();
            throw e;
        }
        Thread t = new Thread(() -> {
            String reason;
            try {
                subscriber.onStart(initial);
                while (true) {
                    IpcMessage m = c.next();
                    if (m == null) {
                        reason = "fenced closed the connection";
                        break;
                    }
                    String event = m.get("event", "");
                    if (event.equals("overflow")) {
                        reason = "fenced dropped events (this subscriber fell behind)";
                        break;
                    }
                    if (event.equals("fence")) subscriber.onUpdate(FenceUpdate.from(m));
                }
            } catch (RuntimeException e) {
                // IpcException: a broken connection or a malformed event; anything else: the
                // subscriber's own failure. Either way the stream is no longer complete.
                reason = e.getMessage();
            }
            c.close();
            subscriber.onEnd(reason);
        }, "fenced-events");
        t.setDaemon(true);
        t.start();
        return new Subscription(c);
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
