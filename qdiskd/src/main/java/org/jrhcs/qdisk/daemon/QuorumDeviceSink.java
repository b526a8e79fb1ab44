package org.jrhcs.qdisk.daemon;

import java.util.Set;

/**
 * What the disk loop needs from cman: the seam where tests put a fake. {@link CmanSink} is
 * the real one over {@link org.jrhcs.cman.client.CmanClient}.
 *
 * <p>Failure: every method may throw a RuntimeException when cman is unreachable; the loop
 * logs it and carries on, since the disk heartbeat matters more than one missed poll.
 * Threading: called from the disk loop thread only.
 */
public interface QuorumDeviceSink {
    /** Registers the quorum device under {@code name} with {@code votes}. */
    void register(String name, int votes);

    /**
     * Once per cycle: whether the device's votes should count now.
     *
     * @param judgedMembers the cman members this verdict was judged against ({@link #members()}
     *                      as read this cycle), or null: cman ignores "available" when its
     *                      membership has changed since
     */
    void poll(boolean available, Set<Integer> judgedMembers);

    /** At a clean stop. */
    void unregister();

    /** Asks cman to remove node {@code nodeId} from the cluster (an evicted node). */
    void kill(int nodeId);

    /** Tells cman to leave the cluster (stop_cman when the disk cannot be used). */
    void leave();

    /** Node ids cman now counts as members, or null when unknown. */
    Set<Integer> members();
}
