package org.jrhcs.rg.core.state;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Copies of services that run where the table does not put them, until their node confirms
 * the stop (part of the replicated table; pure: every member applies the same changes in the
 * same order).
 *
 * <p>A member that gave its table up at a partition merge (or was told to resynchronise)
 * probes and may find a service running that the kept table gives to another node, often a
 * node that has since rebooted and runs nothing (sim seeds 14607, 18367). The copy must go,
 * and until its stop is confirmed it is as real as any owner's: nothing may start the service
 * anywhere. Without this record the stop was the member's private business; the other node's
 * probe marked the service stopped and the decision maker started it beside the copy still
 * being stopped. The same holds for a start that finishes on a node the table no longer expects.
 *
 * <p>A copy is gone when its node reports the stop worked, probes again without it, or is
 * fenced or leaves cleanly (a clean leave stops everything first). A failed stop keeps it:
 * the copy may still run, so the service waits for the node's fence or next probe.
 */
public final class StrayCopies {
    /** service -> nodes holding a copy the table does not count. */
    private final Map<String, Set<String>> copies = new TreeMap<>();

    /** {@code node} runs {@code service} although the table does not give it the service. */
    public void found(String service, String node) {
        copies.computeIfAbsent(service, k -> new TreeSet<>()).add(node);
    }

    /**
     * {@code node} reports a stop of {@code service}.
     *
     * @return whether that stop was of a copy recorded here (it is gone if {@code ok})
     */
    public boolean stopped(String service, String node, boolean ok) {
        Set<String> nodes = copies.get(service);
        if (nodes == null || !nodes.contains(node)) return false;
        if (ok) remove(service, node);
        return true;
    }

    /** {@code node} probed: its copies of services it no longer runs are gone. */
    public void probed(String node, Collection<String> running) {
        for (String service : List.copyOf(copies.keySet()))
            if (!running.contains(service)) remove(service, node);
    }

    /** {@code node} was fenced or left cleanly: none of its copies runs. */
    public void gone(String node) {
        for (String service : List.copyOf(copies.keySet())) remove(service, node);
    }

    /** A service that is no longer configured. */
    public void forget(String service) { copies.remove(service); }

    /** A node whose copy of {@code service} may still run, or null: while there is one, the service starts nowhere. */
    public String blocking(String service) {
        Set<String> nodes = copies.get(service);
        return nodes == null || nodes.isEmpty() ? null : nodes.iterator().next();
    }

    public boolean holds(String service, String node) {
        Set<String> nodes = copies.get(service);
        return nodes != null && nodes.contains(node);
    }

    /** Whether {@code node} still has a copy to stop (it must not leave before). */
    public boolean anyOn(String node) {
        return copies.values().stream().anyMatch(n -> n.contains(node));
    }

    /** An immutable image, for snapshots. */
    public Map<String, Set<String>> image() {
        Map<String, Set<String>> m = new TreeMap<>();
        copies.forEach((s, n) -> m.put(s, Set.copyOf(n)));
        return Map.copyOf(m);
    }

    /** Replaces everything with {@code image} (a snapshot being installed). */
    public void install(Map<String, Set<String>> image) {
        copies.clear();
        image.forEach((s, n) -> {
            if (!n.isEmpty()) copies.put(s, new TreeSet<>(n));
        });
    }

    private void remove(String service, String node) {
        Set<String> nodes = copies.get(service);
        if (nodes == null) return;
        nodes.remove(node);
        if (nodes.isEmpty()) copies.remove(service);
    }

    @Override public String toString() { return copies.toString(); }
}
