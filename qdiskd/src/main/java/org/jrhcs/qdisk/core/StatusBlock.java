package org.jrhcs.qdisk.core;

/**
 * One node's status block, as decoded from disk or about to be written.
 *
 * @param nodeId          the slot (1..16) this block belongs to
 * @param updatedBy       who wrote it: the owner, or the master for an eviction notice
 * @param timestampMs     the writer's wall clock at the write (epoch ms); only for humans
 *                        and mkqdisk's "in use" check: liveness uses {@code sequence}, so
 *                        clock skew between nodes never matters
 * @param sequence        the owner's write counter, +1 every cycle
 * @param incarnation     chosen at each qdiskd start; tells a restarted node from its old self
 * @param state           see {@link NodeState}
 * @param flags           {@link #FLAG_HEALTHY} and future bits
 * @param message         election message, with {@code messageArg} the node it concerns
 * @param score           the writer's heuristic score, of {@code scoreMax}
 * @param seenMask        bit (n-1) set: the writer sees node n alive on the disk
 * @param masterMask      written by the master only: bit (n-1) set when node n belongs to
 *                        the master partition and may advertise the disk's votes
 * @param lastCycleMicros duration of the writer's last cycle
 * @param avgCycleMicros  running average of its cycle durations
 */
public record StatusBlock(int nodeId, int updatedBy, long timestampMs, long sequence, long incarnation,
                          NodeState state, int flags, Message message, int messageArg, int score, int scoreMax,
                          int seenMask, int masterMask, long lastCycleMicros, long avgCycleMicros) {
    /** The writer's score reaches min_score (it may bid and be granted membership). */
    public static final int FLAG_HEALTHY = 1;

    /** The block mkqdisk writes for every slot. */
    public static StatusBlock empty(int nodeId, long timestampMs) {
        return new StatusBlock(nodeId, 0, timestampMs, 0, 0, NodeState.NONE, 0, Message.NONE, 0, 0, 0, 0, 0, 0, 0);
    }

    public boolean healthy() { return (flags & FLAG_HEALTHY) != 0; }

    public boolean sees(int node) { return (seenMask & bit(node)) != 0; }

    public boolean grants(int node) { return (masterMask & bit(node)) != 0; }

    public static int bit(int node) { return 1 << (node - 1); }

    public StatusBlock withState(NodeState s, int by, long nowMs) {
        return new StatusBlock(nodeId, by, nowMs, sequence, incarnation, s, flags, Message.NONE, 0, score, scoreMax,
                seenMask, masterMask, lastCycleMicros, avgCycleMicros);
    }
}
