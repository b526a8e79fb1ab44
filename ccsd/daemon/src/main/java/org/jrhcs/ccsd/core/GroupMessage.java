package org.jrhcs.ccsd.core;

import java.util.List;

/**
 * What ccsd instances say to each other in the "ccsd" process group. cman delivers
 * every message to every member in one total order, interleaved with views; the
 * sender is known from the delivery, so no message carries its own sender.
 */
public sealed interface GroupMessage {

    /**
     * A member not yet in sync tells the group what its disk holds (at its first view,
     * and again at every view until it is in sync). {@code incarnation} tells this
     * run of the daemon from an earlier one with the same node id.
     */
    record Hello(ConfigCopy copy, long incarnation) implements GroupMessage {}

    /**
     * The cluster's state handed to joiner {@code to} (the run {@code incarnation}), as
     * it stood when the sender delivered the joiner's Hello: the current copy, the node
     * that published it, and the members in sync.
     */
    record State(int to, long incarnation, ConfigCopy copy, int publishedBy, List<Integer> synced) implements GroupMessage {}

    /**
     * A member in sync tells members that just appeared what its side holds. Two groups
     * that formed apart (cman nodes that started alone and merged later) meet this way;
     * every member then keeps the newest copy (on equal versions, the one published by
     * the lower node id).
     */
    record Synced(ConfigCopy copy, int publishedBy) implements GroupMessage {}

    /** A proposal to move the cluster to {@code copy}; {@code request} is the proposer's own id for it. */
    record Update(long request, ConfigCopy copy) implements GroupMessage {}

    /** A member wrote (or failed to write) {@code version} to its disk. */
    record Ack(int version, boolean ok, String error) implements GroupMessage {}
}
