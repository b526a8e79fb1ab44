package org.jrhcs.rg.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jrhcs.ccs.ConfNode;

/**
 * Builds the resource list and the resource trees of an {@code <rm>} element from the
 * agents' metadata. Pure: the configuration and the metadata in, a {@link ResourceTree}
 * or a {@link ResourceException} naming the element and its line out.
 *
 * <p>Rules (rgmanager's): resources are declared under {@code <resources>} and used with
 * {@code ref=}, or written inline; a resource used more often than its type's
 * {@code maxinstances} is left out of the tree with a warning; inherited parameters come
 * from the parent node ({@code "attr"}) or only from a parent of the named type
 * ({@code "type%attr"}); a child type the parent's metadata forbids is an error.
 */
public final class TreeBuilder {
    private final Map<String, ResourceType> types;
    private final List<Resource> declared = new ArrayList<>();
    private final List<Resource> inline = new ArrayList<>();
    private final Map<String, Resource> byKey = new HashMap<>();
    private final Map<String, Integer> instances = new LinkedHashMap<>();
    private final Map<String, Resource> uniqueValues = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();

    private TreeBuilder(Map<String, ResourceType> types) {
        this.types = types;
    }

    /**
     * @param rm    the {@code <rm>} element (a {@code <cluster>} element is accepted too)
     * @param types resource types by type name, from the agents' metadata
     */
    public static ResourceTree build(ConfNode rm, Map<String, ResourceType> types) throws ResourceException {
        if (rm.tag().equals("cluster")) {
            var child = rm.child("rm");
            if (child.isEmpty()) return new ResourceTree(List.of(), Map.of(), List.of(), List.of());
            rm = child.get();
        }
        return new TreeBuilder(types).run(rm);
    }

    private ResourceTree run(ConfNode rm) throws ResourceException {
        for (ConfNode res : rm.children("resources"))
            for (ConfNode def : res.children()) declare(def);
        // The list shows resources grouped by agent, as rgmanager loads them agent by agent.
        List<Resource> list = new ArrayList<>(declared);
        list.sort(Comparator.comparing((Resource r) -> r.type().agent()));
        for (Resource r : list) instances.put(r.key(), 0);

        List<ResourceNode> roots = new ArrayList<>();
        for (ConfNode top : rm.children()) {
            if (!types.containsKey(top.tag())) continue; // <resources>, <failoverdomains>, <events>, ...
            ResourceNode n = node(top, null);
            if (n != null) roots.add(n);
        }
        list.addAll(inline);
        return new ResourceTree(list, instances, roots, warnings);
    }

    private ResourceType typeOf(ConfNode e) throws ResourceException {
        ResourceType t = types.get(e.tag());
        if (t == null)
            throw new ResourceException(e.location(), "<" + e.tag() + ">: unknown resource type (no agent provides it)");
        return t;
    }

    private void declare(ConfNode def) throws ResourceException {
        Resource r = resource(def, typeOf(def), false);
        if (byKey.containsKey(r.key()))
            throw new ResourceException(def.location(), "<" + def.tag() + "> " + r.type().primary().name() + "=\""
                    + r.primaryValue() + "\" is declared twice (first at " + byKey.get(r.key()).location() + ")");
        checkUnique(r);
        byKey.put(r.key(), r);
        declared.add(r);
    }

    private static Resource resource(ConfNode e, ResourceType t, boolean inline) throws ResourceException {
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> defaulted = new HashSet<>();
        for (ParamSpec p : t.params()) {
            if (p.inherited()) continue;
            String v = e.attr(p.name());
            if (v != null) values.put(p.name(), v);
            else if (p.defaultValue() != null) { // rgmanager lists defaults as if written
                values.put(p.name(), p.defaultValue());
                defaulted.add(p.name());
            }
            else if (p.required())
                throw new ResourceException(e.location(), "<" + e.tag() + ">: missing required parameter \"" + p.name() + "\"");
        }
        if (!values.containsKey(t.primary().name()))
            throw new ResourceException(e.location(), "<" + e.tag() + ">: missing primary parameter \"" + t.primary().name() + "\"");
        return new Resource(t, values, defaulted, inline, e.location());
    }

    /** A unique parameter's value may belong to one resource of a type only. */
    private void checkUnique(Resource r) throws ResourceException {
        for (ParamSpec p : r.type().params()) {
            if (!p.unique() || p.primary()) continue;
            String v = r.written(p.name()); // a shared default is no collision
            if (v == null) continue;
            Resource other = uniqueValues.putIfAbsent(r.type().name() + "/" + p.name() + "=" + v, r);
            if (other != null && other != r)
                throw new ResourceException(r.location(), "<" + r.type().name() + "> " + p.name() + "=\"" + v
                        + "\" must be unique but is also used by " + other.key() + " at " + other.location());
        }
    }

    /** Builds one tree node and its subtree; null when the resource has no instance left. */
    private ResourceNode node(ConfNode e, ResourceNode parent) throws ResourceException {
        ResourceType t = typeOf(e);
        ChildRule rule = null;
        if (parent != null) {
            rule = parent.type().childRule(t.name()).orElse(null);
            if (rule != null && rule.forbid())
                throw new ResourceException(e.location(), "<" + e.tag() + "> may not be a child of <"
                        + parent.type().name() + "> (forbidden by " + parent.type().agent() + ")");
        }
        Resource r = use(e, t);
        int used = instances.getOrDefault(r.key(), 0);
        if (t.maxInstances() > 0 && used >= t.maxInstances()) {
            warnings.add("Max references exceeded for resource " + t.primary().name() + " (type " + t.name() + ")");
            return null;
        }
        instances.put(r.key(), used + 1);

        Map<String, String> attrs = new LinkedHashMap<>();
        for (ParamSpec p : t.params()) {
            if (p.inherited()) attrs.put(p.name(), inherit(parent, p.inherit()));
            else if (r.values().containsKey(p.name())) attrs.put(p.name(), r.values().get(p.name()));
        }
        Map<String, String> special = new LinkedHashMap<>();
        e.attributes().forEach((k, v) -> { if (k.startsWith("__")) special.put(k, v); });

        boolean typed = rule != null;
        int start = typed ? rule.start() : 0, stop = typed ? rule.stop() : 0;
        // Children need this node's resolved attributes; build a provisional node first.
        List<ActionSpec> overrides = new ArrayList<>();
        for (ConfNode c : e.children("action")) overrides.add(actionOverride(c));
        ResourceNode self = new ResourceNode(r, attrs, special, List.of(), typed, start, stop, e.location(), overrides);
        List<ResourceNode> kids = new ArrayList<>();
        for (ConfNode c : e.children()) {
            if (c.tag().equals("action")) continue;
            ResourceNode k = node(c, self);
            if (k != null) kids.add(k);
        }
        kids.sort(Comparator.comparingInt(k -> treeRank(t, k)));
        return new ResourceNode(r, attrs, special, kids, typed, start, stop, e.location(), overrides);
    }

    /** {@code <action name="status" depth="*|N" interval="10" timeout="20"/>} under a resource. */
    private static ActionSpec actionOverride(ConfNode c) throws ResourceException {
        String name = c.attr("name");
        if (name == null || name.isBlank()) throw new ResourceException(c.location(), "<action> without a name");
        String depth = c.attr("depth", "*").trim();
        int d;
        try {
            d = depth.equals("*") ? ResourceNode.ANY_DEPTH : Integer.parseInt(depth);
        } catch (NumberFormatException x) {
            throw new ResourceException(c.location(), "<action name=\"" + name + "\">: depth must be * or a number, not \"" + depth + "\"");
        }
        try {
            int interval = ActionSpec.seconds(c.attr("interval")), timeout = ActionSpec.seconds(c.attr("timeout"));
            if (interval < 0 || timeout < 0) throw new IllegalArgumentException("a negative time");
            return new ActionSpec(name, timeout, interval, d);
        } catch (IllegalArgumentException x) {
            throw new ResourceException(c.location(), "<action name=\"" + name + "\">: " + x.getMessage());
        }
    }

    /** Typed children in the order the parent's metadata lists their types, untyped after. */
    private static int treeRank(ResourceType parent, ResourceNode child) {
        List<ChildRule> rules = parent.children();
        for (int i = 0; i < rules.size(); i++)
            if (rules.get(i).type().equals(child.type().name())) return i;
        return rules.size();
    }

    /** The resource an element uses: the declared one it refers to, or an inline one. */
    private Resource use(ConfNode e, ResourceType t) throws ResourceException {
        String ref = e.attr("ref");
        if (ref != null) {
            Resource r = byKey.get(t.name() + ":" + ref);
            if (r == null)
                throw new ResourceException(e.location(), "<" + e.tag() + " ref=\"" + ref + "\">: no such <" + t.name()
                        + "> under <resources>");
            return r;
        }
        Resource r = resource(e, t, true);
        Resource known = byKey.get(r.key());
        if (known != null) {
            if (!known.sameConfig(r))
                throw new ResourceException(e.location(), "<" + e.tag() + "> " + t.primary().name() + "=\"" + r.primaryValue()
                        + "\" differs from the resource of that name at " + known.location() + "; use ref=");
            return known;
        }
        checkUnique(r);
        byKey.put(r.key(), r);
        inline.add(r);
        return r;
    }

    private static String inherit(ResourceNode parent, String spec) {
        if (parent == null) return null;
        String attr = spec;
        int pct = spec.indexOf('%');
        if (pct >= 0) {
            if (!parent.type().name().equals(spec.substring(0, pct))) return null;
            attr = spec.substring(pct + 1);
        }
        return parent.attributes().get(attr);
    }
}
