package org.jrhcs.rg.core.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jrhcs.ccs.Defaults;
import org.jrhcs.ccs.model.Cluster;
import org.jrhcs.ccs.model.ClusterNode;
import org.jrhcs.ccs.model.FailoverDomain;
import org.jrhcs.ccs.model.FailoverDomainNode;
import org.jrhcs.ccs.model.ServiceElement;
import org.jrhcs.rg.core.placement.Domain;
import org.jrhcs.rg.core.placement.Recovery;
import org.jrhcs.rg.core.placement.ServiceSpec;

/**
 * What the service manager takes from cluster.conf: the nodes (id and name, in
 * configuration order, the planner's tie-breaker), the services and the failover
 * domains. Immutable; a reload builds a new one.
 */
public record RgConfig(List<Node> nodes, Map<String, ServiceSpec> services, Map<String, Domain> domains) {

    public record Node(int id, String name) {}

    public RgConfig {
        nodes = List.copyOf(nodes);
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
        domains = Collections.unmodifiableMap(new LinkedHashMap<>(domains));
    }

    public String name(int id) {
        for (Node n : nodes) if (n.id() == id) return n.name();
        return "node" + id;
    }

    /** The id of a configured node, or -1. */
    public int id(String name) {
        for (Node n : nodes) if (n.name().equals(name)) return n.id();
        return -1;
    }

    public List<String> nodeNames() { return nodes.stream().map(Node::name).toList(); }

    /**
     * Reads {@code <clusternodes>} and {@code <rm>}. A node without {@code nodeid} gets its
     * position (1-based), as cman numbers such nodes. Bad values throw
     * {@link IllegalArgumentException} naming the service and attribute.
     */
    public static RgConfig from(Cluster c) {
        List<Node> nodes = new ArrayList<>();
        int pos = 0;
        for (ClusterNode n : c.nodes()) {
            pos++;
            nodes.add(new Node(n.nodeid != null ? n.nodeid : pos, n.name));
        }
        Map<String, Domain> domains = new LinkedHashMap<>();
        for (FailoverDomain d : c.failoverDomains()) {
            Map<String, Integer> prio = new LinkedHashMap<>();
            for (FailoverDomainNode dn : d.nodes) prio.put(dn.name, dn.priority != null ? dn.priority : 1);
            domains.put(d.name, new Domain(d.name, on(d.ordered), on(d.restricted), on(d.nofailback), prio));
        }
        Map<String, ServiceSpec> services = new LinkedHashMap<>();
        if (c.rm != null) {
            for (ServiceElement s : c.rm.services) add(services, "service:", s);
            for (ServiceElement s : c.rm.vms) add(services, "vm:", s);
        }
        return new RgConfig(nodes, services, domains);
    }

    private static void add(Map<String, ServiceSpec> out, String prefix, ServiceElement s) {
        String name = prefix + s.name;
        Recovery recovery;
        try {
            recovery = Recovery.parse(s.recovery != null ? s.recovery : Defaults.SERVICE_RECOVERY);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
        String depend = s.depend == null || s.depend.isBlank() ? null
                : (s.depend.contains(":") ? s.depend : "service:" + s.depend);
        out.put(name, new ServiceSpec(name, s.domain == null || s.domain.isBlank() ? null : s.domain,
                s.autostart == null ? Defaults.SERVICE_AUTOSTART : truth(s.autostart), s.exclusive != null && truth(s.exclusive),
                recovery, s.maxRestarts != null ? s.maxRestarts : Defaults.SERVICE_MAX_RESTARTS,
                1000L * (s.restartExpireTime != null ? s.restartExpireTime : Defaults.SERVICE_RESTART_EXPIRE_TIME_S),
                depend, !"soft".equalsIgnoreCase(s.dependMode)));
    }

    private static boolean on(Integer v) { return v != null && v != 0; }

    private static boolean truth(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "0", "no", "false", "off", "" -> false;
            default -> true;
        };
    }
}
