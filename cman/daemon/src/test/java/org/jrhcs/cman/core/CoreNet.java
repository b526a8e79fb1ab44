package org.jrhcs.cman.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jrhcs.client.ipc.IpcMessage;

/**
 * Several {@link ClusterCore}s over an in-memory network with a virtual clock: views are
 * given by the test (as JGroups would form them), broadcasts reach every node of the
 * sender's partition in one global order. No threads, no sleeps.
 */
final class CoreNet {
    final CmanConfig config;
    final Map<String, ClusterCore> cores = new LinkedHashMap<>();
    final Map<String, List<Effect>> effects = new LinkedHashMap<>();
    final Map<String, Integer> exits = new LinkedHashMap<>();
    private final Deque<Object[]> inFlight = new ArrayDeque<>();
    private final Map<String, Set<String>> partitionOf = new LinkedHashMap<>();
    long now = 1_000_000;
    /** (from, to, message) → true to lose it: a test's network fault. */
    java.util.function.Predicate<Object[]> lose = m -> false;
    private long viewId;
    private int restarts;

    CoreNet(CmanConfig config) { this.config = config; }

    ClusterCore start(String name) {
        ClusterCore c = new ClusterCore(config, name, name + "-token-" + (++restarts), now);
        cores.put(name, c);
        effects.put(name, new ArrayList<>());
        exits.remove(name);
        return c;
    }

    /** Installs one view on each of its members (a partition), then delivers until quiet. */
    void view(String... names) {
        Set<String> members = new TreeSet<>(List.of(names));
        viewId++;
        for (String n : names) {
            partitionOf.put(n, members);
            if (cores.containsKey(n)) handle(n, cores.get(n).onView(viewId, List.of(names), now));
        }
        deliverAll();
    }

    void crash(String name) {
        cores.remove(name);
        partitionOf.remove(name);
    }

    void advance(long ms) {
        now += ms;
        for (String n : List.copyOf(cores.keySet())) handle(n, cores.get(n).onTick(now));
        deliverAll();
    }

    void request(String node, java.util.function.Function<ClusterCore, List<Effect>> r) {
        handle(node, r.apply(cores.get(node)));
        deliverAll();
    }

    private void handle(String node, List<Effect> fx) {
        effects.get(node).addAll(fx);
        for (Effect e : fx) {
            if (e instanceof Effect.Broadcast b) inFlight.add(new Object[] {node, null, b.message()});
            else if (e instanceof Effect.SendTo s) inFlight.add(new Object[] {node, s.node(), s.message()});
            else if (e instanceof Effect.Exit x) { exits.put(node, x.code()); }
        }
    }

    void deliverAll() {
        while (!inFlight.isEmpty()) {
            Object[] m = inFlight.poll();
            String from = (String) m[0];
            Set<String> part = partitionOf.getOrDefault(from, Set.of());
            List<String> targets = m[1] == null ? List.copyOf(part) : part.contains(m[1]) ? List.of((String) m[1]) : List.of();
            for (String t : targets) {
                ClusterCore c = cores.get(t);
                if (lose.test(new Object[] {from, t, m[2]})) continue;
                if (c != null && !exits.containsKey(t)) handle(t, c.onMessage(from, (IpcMessage) m[2], now));
            }
        }
    }

    List<String> logs(String node) {
        return effects.get(node).stream().filter(e -> e instanceof Effect.Log).map(e -> ((Effect.Log) e).text()).toList();
    }

    List<IpcMessage> delivered(String node, String group) {
        return effects.get(node).stream().filter(e -> e instanceof Effect.Deliver d && d.group().equals(group))
                .map(e -> ((Effect.Deliver) e).event()).toList();
    }

    static CmanConfig config(int nodes, int expected, boolean twoNode, boolean lms, boolean wfa) {
        List<NodeConf> list = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) list.add(new NodeConf(i, "n" + i, 1));
        return new CmanConfig("alpha", 100, 1, list, expected, twoNode, 10_000, lms, 10_000, wfa, 10_000);
    }
}
