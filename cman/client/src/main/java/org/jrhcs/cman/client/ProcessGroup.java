package org.jrhcs.cman.client;

import org.jrhcs.client.ipc.IpcClient;
import org.jrhcs.client.ipc.IpcException;
import org.jrhcs.client.ipc.IpcMessage;

/**
 * This daemon's membership of a cman process group (fence domain, rgmanager, ccsd).
 * Views and messages arrive on one thread per group, in cman's total order: a handler
 * that returns has seen the message before any later view or message is delivered.
 *
 * <p>Wire: the connection sends {@code op=group_join group=NAME}; cman replies
 * {@code status=ok} and then pushes {@code event=view} (fields of {@link GroupView},
 * lists comma-separated) and {@code event=message from=NODEID} with the sender's
 * fields prefixed by {@code m.}. {@code op=group_send} with {@code m.*} fields
 * broadcasts; {@code op=group_leave} leaves cleanly. Closing the connection without
 * {@code group_leave} is a failure of this member, as a crash would be.
 */
public final class ProcessGroup implements AutoCloseable {

    /** Receives a group's events, on the group's delivery thread. */
    public interface Listener {
        void onView(GroupView view);

        /** @param payload the sender's fields, without the {@code m.} prefix */
        void onMessage(int fromNodeId, IpcMessage payload);

        /** cman went away (the connection closed). The daemon should exit or rejoin. */
        default void onDisconnect(String reason) {}
    }

    private final String name;
    private final IpcClient connection;
    private final Thread reader;
    private volatile boolean leaving;

    ProcessGroup(String name, IpcClient connection, Listener listener) {
        this.name = name;
        this.connection = connection;
        this.reader = new Thread(() -> deliver(listener), "group-" + name);
        this.reader.setDaemon(true);
    }

    void start() { reader.start(); }

    public String name() { return name; }

    /** Broadcasts to every member, this one included, in total order. */
    public void send(IpcMessage payload) {
        IpcMessage m = IpcMessage.request("group_send").put("group", name);
        payload.fields().forEach((k, v) -> m.put("m." + k, v));
        connection.send(m);
    }

    /** Leaves cleanly: other members see this node in {@link GroupView#left()}, not failed. */
    public void leave() {
        leaving = true;
        try {
            connection.send(IpcMessage.request("group_leave").put("group", name));
        } catch (IpcException ignored) {
            // cman already gone: nothing to leave
        }
        close();
    }

    @Override public void close() { connection.close(); }

    private void deliver(Listener listener) {
        try {
            IpcMessage m;
            while ((m = connection.next()) != null) {
                String event = m.get("event");
                if ("view".equals(event)) listener.onView(CmanWire.view(m));
                else if ("message".equals(event)) listener.onMessage(m.getInt("from", 0), CmanWire.unprefix(m, "m."));
            }
            if (!leaving) listener.onDisconnect("cman closed the connection");
        } catch (IpcException e) {
            if (!leaving) listener.onDisconnect(e.getMessage());
        }
    }
}
