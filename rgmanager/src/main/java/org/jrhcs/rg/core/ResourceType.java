package org.jrhcs.rg.core;

import java.util.List;
import java.util.Optional;

/**
 * A resource type as its agent describes it in {@code meta-data}. {@code agent} is the
 * agent's file name in the agent directory (rg_test prints it); {@code maxInstances}
 * 0 means unlimited.
 */
public record ResourceType(String name, String agent, List<ParamSpec> params, List<ActionSpec> actions,
                           int maxInstances, List<ChildRule> children) {

    public ResourceType {
        params = List.copyOf(params);
        actions = List.copyOf(actions);
        children = List.copyOf(children);
        if (params.stream().filter(ParamSpec::primary).count() != 1)
            throw new IllegalArgumentException("agent " + agent + " (type " + name + ") must have exactly one primary parameter");
    }

    public ParamSpec primary() {
        return params.stream().filter(ParamSpec::primary).findFirst().orElseThrow();
    }

    public Optional<ParamSpec> param(String paramName) {
        return params.stream().filter(p -> p.name().equals(paramName)).findFirst();
    }

    /** The rule for children of {@code type}, if the metadata names that type. */
    public Optional<ChildRule> childRule(String type) {
        return children.stream().filter(c -> c.type().equals(type)).findFirst();
    }

    /**
     * The action's timeout in seconds for a status depth (the deepest declared depth not
     * above {@code depth}), or 0 when the metadata does not declare the action.
     */
    public int timeout(String action, int depth) {
        ActionSpec best = null;
        for (ActionSpec a : actions)
            if (a.name().equals(action) && a.depth() <= depth && (best == null || a.depth() >= best.depth())) best = a;
        return best == null ? 0 : best.timeoutSeconds();
    }

    public boolean hasAction(String action) {
        return actions.stream().anyMatch(a -> a.name().equals(action));
    }

    /**
     * The status checks the metadata asks for: one per declared depth of {@code status}
     * (or {@code monitor} when the agent has no status), with its interval and timeout,
     * shallowest first. The service manager schedules each depth on its own interval.
     */
    public List<ActionSpec> statusChecks() {
        String name = hasAction("status") ? "status" : "monitor";
        java.util.Map<Integer, ActionSpec> byDepth = new java.util.TreeMap<>();
        for (ActionSpec a : actions)
            if (a.name().equals(name)) byDepth.putIfAbsent(a.depth(), a);
        return List.copyOf(byDepth.values());
    }
}
