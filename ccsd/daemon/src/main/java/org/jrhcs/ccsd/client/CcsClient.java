package org.jrhcs.ccsd.client;

import java.time.Duration;
import java.util.List;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.client.ipc.IpcClient;
import org.jrhcs.client.ipc.IpcException;
import org.jrhcs.client.ipc.IpcMessage;

/**
 * The local ccsd, as daemons and tools reach it (JDK only: no JAXB, JGroups or Log4j).
 * Reads go to {@code var/run/cluster/ccsd.sock}; {@link #update} goes to
 * {@code ccsd-admin.sock} (root only). Every failure is an {@link IpcException}
 * whose message says what went wrong.
 *
 * <p>Daemons should read cluster.conf through {@link #await} rather than from disk:
 * ccsd serves a copy only once it is the cluster's, and never a half-written one.
 */
public final class CcsClient {
    public static final String DAEMON = "ccsd";

    /** One version of cluster.conf as ccsd serves it. */
    public record Config(int version, String text) {}

    /**
     * A successful update: the cluster moved from {@code fromVersion} to {@code toVersion};
     * {@code warnings} are the validator's remarks on the new file ({@code file:line:col: warning: ...}).
     */
    public record UpdateResult(int fromVersion, int toVersion, String message, List<String> warnings) {}

    /** Change notifications; called on the subscription's own thread. */
    public interface Listener {
        void changed(int version);

        default void disconnected(String reason) {}
    }

    private final ClusterRoot root;

    public CcsClient(ClusterRoot root) { this.root = root; }

    public static CcsClient local() { return new CcsClient(ClusterRoot.fromEnvironment()); }

    private static IpcMessage check(IpcMessage reply) {
        if (!reply.isOk()) throw new IpcException(reply.errorText());
        return reply;
    }

    /** The cluster's current copy; fails if ccsd is not in sync yet. */
    public Config get() { return config(IpcClient.request(root.socket(DAEMON), IpcMessage.request("get"))); }

    /** The cluster's current copy, waiting up to {@code timeout} for ccsd to get in sync. */
    public Config await(Duration timeout) {
        return config(IpcClient.request(root.socket(DAEMON), IpcMessage.request("get").put("wait_ms", timeout.toMillis())));
    }

    private static Config config(IpcMessage reply) {
        check(reply);
        return new Config(reply.getInt("version", 0), reply.get("text", ""));
    }

    /** The version ccsd serves, 0 before it is in sync. */
    public int version() {
        return check(IpcClient.request(root.socket(DAEMON), IpcMessage.request("version"))).getInt("version", 0);
    }

    /**
     * Distributes {@code text} to the whole cluster; returns once every member has
     * written it. {@code fileName} only names the source in error messages.
     */
    public UpdateResult update(String text, String fileName) {
        IpcMessage reply = check(IpcClient.request(root.adminSocket(DAEMON),
                IpcMessage.request("update").put("file", fileName).put("text", text)));
        return new UpdateResult(reply.getInt("from_version", 0), reply.getInt("to_version", 0), reply.get("message", ""),
                reply.list("warning").stream().map(w -> w.getOrDefault("text", "")).toList());
    }

    /** Calls {@code listener} each time the served copy changes, until the subscription is closed. */
    public Subscription subscribe(Listener listener) {
        IpcClient c = IpcClient.connect(root.socket(DAEMON));
        try {
            check(c.call(IpcMessage.request("subscribe")));
        } catch (IpcException e) {
            c.close();
            throw e;
        }
        return new Subscription(c, listener);
    }

    /** An open subscription; close it to stop the notifications. */
    public static final class Subscription implements AutoCloseable {
        private final IpcClient connection;
        private volatile boolean closed;

        Subscription(IpcClient connection, Listener listener) {
            this.connection = connection;
            Thread t = new Thread(() -> deliver(listener), "ccsd-subscription");
            t.setDaemon(true);
            t.start();
        }

        private void deliver(Listener listener) {
            try {
                IpcMessage m;
                while ((m = connection.next()) != null)
                    if ("changed".equals(m.get("event"))) listener.changed(m.getInt("version", 0));
                if (!closed) listener.disconnected("ccsd closed the connection");
            } catch (IpcException e) {
                if (!closed) listener.disconnected(e.getMessage());
            }
        }

        @Override public void close() {
            closed = true;
            connection.close();
        }
    }
}
