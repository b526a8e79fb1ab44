package org.jrhcs.qdisk.core;

import java.util.List;

/**
 * What the daemon must do after one cycle, in this order: write {@code writes} (our own block
 * first, so the heartbeat never waits behind an eviction notice), log {@code logs}, ask cman to
 * kill {@code kills}, then either fence ourselves ({@code selfFence} non-null: nothing else
 * matters any more) or, if {@code pollCman}, poll cman with {@code advertise}.
 *
 * @param next      the state for the next cycle
 * @param writes    blocks to write: ours, then eviction notices for other slots
 * @param advertise tell cman the device is available (its votes count) this cycle
 * @param pollCman  false while no master exists (an election is under way) and every node alive
 *                  on the disk is in our cman partition: qdiskd then stays silent, so cman keeps
 *                  its last answer until quorum_dev_poll runs out instead of dropping the votes
 *                  at once during every master transition (qdisk(5) 3.3.1). With another
 *                  partition alive on the disk it polls "unavailable" (that partition may elect
 *                  the next master). Also false for one cycle when the master has just left our
 *                  partition and nobody else is outside it (crashed, or alive over there?)
 * @param kills     node ids to kill through cman (allow_kill)
 * @param logs      lines for the log
 * @param selfFence non-null: remove this node now
 */
public record CycleOutcome(QdiskState next, List<StatusBlock> writes, boolean advertise, boolean pollCman, List<Integer> kills,
                           List<LogLine> logs, SelfFenceReason selfFence) {
    public CycleOutcome {
        writes = List.copyOf(writes);
        kills = List.copyOf(kills);
        logs = List.copyOf(logs);
    }

    public boolean isMaster() { return next.master(); }
}
