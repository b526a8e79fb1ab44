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
    long now = 1_000_000;
    long generation = 1;
    boolean quorate = true;

    SyncCluster(RgConfig config) { this.config = config; }

    void join(int id) {
        RgCore c = new RgCore(config, id);
        cores.put(id, c);
        inboxes.put(id, new ArrayDeque<>());
        effects.put(id, new ArrayList<>());
        logs.computeIfAbsent(id, k -> new ArrayList<>());
        agentWork.put(id, new ArrayDeque<>());
        view(List.of(id), List.of(), List.of());
    }

    void fail(int id) { remove(id, true); }

    void leave(int id) { remove(id, false); }

    private void remove(int id, boolean failed) {
        cores.remove(id);
        inboxes.remove(id);
        agentWork.remove(id);
        view(List.of(), failed ? List.of() : List.of(id), failed ? List.of(id) : List.of());
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
                steps++;
            }
        }
        return steps;
    }

    /** Completes every agent operation queued on every node, successfully unless {@code ok} says no. */
    void runAgents(boolean ok) {
        for (int id : List.copyOf(agentWork.keySet())) {
            Deque<Effect> w = agentWork.get(id);
            while (w != null && !w.isEmpty()) {
                Effect e = w.poll();
                if (e instanceof Effect.RunStart s) handle(id, new Input.AgentDone(s.service(), true, ok, true));
                else if (e instanceof Effect.RunStop s) handle(id, new Input.AgentDone(s.service(), false, ok, ok));
                else if (e instanceof Effect.RunProbe) handle(id, new Input.ProbeDone(List.of()));
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
                for (int m : cores.keySet()) inboxes.get(m).add(new Input.Delivered(id, decoded));
            } else if (e instanceof Effect.RunStart || e instanceof Effect.RunStop || e instanceof Effect.RunProbe) {
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
