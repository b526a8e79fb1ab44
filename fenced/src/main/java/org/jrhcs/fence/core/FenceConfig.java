package org.jrhcs.fence.core;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Everything fencing needs from cluster.conf, by node id (ascending). */
public record FenceConfig(FenceSettings settings, Map<Integer, NodeFencing> nodes) {
    public FenceConfig {
        nodes = java.util.Collections.unmodifiableMap(new TreeMap<>(nodes));
    }

    public static FenceConfig of(FenceSettings settings, Collection<NodeFencing> nodes) {
        Map<Integer, NodeFencing> m = new TreeMap<>();
        for (NodeFencing n : nodes) m.put(n.nodeId(), n);
        return new FenceConfig(settings, m);
    }

    public Optional<NodeFencing> node(int id) { return Optional.ofNullable(nodes.get(id)); }

    public Optional<NodeFencing> node(String name) {
        return nodes.values().stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public String nameOf(int id) {
        NodeFencing n = nodes.get(id);
        return n == null ? "nodeid " + id : n.name();
    }
}
