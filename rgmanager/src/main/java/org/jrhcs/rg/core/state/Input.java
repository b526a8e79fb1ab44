package org.jrhcs.rg.core.state;

import java.util.List;
import org.jrhcs.cman.client.GroupView;
import org.jrhcs.rg.core.placement.Trigger;

/** Everything that reaches {@link RgCore#handle}; the daemon loop feeds them one at a time. */
public sealed interface Input {

    /** A view of the rgmanager group, in the group's order. */
    record View(GroupView view) implements Input {}

    /** A group message, in the group's order (own messages included). */
    record Delivered(int from, GroupMessage message) implements Input {}

    /** The periodic timer: the decision maker re-evaluates. */
    record Tick() implements Input {}

    /** A local start or stop ended. {@code clean}: after a failed start, the stop that undid it worked. */
    record AgentDone(String service, boolean start, boolean ok, boolean clean) implements Input {}

    /** A local status check failed. */
    record CheckFailed(String service) implements Input {}

    /** The local status probes after joining: which services run here. */
    record ProbeDone(List<String> running) implements Input {}

    /** clusvcadm asked this node; {@code id} is unique per origin ("nodeid:seq"). */
    record ClientRequest(String id, Trigger.Kind kind, String service, String target) implements Input {}

    /** clusvcadm -l / -u asked this node. */
    record ClientLock(String id, boolean locked) implements Input {}

    /** fenced says {@code node} was fenced after it failed. */
    record FenceConfirmed(String node) implements Input {}

    /** This node's cluster.conf now has {@code version}, newer than the running one. */
    record ConfigSeen(int version) implements Input {}

    /**
     * Switch to configuration {@code version}, at the place of its {@code ConfigChange}
     * message in the group's order (the daemon loaded it; every member loads the same file).
     */
    record Reconfigure(int version, RgConfig config) implements Input {}

    /** SIGTERM: relocate what runs here, then leave. */
    record Shutdown() implements Input {}

    Tick TICK = new Tick();
}
