package org.jrhcs.fence.daemon;

import java.util.Map;
import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.cman.client.GroupView;

/**
 * The daemon's seam to cman: the fence domain process group and cluster membership.
 * {@link CmanDomainGroup} is the real one; tests use a fake that delivers views and
 * messages by hand.
 *
 * <p>Contract: views and messages reach the listener on one thread, in the group's total
 * order, own messages included. {@link #clusterMembers()} answers from cman's current
 * membership (node ids in state M, with their incarnations).
 */
public interface DomainGroup {

    interface Listener {
        void onView(GroupView view);

        void onMessage(int fromNodeId, IpcMessage payload);

        void onDisconnect(String reason);
    }

    /** Joins the domain; throws {@link org.jrhcs.client.ipc.IpcException} when cman refuses or is absent. */
    void join(Listener listener);

    void send(IpcMessage payload);

    /** Leaves cleanly: the others see this node in {@code left}, and fence nobody. */
    void leave();

    /** cman's members now: node id → the incarnation (generation) in which it last joined. */
    Map<Integer, Long> clusterMembers();

    /**
     * Calls {@code changed} (on any thread) after every change of cman's membership, so a
     * victim held while cman still listed it is fenced as soon as cman drops it rather than at
     * the next periodic re-read. Close the handle to stop. Without events (the default) the
     * periodic re-read alone notices.
     */
    default AutoCloseable watchMembership(Runnable changed) { return () -> { }; }
}
