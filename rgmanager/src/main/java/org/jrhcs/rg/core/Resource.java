package org.jrhcs.rg.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jrhcs.ccs.ConfLocation;

/**
 * One resource of the resource list: its type and its parameter values — those written
 * for it plus metadata defaults, as rgmanager lists them; {@code defaulted} names the
 * ones that came from defaults (agents get only written values and apply their own
 * defaults). Inherited parameters are never stored here; they are resolved per tree
 * node. {@code inline} marks a resource written inside a service rather than under
 * {@code <resources>}.
 */
public record Resource(ResourceType type, Map<String, String> values, Set<String> defaulted, boolean inline,
                       ConfLocation location) {

    public Resource {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        defaulted = Set.copyOf(defaulted);
    }

    /** A value written in the configuration (not a default), or null. */
    public String written(String param) {
        return defaulted.contains(param) ? null : values.get(param);
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
