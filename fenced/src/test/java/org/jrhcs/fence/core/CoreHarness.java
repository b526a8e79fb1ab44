package org.jrhcs.fence.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jrhcs.cman.client.GroupView;

/**
 * Drives one member's {@link FenceCore} by hand: views, ticks, agent results, deliveries.
 * Logs and effects are collected; {@link #sent} holds messages the member broadcast
 * (the test decides when, and to whom, they are delivered).
 */
final class CoreHarness {
    final int local;
    final FenceCore core;
    long now = 1_000_000;
    long wakeAt = Long.MAX_VALUE;
    final List<String> logs = new ArrayList<>();
    final List<Effect.RunAgent> agents = new ArrayList<>();
    final List<FenceMessage> sent = new ArrayList<>();
    final List<FenceEvent> events = new ArrayList<>();
    String refusal;
    private long generation;
    private List<Integer> members = List.of();
    /** cman members; each has the incarnation in {@link #incarnation} (default 1). */
    Set<Integer> cluster = Set.of();
    final Map<Integer, Long> incarnation = new java.util.HashMap<>();

    CoreHarness(FenceConfig config, int local) {
        this.local = local;
        this.core = new FenceCore(config, local);
    }

    /** Three nodes web1..web3 (ids 1..3), each with one method of one fence_x device. */
    static FenceConfig config(FenceSettings s) {
        return FenceConfig.of(s, List.of(node(1, "web1"), node(2, "web2"), node(3, "web3")));
    }

    static NodeFencing node(int id, String name) {
        return new NodeFencing(id, name, List.of(new NodeFencing.Method("1",
                List.of(DeviceCall.of("sw", "fence_x", Map.of("port", Integer.toString(id)))))), List.of());
    }

    static FenceSettings settings(long postJoin, long postFail, boolean clean, long override, boolean skip) {
        return new FenceSettings(postJoin, postFail, clean, override, skip);
    }

    CoreHarness handle(Input in) {
        Outcome o = core.handle(in, now);
        refusal = o.refusal();
        wakeAt = o.wakeAt();
        for (Effect e : o.effects()) {
            if (e instanceof Effect.Log l) logs.add(l.text());
            else if (e instanceof Effect.RunAgent r) agents.add(r);
            else if (e instanceof Effect.Send s) sent.add(s.message());
            else if (e instanceof Effect.Notify n) events.add(n.event());
        }
        return this;
    }

    /** A view with {@code newMembers}; joined/left/failed computed against the previous view. */
    CoreHarness view(List<Integer> newMembers, List<Integer> failed, boolean quorate, Set<Integer> clusterMembers) {
        List<Integer> joined = newMembers.stream().filter(m -> !members.contains(m)).toList();
        List<Integer> left = members.stream().filter(m -> !newMembers.contains(m) && !failed.contains(m)).toList();
        members = List.copyOf(newMembers);
        cluster = clusterMembers;
        return handle(new Input.ViewChanged(new GroupView("fence", ++generation, newMembers, joined, left, failed,
                quorate, local), cman()));
    }

    CoreHarness quorum(boolean q) {
        return handle(new Input.ViewChanged(new GroupView("fence", ++generation, members, List.of(), List.of(),
                List.of(), q, local), cman()));
    }

    CoreHarness advanceTo(long t) {
        now = t;
        return handle(new Input.Tick(cman()));
    }

    Map<Integer, Long> cman() {
        Map<Integer, Long> m = new java.util.HashMap<>();
        for (int id : cluster) m.put(id, incarnation.getOrDefault(id, 1L));
        return m;
    }

    CoreHarness advance(long ms) { return advanceTo(now + ms); }

    /** Advances to the wake-up the core asked for. */
    CoreHarness wake() {
        if (wakeAt == Long.MAX_VALUE) throw new AssertionError("the core asked for no wake-up");
        return advanceTo(wakeAt);
    }

    Effect.RunAgent lastAgent() {
        if (agents.isEmpty()) throw new AssertionError("no agent was run; logs: " + logs);
        return agents.get(agents.size() - 1);
    }

    CoreHarness agentDone(boolean ok) {
        return handle(new Input.AgentDone(lastAgent().attempt(), ok, ok ? "success" : "error from agent"));
    }

    /** Delivers everything this member sent, to itself. */
    CoreHarness deliverOwn() {
        List<FenceMessage> out = new ArrayList<>(sent);
        sent.clear();
        for (FenceMessage m : out) handle(new Input.Delivered(local, m));
        return this;
    }

    CoreHarness deliver(int from, FenceMessage m) { return handle(new Input.Delivered(from, m)); }
}
