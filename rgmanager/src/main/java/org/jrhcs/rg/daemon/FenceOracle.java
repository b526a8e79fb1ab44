package org.jrhcs.rg.daemon;

/**
 * Asks fenced whether a failed node has been dealt with. Nothing a failed node held
 * may start elsewhere before this says yes.
 */
public interface FenceOracle {

    /**
     * @param node        the node's cluster.conf name
     * @param sinceMillis epoch ms ({@code RgCore.fenceBound}): a fence (or manual
     *                    acknowledgement) at or after this counts
     * @return true when the node was fenced at or after {@code sinceMillis}; false when
     *         not (yet), or when fenced cannot be asked
     */
    boolean fencedSince(String node, long sinceMillis);

    /**
     * Runs {@code onChange} (on any thread) whenever an answer of {@link #fencedSince} may
     * have changed, as soon as the oracle learns of it, so the caller need not ask over
     * and over. An oracle that cannot tell never calls it (the default): the caller's
     * poll is then all there is. Close the handle to stop.
     */
    default AutoCloseable watch(Runnable onChange) { return () -> {}; }
}
