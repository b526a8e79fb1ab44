package org.jrhcs.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * The cluster network as cman's JGroups stack presents it: views and totally ordered
 * broadcasts, nothing below. Nodes are indexes 0..n-1.
 *
 * <p><b>Views.</b> Every node belongs to a side ({@link #partition}); the nodes of one
 * side that are reachable (powered, not hung, cman running) form one component. A
 * {@link #recompute} gives each component whose members do not all hold the same view
 * of exactly those members a new view, installed on all of them in one event. Callers
 * schedule recomputes with the delay the real stack would need to notice: a closed
 * socket quickly, silence (hang, pulled cable) after the token timeout, a heal after
 * MERGE3's interval.
 *
 * <p><b>Messages.</b> A broadcast is delivered, in one event, to every node holding the
 * sender's current view at delivery time (a hung one handles it when it wakes) (SEQUENCER's resend carries it into a new view
 * the sender is still in); a sender that is gone by then loses it. Delivery is FIFO per
 * sender. Since each delivery event reaches all members at once and events are totally
 * ordered, every member sees the same sequence of views and messages. A lossy link
 * delays (NAKACK2 retransmits), it never reorders or loses.
 */
public final class SimNetwork {

    /** Where views and frames go (the simulated cman adapters). */
    public interface Listener {
        void onView(int node, long viewId, List<String> members);

        void onMessage(int node, String from, byte[] frame);
    }

    private final SimScheduler scheduler;
    private final VirtualClock clock;
    private final SimRandom random;
    private final List<String> names;
    private final IntPredicate reachable;
    private final IntPredicate attached;
    private final Listener listener;
    private final int[] side;
    private final long[] viewId;
    private final List<List<Integer>> viewMembers = new ArrayList<>();
    private final long[] lastDelivery;
    private final long[][] extraDelay;
    private final long[][] lossyUntil;
    private long nextView = 1;

    /**
     * @param reachable may take part in views and send: powered, awake, cman running
     * @param attached  still holds its place in a view and receives (a hung member too: the
     *                  stack keeps and retransmits what it misses, it handles them on waking)
     */
    public SimNetwork(SimScheduler scheduler, VirtualClock clock, SimRandom random, List<String> names,
                      IntPredicate reachable, IntPredicate attached, Listener listener) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.random = random;
        this.names = List.copyOf(names);
        this.reachable = reachable;
        this.attached = attached;
        this.listener = listener;
        int n = names.size();
        side = new int[n];
        viewId = new long[n];
        lastDelivery = new long[n];
        extraDelay = new long[n][n];
        lossyUntil = new long[n][n];
        for (int i = 0; i < n; i++) viewMembers.add(List.of());
    }

    // ---- faults --------------------------------------------------------------------

    /** Puts each node on side {@code sides[i]}; nodes on different sides cannot talk. */
    public void partition(int[] sides) { System.arraycopy(sides, 0, side, 0, side.length); }

    public void heal() { Arrays.fill(side, 0); }

    public boolean partitioned() { return Arrays.stream(side).anyMatch(s -> s != side[0]); }

    public int sideOf(int node) { return side[node]; }

    /** Extra one-way delay on both directions of a link. */
    public void delay(int a, int b, long ms) { extraDelay[a][b] = ms; extraDelay[b][a] = ms; }

    /** Messages on the link need retransmissions until {@code until}. */
    public void lossy(int a, int b, long until) { lossyUntil[a][b] = until; lossyUntil[b][a] = until; }

    public void clearLinkFaults() {
        for (long[] row : extraDelay) Arrays.fill(row, 0);
        for (long[] row : lossyUntil) Arrays.fill(row, 0);
    }

    /** The node left the network (crash, power off, cman exit): it holds no view any more. */
    public void forget(int node) {
        viewId[node] = 0;
        viewMembers.set(node, List.of());
    }

    public long viewOf(int node) { return viewId[node]; }

    // ---- views ---------------------------------------------------------------------

    public void scheduleRecompute(long delayMs, String why) {
        scheduler.after(delayMs, "net: views after " + why, this::recompute);
    }

    /** Installs a new view on every component whose members disagree about their view. */
    public void recompute() {
        Map<Integer, List<Integer>> components = new TreeMap<>();
        for (int i = 0; i < names.size(); i++)
            if (reachable.test(i)) components.computeIfAbsent(side[i], k -> new ArrayList<>()).add(i);
        for (List<Integer> comp : components.values()) {
            long v = viewId[comp.get(0)];
            boolean agreed = v != 0;
            for (int i : comp) if (viewId[i] != v || !viewMembers.get(i).equals(comp)) agreed = false;
            if (agreed) continue;
            long id = nextView++;
            List<String> memberNames = comp.stream().map(names::get).toList();
            scheduler.note("net: view " + id + " " + memberNames);
            for (int i : comp) {
                viewId[i] = id;
                viewMembers.set(i, List.copyOf(comp));
            }
            for (int i : comp) if (viewId[i] == id) listener.onView(i, id, memberNames);
        }
    }

    // ---- messages ------------------------------------------------------------------

    /** To every member of the sender's view, itself included, in total order. */
    public void broadcast(int from, byte[] frame) {
        if (!reachable.test(from) || viewId[from] == 0) return;
        long at = deliveryTime(from, viewMembers.get(from));
        scheduler.at(at, null, () -> {
            if (!reachable.test(from) || viewId[from] == 0) return;
            long v = viewId[from];
            String sender = names.get(from);
            for (int i = 0; i < names.size(); i++)
                if (viewId[i] == v && attached.test(i)) listener.onMessage(i, sender, frame);
        });
    }

    /** To one node of the sender's view (outside the total order); dropped otherwise. */
    public void sendTo(int from, int to, byte[] frame) {
        if (!reachable.test(from) || viewId[from] == 0 || viewId[to] != viewId[from]) return;
        long at = deliveryTime(from, List.of(to));
        scheduler.at(at, null, () -> {
            if (reachable.test(from) && attached.test(to) && viewId[to] == viewId[from] && viewId[to] != 0)
                listener.onMessage(to, names.get(from), frame);
        });
    }

    private long deliveryTime(int from, List<Integer> to) {
        long now = clock.now();
        long d = 1 + random.nextInt(4);
        for (int t : to) {
            if (t == from) continue;
            long extra = extraDelay[from][t];
            if (lossyUntil[from][t] > now) extra += 100 + random.nextInt(900);
            d = Math.max(d, 1 + extra);
        }
        long at = Math.max(now + d, lastDelivery[from]);
        lastDelivery[from] = at;
        return at;
    }
}
