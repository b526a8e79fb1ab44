package org.jrhcs.rg.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The resources of one configuration and the trees built from them: the resource list
 * (declared resources, then inline ones), how many tree nodes use each resource, the
 * top-level trees (services) in configuration order, and the warnings building gave.
 * Built by {@link TreeBuilder}; immutable.
 */
public record ResourceTree(List<Resource> resources, Map<String, Integer> instances, List<ResourceNode> roots,
                           List<String> warnings) {

    public ResourceTree {
        resources = List.copyOf(resources);
        instances = Collections.unmodifiableMap(new LinkedHashMap<>(instances));
        roots = List.copyOf(roots);
        warnings = List.copyOf(warnings);
    }

    /** Tree nodes that use {@code r}. */
    public int instancesOf(Resource r) { return instances.getOrDefault(r.key(), 0); }

    /** The top-level tree of the given type and primary value, e.g. ("service", "web"). */
    public Optional<ResourceNode> root(String type, String name) {
        return roots.stream()
                .filter(n -> n.type().name().equals(type) && name.equals(n.resource().primaryValue()))
                .findFirst();
    }

    public Optional<ResourceNode> service(String name) { return root("service", name); }

    /**
     * Start order of a subtree: the node, then its typed children by start level (ties in
     * tree order), then its untyped children in tree order, each child's subtree whole.
     */
    public static List<ResourceNode> startOrder(ResourceNode node) {
        List<ResourceNode> out = new ArrayList<>();
        addStart(node, out);
        return out;
    }

    /**
     * Stop order of a subtree: untyped children in reverse tree order, then typed children
     * by stop level (ties in reverse tree order), each child's subtree whole, the node last.
     */
    public static List<ResourceNode> stopOrder(ResourceNode node) {
        List<ResourceNode> out = new ArrayList<>();
        addStop(node, out);
        return out;
    }

    private static void addStart(ResourceNode node, List<ResourceNode> out) {
        out.add(node);
        List<ResourceNode> typed = new ArrayList<>(), untyped = new ArrayList<>();
        for (ResourceNode c : node.children()) (c.typed() ? typed : untyped).add(c);
        typed.sort(Comparator.comparingInt(ResourceNode::startLevel)); // stable: ties keep tree order
        for (ResourceNode c : typed) addStart(c, out);
        for (ResourceNode c : untyped) addStart(c, out);
    }

    private static void addStop(ResourceNode node, List<ResourceNode> out) {
        List<ResourceNode> typed = new ArrayList<>(), untyped = new ArrayList<>();
        for (ResourceNode c : node.children()) (c.typed() ? typed : untyped).add(c);
        Collections.reverse(untyped);
        Collections.reverse(typed);
        typed.sort(Comparator.comparingInt(ResourceNode::stopLevel));
        for (ResourceNode c : untyped) addStop(c, out);
        for (ResourceNode c : typed) addStop(c, out);
        out.add(node);
    }
}
