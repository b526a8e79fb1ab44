package org.jrhcs.rg.core.placement;

/** Why placement runs now. */
public sealed interface Trigger {
    /** A membership, quorum or fence change: every phase runs, failback included. */
    record Evaluate() implements Trigger {}

    /**
     * A re-evaluation after a service changed state, or the periodic timer: every phase
     * but failback. RHCS moves a service back to a better node only when that node
     * joins, so an operator's relocation to a lesser node sticks until then.
     */
    record Recheck() implements Trigger {}

    /** A status check of {@code service} failed on {@code node}. */
    record StatusFailed(String service, String node) implements Trigger {}

    /** An operator request from clusvcadm; {@code target} is the {@code -m} member or null. */
    record Request(Kind kind, String service, String target) implements Trigger {}

    enum Kind { ENABLE, DISABLE, RELOCATE, RESTART, STOP, FREEZE, UNFREEZE, MIGRATE }

    Evaluate EVALUATE = new Evaluate();

    Recheck RECHECK = new Recheck();
}
