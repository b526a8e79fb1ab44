package org.jrhcs.rg.core.placement;

/**
 * One step of a plan. The executor runs a plan in order and logs each step with the
 * wording of SPEC.md "Log lines"; ordering duties: every {@link Stop} of a plan comes
 * before any {@link Start}, and a {@link Relocate} starts on the target only after the
 * stop on the source succeeded.
 */
public sealed interface Action {
    String service();

    enum Why {
        /** "Starting stopped service" */
        AUTOSTART,
        /** "Taking over service X from down member N" */
        TAKEOVER,
        /** "Relocating X to better node N" */
        BETTER_NODE,
        /** the owner's rgmanager is shutting down ("Member N shutting down") */
        OWNER_LEAVING,
        /** a status check failed and recovery moves the service */
        RECOVERY,
        /** the cluster lost quorum */
        INQUORATE,
        /** a service it depends on is not running */
        DEPENDENCY,
        /** clusvcadm asked for it */
        OPERATOR
    }

    /** Start on {@code node}. {@code from} is the down member for TAKEOVER, else null. */
    record Start(String service, String node, Why why, String from) implements Action {}

    /** Stop on {@code node}, leaving the service in {@code after} (stopped, disabled, recoverable). */
    record Stop(String service, String node, Why why, ServiceState after) implements Action {}

    /** Stop on {@code from}, then start on {@code to}. */
    record Relocate(String service, String from, String to, Why why) implements Action {}

    /** Stop and start again on the same node (a recovery restart or clusvcadm -R). */
    record Restart(String service, String node, Why why) implements Action {}

    /** Change only the recorded state (disable a stopped service, freeze, ...). */
    record SetState(String service, ServiceState state, boolean frozen) implements Action {}

    /** Why a request is refused; the daemon maps each to rgmanager's return code. */
    enum Refusal { NO_SERVICE, NODE, DOMAIN, FROZEN, INVALID, DEPEND, NO_TARGET, EXCLUSIVE }

    /** Nothing may be done; {@code reason} is what clusvcadm prints. */
    record Refuse(String service, String reason, Refusal code) implements Action {
        public Refuse(String service, String reason) { this(service, reason, Refusal.INVALID); }
    }
}
