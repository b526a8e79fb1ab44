package org.jrhcs.rg.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jrhcs.ccs.ConfLocation;

/**
 * One resource of the resource list: its type and the parameters written for it
 * (inherited parameters are never stored here; they are resolved per tree node).
 * {@code inline} marks a resource written inside a service rather than under
 * {@code <resources>}.
 */
public record Resource(ResourceType type, Map<String, String> values, boolean inline, ConfLocation location) {

    public Resource {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public String primaryValue() { return values.get(type.primary().name()); }

    /** Type and primary value: what a {@code ref=} names and what a reload matches on. */
    public String key() { return type.name() + ":" + primaryValue(); }

    /** The same parameters as {@code other}, wherever and however each was written. */
    public boolean sameConfig(Resource other) {
        return type.name().equals(other.type.name()) && values.equals(other.values);
    }

    /** True when every parameter that differs from {@code other} may change without a restart. */
    public boolean differsOnlyInReconfigurable(Resource other) {
        for (ParamSpec p : type.params()) {
            String a = values.get(p.name()), b = other.values.get(p.name());
            if (a == null ? b != null : !a.equals(b))
                if (!p.reconfig()) return false;
        }
        return true;
    }
}
