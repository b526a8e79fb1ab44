package org.jrhcs.ccs;

import org.jrhcs.ccs.model.Quorumd;

/**
 * The quorum disk timings qdiskd actually uses for a {@code <quorumd>} and a totem token:
 * cluster.conf's values where set, qdiskd's derived defaults otherwise (see
 * {@link Defaults}), with qdiskd's own corrections applied (interval at least 1, tko_up
 * at least 2, upgrade_wait at least 1, master_wait above tko_up).
 *
 * @param intervalS   seconds between disk cycles
 * @param tko         missed cycles before a node is declared dead
 * @param tkoUp       seen cycles before a node is declared alive
 * @param masterWait  cycles a bidder waits for votes
 * @param upgradeWait cycles a node waits before bidding for master
 */
public record QdiskTimings(int intervalS, int tko, int tkoUp, int masterWait, int upgradeWait) {

    public static QdiskTimings of(Quorumd q, int tokenMs) {
        int interval = q.interval == null ? Defaults.QDISK_INTERVAL_S : Math.max(1, q.interval);
        int tko = q.tko == null ? Defaults.qdiskTko(tokenMs, interval) : q.tko;
        int tkoUp = q.tkoUp == null ? Defaults.qdiskTkoUp(tko) : Math.max(Defaults.QDISK_TKO_UP_MIN, q.tkoUp);
        int upgradeWait = q.upgradeWait == null ? Defaults.QDISK_UPGRADE_WAIT : Math.max(1, q.upgradeWait);
        int masterWait = q.masterWait == null ? Defaults.qdiskMasterWait(tko) : q.masterWait;
        if (masterWait <= tkoUp) masterWait = tkoUp + 1;
        return new QdiskTimings(interval, tko, tkoUp, masterWait, upgradeWait);
    }

    /** Milliseconds from a master's death to a new master: interval × (tko + master_wait + upgrade_wait). */
    public int masterRecoveryMs() { return intervalS * (tko + masterWait + upgradeWait) * 1000; }

    /** Seconds of silence before the disk declares a node dead: interval × tko. */
    public int evictionS() { return intervalS * tko; }
}
