package org.jrhcs.qdisk.core;

import java.util.Map;
import java.util.Set;

/**
 * What one cycle read and measured.
 *
 * @param nowMs           wall clock (epoch ms), only stamped into our block
 * @param blocks          every status block that decoded cleanly, by node id (ours included).
 *                        A torn, foreign or unreadable block is simply absent: it counts as a
 *                        missed update and is never trusted.
 * @param score           our heuristic score now
 * @param cmanMembers     node ids cman reports as members, or null when cman could not be asked
 *                        (then membership is judged by the disk alone)
 * @param lastCycleMicros how long our previous cycle took
 * @param sincePreviousMs monotonic ms from the start of our previous completed cycle (one that
 *                        read the disk) to the start of this one; 0 for the first. More than
 *                        interval × tko makes everything remembered stale
 *                        ({@link TimeoutPolicy#stale})
 * @param unreadable      slots whose block did not decode this cycle (torn, corrupted or
 *                        garbled: checksum, magic, version or contents): never trusted, but its
 *                        node may be alive and writing, so a master's unreadable block is not the
 *                        silence of a crashed one
 * @param sinceLastWriteMs monotonic ms from the completion of our last write to the start of
 *                        this cycle. More than one interval: a node of another partition may
 *                        have run a cycle without seeing us write and taken a master that left
 *                        its partition for crashed (then it keeps the master's last grant)
 */
public record CycleInput(long nowMs, Map<Integer, StatusBlock> blocks, int score, Set<Integer> cmanMembers,
                         long lastCycleMicros, long sincePreviousMs, Set<Integer> unreadable, long sinceLastWriteMs) {
    public CycleInput {
        blocks = Map.copyOf(blocks);
        cmanMembers = cmanMembers == null ? null : Set.copyOf(cmanMembers);
        unreadable = Set.copyOf(unreadable);
    }

    /** A cycle that read no unreadable block, whose previous cycle wrote when it started. */
    public CycleInput(long nowMs, Map<Integer, StatusBlock> blocks, int score, Set<Integer> cmanMembers,
                      long lastCycleMicros, long sincePreviousMs) {
        this(nowMs, blocks, score, cmanMembers, lastCycleMicros, sincePreviousMs, Set.of(), sincePreviousMs);
    }

    /** A cycle that started on time (tests, benchmarks). */
    public CycleInput(long nowMs, Map<Integer, StatusBlock> blocks, int score, Set<Integer> cmanMembers,
                      long lastCycleMicros) {
        this(nowMs, blocks, score, cmanMembers, lastCycleMicros, 0, Set.of(), 0);
    }
}
