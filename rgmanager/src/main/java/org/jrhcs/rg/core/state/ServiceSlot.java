package org.jrhcs.rg.core.state;

import java.util.List;
import java.util.Set;
import org.jrhcs.rg.core.placement.Action.Why;
import org.jrhcs.rg.core.placement.ServiceState;
import org.jrhcs.rg.core.placement.ServiceStatus;

/**
 * The replicated record of one service: what clustat shows plus the operation under way,
 * so a member that takes over as decision maker (or joins) knows what the others wait for.
 *
 * @param lastTransition epoch ms (the sending member's clock) of the last state change
 * @param op        the operation under way on {@code owner}; NONE when idle
 * @param target    for RELOCATE: the node that starts it after the stop
 * @param why       why the operation runs (chooses the log lines)
 * @param after     for STOP: the state once stopped
 * @param from      for a TAKEOVER start: the down member
 * @param request   the operator request this operation answers, or null
 * @param avoid     nodes where a start failed since the last membership change
 */
public record ServiceSlot(String name, ServiceState state, String owner, String lastOwner, List<Long> restarts,
                          boolean frozen, long lastTransition, Op op, String target, Why why, ServiceState after,
                          String from, String request, Set<String> avoid) {

    /** What the owner is doing with the service. */
    public enum Op { NONE, START, STOP, RELOCATE, RESTART }

    public ServiceSlot {
        restarts = List.copyOf(restarts);
        avoid = Set.copyOf(avoid);
    }

    public static ServiceSlot initial(String name) {
        return new ServiceSlot(name, ServiceState.UNINITIALIZED, null, null, List.of(), false, 0, Op.NONE, null, null,
                null, null, null, Set.of());
    }

    public ServiceStatus status() { return new ServiceStatus(name, state, owner, lastOwner, restarts, frozen); }

    public boolean busy() { return op != Op.NONE; }

    /** A new state and owner, with no operation under way; the last owner follows the owner. */
    public ServiceSlot settle(ServiceState s, String newOwner, long time) {
        String last = newOwner != null ? newOwner : (owner != null ? owner : lastOwner);
        return new ServiceSlot(name, s, newOwner, last, restarts, frozen, time, Op.NONE, null, null, null, null, null, avoid);
    }

    /** An operation begins on {@code node}. */
    public ServiceSlot begin(ServiceState s, String node, Op o, String tgt, Why w, ServiceState aft, String frm, String req, long time) {
        return new ServiceSlot(name, s, node, node, restarts, frozen, time, o, tgt, w, aft, frm, req, avoid);
    }

    public ServiceSlot withFrozen(boolean f) {
        return new ServiceSlot(name, state, owner, lastOwner, restarts, f, lastTransition, op, target, why, after, from, request, avoid);
    }

    public ServiceSlot withRestarts(List<Long> r) {
        return new ServiceSlot(name, state, owner, lastOwner, r, frozen, lastTransition, op, target, why, after, from, request, avoid);
    }

    public ServiceSlot withAvoid(Set<String> a) {
        return new ServiceSlot(name, state, owner, lastOwner, restarts, frozen, lastTransition, op, target, why, after, from, request, a);
    }

    public ServiceSlot withRequest(String req) {
        return new ServiceSlot(name, state, owner, lastOwner, restarts, frozen, lastTransition, op, target, why, after, from, req, avoid);
    }
}
