package org.jrhcs.rg.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jrhcs.ccs.ConfLocation;

/**
 * One node of a service's resource tree. {@code attributes} holds, in metadata order,
 * every written parameter and every inherited one (value null when the parent does not
 * supply it). {@code special} holds the node's {@code __name} attributes
 * ({@code __independent_subtree}, {@code __enforce_timeouts}, {@code __max_failures},
 * {@code __failure_expire_time}). {@code children} are in tree order: typed children in
 * the order of the parent's metadata, then untyped children in configuration order.
 * {@code typed}, {@code startLevel} and {@code stopLevel} say how the parent orders this
 * node. {@code actionOverrides} are the node's {@code <action name=... depth=... interval=...
 * timeout=.../>} children (RHCS's per-resource override of the agent's action times;
 * depth {@link #ANY_DEPTH} stands for {@code depth="*"}).
 */
public record ResourceNode(Resource resource, Map<String, String> attributes, Map<String, String> special,
                           List<ResourceNode> children, boolean typed, int startLevel, int stopLevel,
                           ConfLocation location, List<ActionSpec> actionOverrides) {
    public static final int ANY_DEPTH = -1;

    public ResourceNode {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        special = Collections.unmodifiableMap(new LinkedHashMap<>(special));
        children = List.copyOf(children);
        actionOverrides = List.copyOf(actionOverrides);
    }

    /**
     * The status checks of this node: the agent's ({@link ResourceType#statusChecks}) with
     * the node's {@code <action>} overrides applied — a given interval or timeout replaces
     * the agent's at that depth (every depth for {@code depth="*"}); an override at a depth
     * the agent does not list adds a check there.
     */
    public List<ActionSpec> statusChecks() {
        List<ActionSpec> base = type().statusChecks();
        if (actionOverrides.isEmpty() || base.isEmpty()) return base;
        String name = base.get(0).name();
        java.util.TreeMap<Integer, ActionSpec> byDepth = new java.util.TreeMap<>();
        for (ActionSpec a : base) byDepth.put(a.depth(), a);
        for (ActionSpec o : actionOverrides) {
            if (!o.name().equals("status") && !o.name().equals("monitor")) continue;
            if (o.depth() == ANY_DEPTH) byDepth.replaceAll((d, a) -> merge(a, o));
            else byDepth.merge(o.depth(), new ActionSpec(name, o.timeoutSeconds(), o.intervalSeconds(), o.depth()), ResourceNode::merge);
        }
        return List.copyOf(byDepth.values());
    }

    private static ActionSpec merge(ActionSpec agent, ActionSpec override) {
        return new ActionSpec(agent.name(), override.timeoutSeconds() > 0 ? override.timeoutSeconds() : agent.timeoutSeconds(),
                override.intervalSeconds() > 0 ? override.intervalSeconds() : agent.intervalSeconds(), agent.depth());
    }

    public ResourceType type() { return resource.type(); }

    /** {@code type:primary}, the name rg_test and the logs use. */
    public String label() { return resource.type().name() + ":" + resource.primaryValue(); }

    /** The value an agent gets for a parameter: written or inherited, else the metadata default. */
    public String valueOrDefault(String param) {
        String v = attributes.get(param);
        if (v != null) return v;
        return type().param(param).map(ParamSpec::defaultValue).orElse(null);
    }

    /**
     * {@code __independent_subtree}: 0 none, 1 independent (a failure restarts only this
     * subtree), 2 non-critical (a failure stops only this subtree).
     */
    public int independentSubtree() { return intSpecial("__independent_subtree", 0); }

    /** {@code __enforce_timeouts="1"}: the metadata timeouts are enforced for this node. */
    public boolean enforceTimeouts() { return intSpecial("__enforce_timeouts", 0) != 0; }

    public int maxFailures() { return intSpecial("__max_failures", 0); }

    public int failureExpireTimeSeconds() {
        String v = special.get("__failure_expire_time");
        return v == null ? 0 : ActionSpec.seconds(v);
    }

    private int intSpecial(String name, int fallback) {
        String v = special.get(name);
        if (v == null) return fallback;
        if (v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("true")) return 1;
        if (v.equalsIgnoreCase("no") || v.equalsIgnoreCase("false")) return 0;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
