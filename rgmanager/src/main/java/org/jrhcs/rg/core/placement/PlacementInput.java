package org.jrhcs.rg.core.placement;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Everything one placement decision depends on; nothing else is consulted. Saved
 * inputs replay to the same plan (see {@link PlacementScenario}).
 *
 * @param services services in configuration order, by full name
 * @param states   current state of each service; a missing entry is uninitialized
 * @param avoid    per service, the nodes where its last start failed since the last
 *                 membership change: placement does not choose them again on its own,
 *                 so a start that fails everywhere leaves the service stopped instead of
 *                 retrying in a loop (an operator's {@code -m} still may)
 */
public record PlacementInput(long now, Map<String, ServiceSpec> services, Map<String, Domain> domains,
                             ClusterView view, Map<String, ServiceStatus> states, Trigger trigger,
                             Map<String, Set<String>> avoid) {
    public PlacementInput {
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
        domains = Collections.unmodifiableMap(new LinkedHashMap<>(domains));
        states = Collections.unmodifiableMap(new LinkedHashMap<>(states));
        Map<String, Set<String>> a = new LinkedHashMap<>();
        avoid.forEach((k, v) -> { if (!v.isEmpty()) a.put(k, Set.copyOf(v)); });
        avoid = Collections.unmodifiableMap(a);
    }

    public PlacementInput(long now, Map<String, ServiceSpec> services, Map<String, Domain> domains,
                          ClusterView view, Map<String, ServiceStatus> states, Trigger trigger) {
        this(now, services, domains, view, states, trigger, Map.of());
    }

    public ServiceStatus state(String service) {
        ServiceStatus s = states.get(service);
        return s != null ? s : ServiceStatus.initial(service);
    }

    public Domain domainOf(ServiceSpec spec) {
        return spec.domain() == null ? null : domains.get(spec.domain());
    }

    public Set<String> avoid(String service) { return avoid.getOrDefault(service, Set.of()); }
}
