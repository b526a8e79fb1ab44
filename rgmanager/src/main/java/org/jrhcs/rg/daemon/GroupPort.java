package org.jrhcs.rg.daemon;

import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.cman.client.ProcessGroup;

/**
 * This daemon's membership of the "rgmanager" process group: the real one is cman's
 * {@link ProcessGroup}; tests use an in-memory total-order group.
 *
 * <p>Contract (as {@link ProcessGroup}): views and messages reach the listener on one
 * thread, in the group's total order, this member's own messages included; a member
 * that closes without {@link #leave} is seen by the others as failed.
 */
public interface GroupPort {

    /** Joins {@code group}; events flow to {@code listener} from then on. */
    interface Connector {
        GroupPort join(String group, ProcessGroup.Listener listener);
    }

    /** Broadcasts to every member, this one included, in total order. */
    void send(IpcMessage payload);

    /** Leaves cleanly: the others see this node in {@code left}. */
    void leave();

    /** The real connector: cman's process groups. */
    static Connector cman(org.jrhcs.cman.client.CmanClient cman) {
        return (group, listener) -> {
            ProcessGroup g = cman.joinGroup(group, listener);
            return new GroupPort() {
                public void send(IpcMessage payload) { g.send(payload); }
                public void leave() { g.leave(); }
            };
        };
    }
}
