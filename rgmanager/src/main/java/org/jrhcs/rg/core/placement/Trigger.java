package org.jrhcs.rg.core.placement;

/** Why placement runs now. */
public sealed interface Trigger {
    /** A membership, quorum or fence change, or a periodic evaluation. */
    record Evaluate() implements Trigger {}

    /** A status check of {@code service} failed on {@code node}. */
    record StatusFailed(String service, String node) implements Trigger {}

    /** An operator request from clusvcadm; {@code target} is the {@code -m} member or null. */
    record Request(Kind kind, String service, String target) implements Trigger {}

    enum Kind { ENABLE, DISABLE, RELOCATE, RESTART, STOP, FREEZE, UNFREEZE, MIGRATE }

    Evaluate EVALUATE = new Evaluate();
}
