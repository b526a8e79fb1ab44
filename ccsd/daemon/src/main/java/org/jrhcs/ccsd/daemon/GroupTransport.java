package org.jrhcs.ccsd.daemon;

import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.cman.client.CmanClient;
import org.jrhcs.cman.client.ProcessGroup;

/**
 * How ccsd reaches its process group: cman in production ({@link #cman}), an in-memory
 * total-order group in tests. The contract is {@link ProcessGroup}'s: views and
 * messages arrive on one thread, in the same order on every member.
 */
@FunctionalInterface
public interface GroupTransport {

    /** A joined group. */
    interface Handle {
        /** Broadcasts to every member, this one included. */
        void send(IpcMessage payload);

        /** Leaves cleanly. */
        void leave();
    }

    Handle join(String group, ProcessGroup.Listener listener);

    static GroupTransport cman(CmanClient cman) {
        return (group, listener) -> {
            ProcessGroup g = cman.joinGroup(group, listener);
            return new Handle() {
                @Override public void send(IpcMessage payload) { g.send(payload); }
                @Override public void leave() { g.leave(); }
            };
        };
    }
}
