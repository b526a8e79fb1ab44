package org.jrhcs.rg.core.placement;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failover domain. {@code priorities} maps member node names to their priority
 * (1 = most preferred), in configuration order; priorities matter only when ordered.
 */
public record Domain(String name, boolean ordered, boolean restricted, boolean nofailback, Map<String, Integer> priorities) {
    public Domain {
        priorities = Collections.unmodifiableMap(new LinkedHashMap<>(priorities));
    }

    public boolean contains(String node) { return priorities.containsKey(node); }

    /** Lower is better; nodes outside the domain rank after every member. */
    public int rank(String node) {
        Integer p = priorities.get(node);
        if (p == null) return Integer.MAX_VALUE;
        return ordered ? p : 1;
    }
}
