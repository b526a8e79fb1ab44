package org.jrhcs.qdisk.disk;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jrhcs.qdisk.core.StatusBlock;

/**
 * One read of every status slot, split into what a cycle may trust and what it may not.
 *
 * @param blocks     the slots that decoded cleanly, by node id
 * @param unreadable the slots that did not, for any reason: a torn write fails its checksum,
 *                   but a write torn again over a torn block, or cut inside the magic number,
 *                   reads as foreign or inconsistent. Every one of them is garbage its node (or
 *                   a master's notice) may have just written, not the silence of a crash (sim
 *                   seed 10462 under rgsafety's schedule: the master's second torn write garbled
 *                   its magic, the others took that for a missed update and kept its old grant
 *                   beside it)
 */
public record StatusReads(Map<Integer, StatusBlock> blocks, Set<Integer> unreadable) {
    public StatusReads {
        blocks = Map.copyOf(blocks);
        unreadable = Set.copyOf(unreadable);
    }

    public static StatusReads of(Map<Integer, Decoded<StatusBlock>> decoded) {
        Map<Integer, StatusBlock> blocks = new TreeMap<>();
        Set<Integer> unreadable = new TreeSet<>();
        decoded.forEach((node, d) -> {
            if (d.isOk()) blocks.put(node, d.value());
            else unreadable.add(node);
        });
        return new StatusReads(blocks, unreadable);
    }
}
