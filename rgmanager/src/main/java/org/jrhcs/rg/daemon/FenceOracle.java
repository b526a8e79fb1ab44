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
}
