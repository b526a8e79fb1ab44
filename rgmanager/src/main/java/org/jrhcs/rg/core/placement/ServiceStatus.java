package org.jrhcs.rg.core.placement;

import java.util.List;

/**
 * The replicated state of one service.
 *
 * @param owner     node running (or responsible for) the service, null when none
 * @param lastOwner node that ran it last, shown in parentheses by clustat
 * @param restarts  times (ms) of recent in-place restarts, oldest first
 */
public record ServiceStatus(String name, ServiceState state, String owner, String lastOwner,
                            List<Long> restarts, boolean frozen) {
    public ServiceStatus {
        restarts = List.copyOf(restarts);
    }

    public static ServiceStatus initial(String name) {
        return new ServiceStatus(name, ServiceState.UNINITIALIZED, null, null, List.of(), false);
    }

    public ServiceStatus with(ServiceState newState, String newOwner) {
        String last = newOwner != null ? newOwner : (owner != null ? owner : lastOwner);
        return new ServiceStatus(name, newState, newOwner, last, restarts, frozen);
    }
}
