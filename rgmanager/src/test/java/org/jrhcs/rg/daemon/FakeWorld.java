package org.jrhcs.rg.daemon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What really runs where, for daemon tests: the fake resource engine of every node
 * writes here, and fencing a node powers it off (its services stop existing). The
 * one-owner invariant is checked at every start and whenever a test asks.
 */
final class FakeWorld implements FenceOracle {
    private final Map<String, Set<String>> running = new LinkedHashMap<>();   // service -> nodes
    private final Map<String, Long> lastFence = new LinkedHashMap<>();           // node -> epoch ms, as fenced_last
    private final Set<String> failingStatus = new LinkedHashSet<>();          // "service@node"
    private final Set<String> failingStart = new LinkedHashSet<>();
    private final Set<String> failingStop = new LinkedHashSet<>();
    private final List<String> violations = new ArrayList<>();
    private final List<String> journal = new ArrayList<>();
    volatile long checkIntervalMs = 50;

    ServiceRunner runner(String node) {
        return new ServiceRunner() {
            public boolean start(String s) { return FakeWorld.this.start(s, node); }
            public boolean stop(String s) { return FakeWorld.this.stop(s, node); }
            public boolean status(String s) { return FakeWorld.this.status(s, node); }
            public boolean probe(String s) { return FakeWorld.this.runs(s, node); }
            public long checkIntervalMs(String s) { return checkIntervalMs; }
        };
    }

    synchronized boolean start(String s, String node) {
        journal.add("start " + s + " " + node);
        if (failingStart.contains(s + "@" + node)) return false;
        Set<String> on = running.computeIfAbsent(s, k -> new LinkedHashSet<>());
        on.add(node);
        if (on.size() > 1) violations.add(s + " runs on " + on + " (start on " + node + ")");
        return true;
    }

    synchronized boolean stop(String s, String node) {
        journal.add("stop " + s + " " + node);
        if (failingStop.contains(s + "@" + node)) return false;
        running.getOrDefault(s, new LinkedHashSet<>()).remove(node);
        return true;
    }

    synchronized boolean status(String s, String node) {
        return runs(s, node) && !failingStatus.contains(s + "@" + node);
    }

    synchronized boolean runs(String s, String node) { return running.getOrDefault(s, Set.of()).contains(node); }

    synchronized Set<String> where(String s) { return Set.copyOf(running.getOrDefault(s, Set.of())); }

    synchronized void failStatus(String s, String node, boolean fail) {
        if (fail) failingStatus.add(s + "@" + node); else failingStatus.remove(s + "@" + node);
    }

    synchronized void failStart(String s, String node, boolean fail) {
        if (fail) failingStart.add(s + "@" + node); else failingStart.remove(s + "@" + node);
    }

    synchronized void failStop(String s, String node, boolean fail) {
        if (fail) failingStop.add(s + "@" + node); else failingStop.remove(s + "@" + node);
    }

    /** fence_node: the node is powered off, so nothing runs there any more. */
    void fence(String node) { fence(node, System.currentTimeMillis()); }

    /** A fence that fenced records as done at {@code time} (fenced remembers only the last one per node). */
    synchronized void fence(String node, long time) {
        lastFence.put(node, time);
        journal.add("fence " + node);
        for (Set<String> on : running.values()) on.remove(node);
    }

    /** As fenced answers {@code fenced_last} (never pending here), judged by the daemon's rule. */
    @Override public synchronized boolean fencedSince(String node, long sinceMillis) {
        return org.jrhcs.rg.core.state.FenceGate.covers(sinceMillis, lastFence.getOrDefault(node, 0L), false);
    }

    synchronized List<String> journal() { return List.copyOf(journal); }

    /** Fails the test's check when any service ever ran on two nodes at once. */
    synchronized List<String> violations() {
        List<String> v = new ArrayList<>(violations);
        running.forEach((s, on) -> { if (on.size() > 1) v.add(s + " runs on " + on); });
        return v;
    }
}
