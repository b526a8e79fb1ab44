package org.jrhcs.ccsd.core;

import java.util.List;

/**
 * What ccsd instances say to each other in the "ccsd" process group. cman delivers
 * every message to every member in one total order, interleaved with views; the
 * sender is known from the delivery, so no message carries its own sender.
 */
public sealed interface GroupMessage {

    /** A member that just joined tells the group what its disk holds. */
    record Hello(ConfigCopy copy) implements GroupMessage {}

    /**
     * The cluster's state handed to joiner {@code to}, as it stood when the sender
     * delivered the joiner's Hello (or later): the current copy, the node that
     * published it, and the members already in sync.
     */
    record State(int to, ConfigCopy copy, int publishedBy, List<Integer> synced) implements GroupMessage {}

    /** A proposal to move the cluster to {@code copy}; {@code request} is the proposer's own id for it. */
    record Update(long request, ConfigCopy copy) implements GroupMessage {}

    /** A member wrote (or failed to write) {@code version} to its disk. */
    record Ack(int version, boolean ok, String error) implements GroupMessage {}
}
