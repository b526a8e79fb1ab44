package org.jrhcs.fence.core;

import java.util.Set;
import org.jrhcs.cman.client.GroupView;

/** Everything that can happen to the sequencer. */
public sealed interface Input {
    /**
     * A fence domain view. {@code clusterMembers} (cman node ids in state M) must have been
     * read after the view arrived, so a failed node is no longer in it.
     */
    record ViewChanged(GroupView view, Set<Integer> clusterMembers) implements Input {}

    /** A wake-up at or after a deadline the sequencer returned, with fresh cluster membership. */
    record Tick(Set<Integer> clusterMembers) implements Input {}

    /** A message delivered by the group (own messages included), in the group's total order. */
    record Delivered(int from, FenceMessage message) implements Input {}

    /** Result of a {@link Effect.RunAgent}. {@code result} is the text RHCS logs ("success", "error from agent", ...). */
    record AgentDone(long attempt, boolean ok, String result) implements Input {}

    /** fence_ack_manual NODE, from the local admin socket. Refused when no fencing of NODE is pending. */
    record AckManual(String node) implements Input {}

    /** Asks the domain to fence NODE (fence_node without waiting, qdiskd, cman). */
    record RequestFence(String node) implements Input {}

    /** fence_node fenced NODE through this daemon: announce it as an agent success. */
    record FencedHere(String node) implements Input {}

    /** cluster.conf changed: the next attempt uses the new methods and settings. */
    record ConfigChanged(FenceConfig config) implements Input {}
}
