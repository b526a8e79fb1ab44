package org.jrhcs.rg.core.state;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jrhcs.rg.core.placement.Action;
import org.jrhcs.rg.core.placement.Trigger;

/**
 * What rgmanagers tell each other through the "rgmanager" process group. Every member
 * applies every message in the group's total order, so every table is the same after
 * the same prefix of messages. Codec: {@code org.jrhcs.rg.wire.RgWire}.
 */
public sealed interface GroupMessage {

    /** A member that joined asks for the table; it answers the lowest synchronised member. */
    record SyncRequest(int node, long nonce) implements GroupMessage {}

    /**
     * A synchronised member saw members join: it announces the side whose table it holds —
     * that table's {@code holders} (synchronised members at the join) and decision maker
     * {@code master}. A fresh joiner sends {@code SyncRequest} instead; a member of another
     * partition merging back sends this, and the side with fewer holders (then the higher
     * decision maker id) gives its table up and asks for the other's.
     */
    record TableHeld(int node, int holders, int master) implements GroupMessage {}

    /**
     * The decision maker does not count {@code node} as holding its table, but {@code node}
     * believes it does (cman gave members different views, or a member came back within one):
     * {@code node} gives its table up and asks for the decision maker's.
     */
    record Resync(int node) implements GroupMessage {}

    /** The table as it stood when {@code SyncRequest(forNode, nonce)} was applied. */
    record Snapshot(int forNode, long nonce, TableImage image) implements GroupMessage {}

    /** One step of the decision maker's plan; {@code request} ties it to an operator request. */
    record Exec(Action action, String request, long time) implements GroupMessage {}

    /** The owner reports how a start or stop ended; {@code clean}: a failed start was undone. */
    record Result(String service, String node, boolean start, boolean ok, boolean clean, long time) implements GroupMessage {}

    /** The owner stopped {@code service} on its own (it lost quorum); {@code ok}: the stop worked. */
    record Stopped(String service, String node, boolean ok, long time) implements GroupMessage {}

    /** The owner's status check of {@code service} failed. */
    record StatusFailed(String service, String node, long time) implements GroupMessage {}

    /** clusvcadm's request, forwarded to the decision maker; {@code id} is "origin-node-id:seq". */
    record Request(String id, Trigger.Kind kind, String service, String target) implements GroupMessage {}

    /** The answer to a request, for its origin. */
    record Reply(String id, RequestResult result, String owner) implements GroupMessage {}

    /** A member's rgmanager is stopping: its services move away before it leaves. */
    record Leaving(int node) implements GroupMessage {}

    /** fenced reported the failed node fenced: what it held may start elsewhere. */
    record Fenced(String node) implements GroupMessage {}

    /** What a newly synchronised member really runs (its status probes). */
    record Probe(int node, List<String> running, long time) implements GroupMessage {}

    /** The decision maker saw cluster.conf at {@code version}: every member switches to it here. */
    record ConfigChange(int version) implements GroupMessage {}

    /** clusvcadm -l / -u. */
    record Lock(String id, boolean locked) implements GroupMessage {}

    /**
     * The replicated table, as a joiner receives it; {@code stamp}: the latest message time applied;
     * {@code strays}: service -> nodes whose copy is being stopped ({@link StrayCopies}).
     */
    record TableImage(List<ServiceSlot> services, Set<Integer> synced, Set<Integer> unprobed, Set<Integer> leaving,
                      Set<String> awaitingFence, boolean locked, long stamp, Set<String> coldUnknown,
                      Map<String, Set<String>> strays) {
        public TableImage(List<ServiceSlot> services, Set<Integer> synced, Set<Integer> unprobed, Set<Integer> leaving,
                          Set<String> awaitingFence, boolean locked) {
            this(services, synced, unprobed, leaving, awaitingFence, locked, 0, Set.of(), Map.of());
        }

        public TableImage {
            services = List.copyOf(services);
            synced = Set.copyOf(synced);
            unprobed = Set.copyOf(unprobed);
            leaving = Set.copyOf(leaving);
            awaitingFence = Set.copyOf(awaitingFence);
            coldUnknown = Set.copyOf(coldUnknown);
            Map<String, Set<String>> copies = new java.util.TreeMap<>();
            strays.forEach((svc, nodes) -> copies.put(svc, Set.copyOf(nodes)));
            strays = java.util.Collections.unmodifiableMap(copies);
        }
    }
}
