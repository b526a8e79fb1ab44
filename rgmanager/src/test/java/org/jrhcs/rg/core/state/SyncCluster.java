package org.jrhcs.rg.core.state;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jrhcs.cman.client.GroupView;
import org.jrhcs.rg.wire.RgWire;

/**
 * Several {@link RgCore}s and a total-order group, all in the test's thread: nothing
 * happens until the test delivers. Every message goes through the wire codec, so the
 * tests exercise it too. Agent work is recorded and completed by the test.
 */
final class SyncCluster {
    final RgConfig config;
    final Map<Integer, RgCore> cores = new TreeMap<>();
    final Map<Integer, Deque<Input>> inboxes = new TreeMap<>();
    final Map<Integer, List<Effect>> effects = new TreeMap<>();
    final Map<Integer, List<String>> logs = new TreeMap<>();
    final Map<Integer, Deque<Effect>> agentWork = new TreeMap<>();
    /** What really runs on each node (agent starts and stops that worked). */
    final Map<Integer, java.util.Set<String>> running = new TreeMap<>();
    /** Partition side of each node (all 0 when whole) and whether each side is quorate. */
    final Map<Integer, Integer> side = new TreeMap<>();
    final Map<Integer, Boolean> sideQuorate = new TreeMap<>();
    long now = 1_000_000;
    long generation = 1;
    boolean quorate = true;
    /** Starts that began while the service still ran on another node (a stop under way counts as running). */
    final List<String> secondCopies = new ArrayList<>();
    /** settle() gives up after this many deliveries (a livelock fails the test instead of hanging it). */
    int maxSteps = 20_000;

    SyncCluster(RgConfig config) { this.config = config; }

    void join(int id) {
        RgCore c = new RgCore(config, id);
        cores.put(id, c);
        inboxes.put(id, new ArrayDeque<>());
        effects.put(id, new ArrayList<>());
        logs.computeIfAbsent(id, k -> new ArrayList<>());
        agentWork.put(id, new ArrayDeque<>());
        running.put(id, new java.util.TreeSet<>());
        side.put(id, 0);
        view(List.of(id), List.of(), List.of());
    }

    void fail(int id) { remove(id, true); }

    void leave(int id) { remove(id, false); }

    private void remove(int id, boolean failed) {
        cores.remove(id);
        inboxes.remove(id);
        agentWork.remove(id);
        running.remove(id);
        side.remove(id);
        view(List.of(), failed ? List.of() : List.of(id), failed ? List.of(id) : List.of());
    }

    /**
     * Node {@code id} hangs through a membership change: the others see it fail, while it keeps
     * its last view and, as a stale member, hears only its own messages (what a JGroups
     * sequencer that was dropped delivers to itself).
     */
    void strand(int id) {
        side.put(id, -id);
        generation++;
        List<Integer> rest = cores.keySet().stream().filter(m -> m != id).toList();
        for (int m : rest)
            inboxes.get(m).add(new Input.View(new GroupView("rgmanager", generation, rest, List.of(), List.of(), List.of(id), quorate, m)));
    }

    /** The node is powered off (fenced): it is gone, and no view says so (it was already out). */
    void powerOff(int id) {
        cores.remove(id);
        inboxes.remove(id);
        agentWork.remove(id);
        running.remove(id);
        side.remove(id);
    }

    /** Node {@code id} crashes and boots again so fast that one view reports it failed and joined. */
    void bounce(int id) {
        cores.put(id, new RgCore(config, id));
        inboxes.get(id).clear();
        agentWork.get(id).clear();
        running.get(id).clear();
        view(List.of(id), List.of(), List.of(id));
    }

    /**
     * Node {@code id}'s rgmanager loses its table while the others still count it as holding
     * one (no view tells them): its new core sees the current members, none of them joining.
     */
    void forget(int id) {
        cores.put(id, new RgCore(config, id));
        inboxes.get(id).clear();
        generation++;
        List<Integer> members = List.copyOf(cores.keySet());
        inboxes.get(id).add(new Input.View(new GroupView("rgmanager", generation, members, List.of(), List.of(), List.of(), quorate, id)));
    }

    /** A view for one node only: cman telling members different things. */
    void viewTo(int id, List<Integer> members, List<Integer> joined, List<Integer> failed) {
        generation++;
        inboxes.get(id).add(new Input.View(new GroupView("rgmanager", generation, members, joined, List.of(), failed, quorate, id)));
    }

    void setQuorate(boolean q) {
        quorate = q;
        view(List.of(), List.of(), List.of());
    }

    private void view(List<Integer> joined, List<Integer> left, List<Integer> failed) {
        generation++;
        List<Integer> members = List.copyOf(cores.keySet());
        for (int m : members)
            inboxes.get(m).add(new Input.View(new GroupView("rgmanager", generation, members, joined, left, failed, quorate, m)));
    }

    /**
     * Splits the group: the nodes of {@code a} form one side, the rest the other; each side
     * sees the other's members fail. Messages reach only the sender's side until {@link #heal}.
     */
    void split(java.util.Set<Integer> a, boolean aQuorate, boolean bQuorate) {
        for (int id : cores.keySet()) side.put(id, a.contains(id) ? 1 : 2);
        sideQuorate.put(1, aQuorate);
        sideQuorate.put(2, bQuorate);
        sideViews(id -> List.of(), id -> otherSide(id));
    }

    /** Joins the sides again: each sees the other's members join (cman merged the partitions). */
    void heal() {
        java.util.Map<Integer, Integer> before = new TreeMap<>(side);
        for (int id : cores.keySet()) side.put(id, 0);
        sideQuorate.clear();
        sideViews(id -> before.entrySet().stream().filter(e -> !e.getValue().equals(before.get(id))).map(Map.Entry::getKey).toList(),
                id -> List.of());
    }

    private List<Integer> otherSide(int id) {
        return cores.keySet().stream().filter(m -> !side.get(m).equals(side.get(id))).toList();
    }

    private void sideViews(java.util.function.Function<Integer, List<Integer>> joined, java.util.function.Function<Integer, List<Integer>> failed) {
        generation++;
        for (int m : cores.keySet()) {
            List<Integer> members = cores.keySet().stream().filter(x -> side.get(x).equals(side.get(m))).toList();
            boolean q = sideQuorate.getOrDefault(side.get(m), quorate);
            inboxes.get(m).add(new Input.View(new GroupView("rgmanager", generation, members, joined.apply(m), List.of(),
                    failed.apply(m), q, m)));
        }
    }

    /** Nodes on which {@code service} really runs. */
    List<Integer> runningOn(String service) {
        return running.entrySet().stream().filter(e -> e.getValue().contains(service)).map(Map.Entry::getKey).toList();
    }

    /** Feeds a local input to one node (its effects are carried out at once). */
    void local(int id, Input in) { handle(id, in); }

    /** Delivers everything queued, in order, until the group is quiet. Returns the steps taken. */
    int settle() {
        int steps = 0;
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int id : List.copyOf(cores.keySet())) {
                Deque<Input> q = inboxes.get(id);
                if (q == null || q.isEmpty()) continue;
                handle(id, q.poll());
                progress = true;
                if (++steps > maxSteps) throw new AssertionError("still delivering after " + maxSteps + " messages (a livelock?)");
            }
        }
        return steps;
    }

    /** Completes every agent operation queued on every node, successfully unless {@code ok} says no. */
    void runAgents(boolean ok) { runAgents(ok, false); }

    /** Completes only the status probes queued (what each node really runs), leaving starts and stops under way. */
    void runProbes() { runAgents(true, true); }

    private void runAgents(boolean ok, boolean probesOnly) {
        for (int id : List.copyOf(agentWork.keySet())) {
            Deque<Effect> w = agentWork.get(id);
            for (Effect e : List.copyOf(w == null ? List.<Effect>of() : w)) {
                if (probesOnly && !(e instanceof Effect.RunProbe)) continue;
                w.remove(e);
                if (e instanceof Effect.RunStart s) {
                    if (ok) running.get(id).add(s.service());
                    handle(id, new Input.AgentDone(s.service(), true, ok, true));
                } else if (e instanceof Effect.RunStop s) {
                    if (ok) running.get(id).remove(s.service());
                    handle(id, new Input.AgentDone(s.service(), false, ok, ok));
                } else if (e instanceof Effect.RunProbe) {
                    handle(id, new Input.ProbeDone(List.copyOf(running.get(id))));
                }
            }
        }
    }

    /** Delivers and runs agents until nothing moves. */
    void converge() {
        for (int i = 0; i < 50; i++) {
            int steps = settle();
            boolean work = agentWork.values().stream().anyMatch(d -> !d.isEmpty());
            if (steps == 0 && !work) return;
            runAgents(true);
        }
        throw new AssertionError("no convergence");
    }

    private void handle(int id, Input in) {
        RgCore c = cores.get(id);
        if (c == null) return;
        now += 10;
        for (Effect e : c.handle(in, now)) {
            effects.get(id).add(e);
            if (e instanceof Effect.Send s) {
                var decoded = RgWire.decode(RgWire.encode(s.message()));
                for (int m : cores.keySet())
                    if (side.get(m).equals(side.get(id))) inboxes.get(m).add(new Input.Delivered(id, decoded));
            } else if (e instanceof Effect.RunStart || e instanceof Effect.RunStop || e instanceof Effect.RunProbe) {
                if (e instanceof Effect.RunStart st) {
                    List<Integer> elsewhere = new ArrayList<>(runningOn(st.service()));
                    elsewhere.remove(Integer.valueOf(id));
                    if (!elsewhere.isEmpty()) secondCopies.add(st.service() + " started on " + id + " while it runs on " + elsewhere);
                }
                agentWork.get(id).add(e);
            } else if (e instanceof Effect.Log l) {
                logs.get(id).add("<" + l.level().name().toLowerCase() + "> " + l.text());
            }
        }
    }

    /** "state owner" of a service on one node. */
    String state(int id, String service) {
        ServiceSlot s = cores.get(id).service(service);
        return s.state().text() + " " + s.owner();
    }

    /** Every live core holds the same table. */
    void assertSameTables() {
        Map<String, ServiceSlot> first = null;
        for (RgCore c : cores.values()) {
            if (!c.synced()) continue;
            Map<String, ServiceSlot> t = new LinkedHashMap<>();
            for (ServiceSlot s : c.services()) t.put(s.name(), s);
            if (first == null) first = t;
            else if (!first.equals(t)) throw new AssertionError("tables differ:\n" + first + "\n" + t);
        }
    }
}
