package org.jrhcs.rg.core;

import java.util.List;
import java.util.function.Function;

/** The text rg_test prints: resource lists, trees and start/stop orders, in RHCS's exact shape. */
public final class RgTestFormat {
    private RgTestFormat() {}

    public static String warnings(ResourceTree tree) {
        StringBuilder b = new StringBuilder();
        for (String w : tree.warnings()) b.append("Warning: ").append(w).append('\n');
        return b.toString();
    }

    public static String resourceList(ResourceTree tree, Function<Resource, Delta.Flag> flags) {
        StringBuilder b = new StringBuilder();
        for (Resource r : tree.resources()) {
            ResourceType t = r.type();
            b.append("Resource type: ").append(t.name());
            if (r.inline()) b.append(" [INLINE]");
            Delta.Flag f = flags.apply(r);
            if (f != null) b.append(" [").append(f).append(']');
            b.append('\n');
            if (t.maxInstances() > 0)
                b.append("Instances: ").append(tree.instancesOf(r)).append('/').append(t.maxInstances()).append('\n');
            b.append("Agent: ").append(t.agent()).append('\n');
            b.append("Attributes:\n");
            for (ParamSpec p : t.params()) {
                if (p.inherited()) b.append("  ").append(p.name()).append(p.flagText()).append('\n');
                else if (r.values().containsKey(p.name()))
                    b.append("  ").append(p.name()).append(" = ").append(r.values().get(p.name())).append(p.flagText()).append('\n');
            }
            b.append('\n');
        }
        return b.toString();
    }

    public static String trees(ResourceTree tree, Function<ResourceNode, Delta.Flag> flags) {
        StringBuilder b = new StringBuilder();
        for (ResourceNode root : tree.roots()) node(b, root, 0, flags);
        return b.toString();
    }

    // An inherited parameter without a value prints its indentation and nothing else;
    // rg_test has always done so, and the reference outputs keep that whitespace.
    private static void node(StringBuilder b, ResourceNode n, int depth, Function<ResourceNode, Delta.Flag> flags) {
        String pad = "  ".repeat(depth);
        b.append(pad).append(n.type().name());
        Delta.Flag f = flags.apply(n);
        if (f != null) b.append(" [ ").append(f).append(" ]");
        b.append(" {\n");
        n.attributes().forEach((k, v) -> {
            b.append(pad).append("  ");
            if (v != null) b.append(k).append(" = \"").append(v).append("\";\n");
        });
        for (ResourceNode c : n.children()) node(b, c, depth + 1, flags);
        b.append(pad).append("}\n");
    }

    public static String test(ResourceTree tree) {
        return warnings(tree) + "=== Resources List ===\n" + resourceList(tree, r -> null)
                + "=== Resource Tree ===\n" + trees(tree, n -> null);
    }

    public static String delta(Delta d) {
        return warnings(d.oldTree()) + warnings(d.newTree())
                + "=== Old Resource List ===\n" + resourceList(d.oldTree(), d::oldResource)
                + "=== New Resource List ===\n" + resourceList(d.newTree(), d::newResource)
                + "=== Old Resource Tree ===\n" + trees(d.oldTree(), d::oldNode)
                + "=== New Resource Tree ===\n" + trees(d.newTree(), d::newNode);
    }

    /** What {@code rg_test noop FILE start|stop service NAME} prints after the warnings. */
    public static String noop(ResourceNode root, boolean start) {
        String name = root.resource().primaryValue();
        List<ResourceNode> order = start ? ResourceTree.startOrder(root) : ResourceTree.stopOrder(root);
        StringBuilder b = new StringBuilder(start ? "Starting " : "Stopping ").append(name).append("...\n");
        for (ResourceNode n : order) b.append(start ? "[start] " : "[stop] ").append(n.label()).append('\n');
        b.append(start ? "Start of " : "Stop of ").append(name).append(" complete\n");
        return b.toString();
    }
}
