package org.jrhcs.rg.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a configuration reload must do, as rgmanager decides it: resources compared by
 * type and primary value, tree nodes compared within matching parents.
 *
 * <ul>
 * <li>Resource list: a resource gone or changed is {@code NEEDSTOP} in the old list; a
 *     resource new or changed is {@code NEEDSTART} in the new list; a change only in
 *     parameters marked {@code reconfig} is {@code NEEDRECONFIG} in the new list.</li>
 * <li>Trees: a node with no match under the matching parent is {@code NEEDSTOP} (old) or
 *     {@code NEEDSTART} (new); a matched node whose resource changed is both. A flagged
 *     node stands for its whole subtree, so nothing below it is flagged.</li>
 * </ul>
 */
public final class Delta {
    public enum Flag { NEEDSTART, NEEDSTOP, NEEDRECONFIG }

    private final ResourceTree oldTree, newTree;
    private final Map<String, Flag> oldList = new HashMap<>(), newList = new HashMap<>();
    private final Map<ResourceNode, Flag> oldNodes = new IdentityHashMap<>(), newNodes = new IdentityHashMap<>();

    private Delta(ResourceTree oldTree, ResourceTree newTree) {
        this.oldTree = oldTree;
        this.newTree = newTree;
    }

    public static Delta between(ResourceTree oldTree, ResourceTree newTree) {
        Delta d = new Delta(oldTree, newTree);
        d.compareLists();
        d.compareChildren(oldTree.roots(), newTree.roots());
        return d;
    }

    private void compareLists() {
        Map<String, Resource> fresh = new HashMap<>();
        for (Resource r : newTree.resources()) fresh.put(r.key(), r);
        Map<String, Resource> stale = new HashMap<>();
        for (Resource r : oldTree.resources()) {
            stale.put(r.key(), r);
            Resource n = fresh.get(r.key());
            if (n == null) oldList.put(r.key(), Flag.NEEDSTOP);
            else if (!n.sameConfig(r)) {
                if (n.differsOnlyInReconfigurable(r)) newList.put(r.key(), Flag.NEEDRECONFIG);
                else {
                    oldList.put(r.key(), Flag.NEEDSTOP);
                    newList.put(r.key(), Flag.NEEDSTART);
                }
            }
        }
        for (Resource r : newTree.resources())
            if (!stale.containsKey(r.key())) newList.put(r.key(), Flag.NEEDSTART);
    }

    private void compareChildren(List<ResourceNode> olds, List<ResourceNode> news) {
        // Unmatched new nodes by key, each list in tree order (a key may repeat under one parent).
        Map<String, java.util.ArrayDeque<ResourceNode>> unmatched = new java.util.LinkedHashMap<>();
        for (ResourceNode n : news) unmatched.computeIfAbsent(n.resource().key(), k -> new java.util.ArrayDeque<>()).add(n);
        for (ResourceNode o : olds) {
            java.util.ArrayDeque<ResourceNode> candidates = unmatched.get(o.resource().key());
            ResourceNode match = candidates == null ? null : candidates.poll();
            if (match == null) {
                oldNodes.put(o, Flag.NEEDSTOP);
                continue;
            }
            Flag listed = newList.get(match.resource().key());
            if (oldList.get(o.resource().key()) == Flag.NEEDSTOP && listed == Flag.NEEDSTART) {
                oldNodes.put(o, Flag.NEEDSTOP);
                newNodes.put(match, Flag.NEEDSTART);
                continue;
            }
            if (listed == Flag.NEEDRECONFIG) newNodes.put(match, Flag.NEEDRECONFIG);
            compareChildren(o.children(), match.children());
        }
        for (ResourceNode n : news)
            if (unmatched.get(n.resource().key()).contains(n)) newNodes.put(n, Flag.NEEDSTART);
    }

    public ResourceTree oldTree() { return oldTree; }

    public ResourceTree newTree() { return newTree; }

    /** The flag of a resource of the old list, or null. */
    public Flag oldResource(Resource r) { return oldList.get(r.key()); }

    public Flag newResource(Resource r) { return newList.get(r.key()); }

    /** The flag of a node of the old trees, or null. */
    public Flag oldNode(ResourceNode n) { return oldNodes.get(n); }

    public Flag newNode(ResourceNode n) { return newNodes.get(n); }

    /** Old subtrees to stop, each in stop order, deepest-first across the whole config. */
    public List<List<ResourceNode>> stops() {
        List<List<ResourceNode>> out = new ArrayList<>();
        for (ResourceNode root : oldTree.roots())
            for (ResourceNode n : ResourceTree.stopOrder(root))
                if (oldNodes.get(n) == Flag.NEEDSTOP) out.add(ResourceTree.stopOrder(n));
        return Collections.unmodifiableList(out);
    }

    /** New subtrees to start, each in start order. */
    public List<List<ResourceNode>> starts() {
        List<List<ResourceNode>> out = new ArrayList<>();
        for (ResourceNode root : newTree.roots())
            for (ResourceNode n : ResourceTree.startOrder(root))
                if (newNodes.get(n) == Flag.NEEDSTART) out.add(ResourceTree.startOrder(n));
        return Collections.unmodifiableList(out);
    }
}
