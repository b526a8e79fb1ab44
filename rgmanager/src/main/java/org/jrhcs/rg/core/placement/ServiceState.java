package org.jrhcs.rg.core.placement;

import java.util.Locale;

/** rgmanager's service states, printed lower-case as clustat shows them. */
public enum ServiceState {
    STOPPED, STARTING, STARTED, STOPPING, FAILED, UNINITIALIZED, CHECKING, RECOVERABLE, RECOVERING, DISABLED, MIGRATING;

    public String text() { return name().toLowerCase(Locale.ROOT); }

    public static ServiceState parse(String s) { return valueOf(s.trim().toUpperCase(Locale.ROOT)); }

    /** States in which the service may run on its owner (the owner is responsible for it). */
    public boolean holdsOwner() {
        return this == STARTED || this == STARTING || this == STOPPING || this == CHECKING
                || this == RECOVERING || this == MIGRATING;
    }

    /** States the planner may start from on its own (autostart, takeover). */
    public boolean startable() { return this == STOPPED || this == UNINITIALIZED || this == RECOVERABLE; }
}
