package org.jrhcs.cman.core;

import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.log.Severity;

/**
 * What the membership core asks the daemon to do. The daemon executes effects in the
 * order returned: a {@link Log} before the {@link Broadcast} it explains, local
 * deliveries in total order, {@link Exit} last.
 */
public sealed interface Effect {
    /** A line for the node's log (daemon "cman"). */
    record Log(Severity severity, String text) implements Effect {}

    /** A message to every member of the cluster, this node included, in total order. */
    record Broadcast(IpcMessage message) implements Effect {}

    /** A message to one node (by cluster node name), outside total order. */
    record SendTo(String node, IpcMessage message) implements Effect {}

    /** An event for the local member of process group {@code group} (view or message). */
    record Deliver(String group, IpcMessage event) implements Effect {}

    /** An event for local subscribers (membership, quorum, config). */
    record Notify(IpcMessage event) implements Effect {}

    /** Load cluster.conf again; it should carry {@code configVersion} (cman_tool version -r anywhere). */
    record Reload(int configVersion, String requestedBy) implements Effect {}

    /** This node's own leave announcement went round: it may disconnect now. */
    record LeaveAnnounced() implements Effect {}

    /** Leave the cluster at once without announcing it (killed, refused) and exit. */
    record Exit(int code, String reason) implements Effect {}
}
