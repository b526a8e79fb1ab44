package org.jrhcs.rg.core.placement;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything one placement decision depends on; nothing else is consulted. Saved
 * inputs replay to the same plan (see {@link PlacementScenario}).
 *
 * @param services services in configuration order, by full name
 * @param states   current state of each service; a missing entry is uninitialized
 */
public record PlacementInput(long now, Map<String, ServiceSpec> services, Map<String, Domain> domains,
                             ClusterView view, Map<String, ServiceStatus> states, Trigger trigger) {
    public PlacementInput {
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
        domains = Collections.unmodifiableMap(new LinkedHashMap<>(domains));
        states = Collections.unmodifiableMap(new LinkedHashMap<>(states));
    }

    public ServiceStatus state(String service) {
        ServiceStatus s = states.get(service);
        return s != null ? s : ServiceStatus.initial(service);
    }

    public Domain domainOf(ServiceSpec spec) {
        return spec.domain() == null ? null : domains.get(spec.domain());
    }
}
