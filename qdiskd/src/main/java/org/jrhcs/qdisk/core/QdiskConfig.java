package org.jrhcs.qdisk.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jrhcs.ccs.Defaults;
import org.jrhcs.ccs.model.Cluster;
import org.jrhcs.ccs.model.Heuristic;
import org.jrhcs.ccs.model.Quorumd;

/**
 * The {@code <quorumd>} settings qdiskd runs with, every default already applied (qdisk(5)).
 * Times are milliseconds here even though cluster.conf speaks seconds, so tests can run
 * cycles of 100 ms.
 *
 * @param intervalMs     one read/write cycle (interval, default 1 s). Shorter detects faster and
 *                       costs more synchronous I/O on a shared disk.
 * @param tko            missed cycles before a node is dead (default 10). Detection time is
 *                       interval × tko.
 * @param tkoUp          seen cycles before a node is alive (default floor(tko/3), at least 1)
 * @param upgradeWait    cycles a node waits after its score became sufficient before it bids (default 2)
 * @param masterWait     cycles a bidder waits for votes before it becomes master (default floor(tko/2))
 * @param votes          votes the device gives cman (default: nodes − 1)
 * @param minScore       score needed to be healthy (default floor((total+1)/2); 0 without heuristics)
 * @param masterWins     only the master advertises the votes (default on for two nodes without
 *                       heuristics nor votes=; ignored when heuristics exist)
 * @param allowKill      the master asks cman to kill nodes it evicts (default on)
 * @param reboot         a node whose score drops below min_score removes itself (default on)
 * @param paranoid       remove this node when a cycle takes longer than interval × tko (default off)
 * @param ioTimeout      remove this node when no write succeeded for interval × tko (default off);
 *                       overrides maxErrorCycles
 * @param maxErrorCycles exit after this many consecutive cycles with I/O errors (0 = never)
 * @param stopCman       ask cman to leave when the disk cannot be initialised at start (default off)
 * @param label          find the device by this label (overrides device)
 * @param device         the device or file path
 * @param cmanLabel      the name registered with cman (default: the device path)
 * @param statusFile     where to write internal state periodically ("-" = stdout); null = never
 * @param heuristics     the heuristics, in configuration order
 */
public record QdiskConfig(long intervalMs, int tko, int tkoUp, int upgradeWait, int masterWait, int votes,
                          int minScore, boolean masterWins, boolean allowKill, boolean reboot, boolean paranoid,
                          boolean ioTimeout, int maxErrorCycles, boolean stopCman, String label, String device,
                          String cmanLabel, String statusFile, List<HeuristicSpec> heuristics) {

    public QdiskConfig {
        heuristics = List.copyOf(heuristics);
    }

    /** The sum of every heuristic's score: a node's best possible score. */
    public int maxScore() {
        return heuristics.stream().mapToInt(HeuristicSpec::score).sum();
    }

    /** interval × tko: how long a node may stay silent before it is dead. */
    public long tkoMs() { return intervalMs * tko; }

    /**
     * Settings for a cluster.conf: {@code cluster.quorumd} must be present. Unset values follow
     * qdiskd: tko from the totem token, tko_up at least 2, master_wait above tko_up, and
     * heuristic interval and tko fitted into interval × (tko − 1) (see {@link Defaults}).
     */
    public static QdiskConfig from(Cluster cluster) {
        Quorumd q = cluster.quorumd;
        if (q == null) throw new IllegalArgumentException("cluster.conf has no <quorumd> element");
        int interval = positive(q.interval, Defaults.QDISK_INTERVAL_S);
        int tko = positive(q.tko, Math.max(1, Defaults.qdiskTko(tokenMs(cluster), interval)));
        int tkoUp = positive(q.tkoUp, Defaults.qdiskTkoUp(tko));
        int masterWait = positive(q.masterWait, Defaults.qdiskMasterWait(tko));
        if (masterWait <= tkoUp) masterWait = tkoUp + 1;
        int nodes = cluster.nodes().size();
        List<HeuristicSpec> hs = new ArrayList<>();
        for (Heuristic h : q.heuristics) {
            hs.add(new HeuristicSpec(h.program, positive(h.score, Defaults.HEURISTIC_SCORE),
                    1000L * positive(h.interval, Defaults.heuristicInterval(interval, tko)),
                    positive(h.tko, Defaults.heuristicTko(interval, tko))));
        }
        int total = hs.stream().mapToInt(HeuristicSpec::score).sum();
        int minScore = q.minScore == null || q.minScore == 0 ? Defaults.qdiskMinScore(total) : q.minScore;
        boolean masterWins;
        if (!hs.isEmpty()) masterWins = false;
        else if (q.masterWins != null) masterWins = q.masterWins != 0;
        else masterWins = nodes == 2 && q.votes == null; // qdisk(5): on by default for two nodes
        return new QdiskConfig(1000L * interval, tko, tkoUp, positive(q.upgradeWait, Defaults.QDISK_UPGRADE_WAIT),
                masterWait, or(q.votes, Defaults.qdiskVotes(nodes)), minScore, masterWins,
                or(q.allowKill, Defaults.QDISK_ALLOW_KILL) != 0, or(q.reboot, Defaults.QDISK_REBOOT) != 0,
                or(q.paranoid, Defaults.QDISK_PARANOID) != 0, or(q.ioTimeout, Defaults.QDISK_IO_TIMEOUT) != 0,
                or(q.maxErrorCycles, Defaults.QDISK_MAX_ERROR_CYCLES), or(q.stopCman, Defaults.QDISK_STOP_CMAN) != 0,
                blankToNull(q.label), blankToNull(q.device), blankToNull(q.cmanLabel), blankToNull(q.statusFile), hs);
    }

    /** The totem token of this cluster.conf, or the default. */
    public static int tokenMs(Cluster cluster) {
        return cluster.totem != null && cluster.totem.token != null ? cluster.totem.token : Defaults.TOKEN_MS;
    }

    /** A copy with another interval (tests run 100 ms cycles). */
    public QdiskConfig withIntervalMs(long ms) {
        return new QdiskConfig(ms, tko, tkoUp, upgradeWait, masterWait, votes, minScore, masterWins, allowKill,
                reboot, paranoid, ioTimeout, maxErrorCycles, stopCman, label, device, cmanLabel, statusFile, heuristics);
    }

    /**
     * This configuration with the options qdisk(5) allows to change while qdiskd runs taken
     * from {@code newer} (reboot, allow_kill, paranoid, io_timeout, max_error_cycles,
     * stop_cman, status_file); timings, votes, heuristics and the device stay as started.
     */
    public QdiskConfig withRuntimeOptions(QdiskConfig newer) {
        return new QdiskConfig(intervalMs, tko, tkoUp, upgradeWait, masterWait, votes, minScore, masterWins,
                newer.allowKill, newer.reboot, newer.paranoid, newer.ioTimeout, newer.maxErrorCycles, newer.stopCman,
                label, device, cmanLabel, newer.statusFile, heuristics);
    }

    /**
     * Settings that break the rules of qdisk(5), as warnings for the log. qdiskd still runs:
     * RHCS too starts with such values and the administrator reads the log.
     */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (tko < Defaults.QDISK_TKO_MIN) p.add("tko " + tko + " is too low (at least " + Defaults.QDISK_TKO_MIN + ")");
        if (upgradeWait < 1) p.add("upgrade_wait can not be 0");
        if (masterWait < 2) p.add("master_wait can not be less than 2 (is " + masterWait + ")");
        if (masterWait <= tkoUp) p.add("master_wait (" + masterWait + ") must be greater than tko_up (" + tkoUp + ")");
        if (masterWait > tko) p.add("master_wait (" + masterWait + ") should not exceed tko (" + tko + ")");
        if (minScore > maxScore() && !heuristics.isEmpty())
            p.add("min_score " + minScore + " exceeds the heuristics' total score " + maxScore()
                    + "; the quorum disk will never be available");
        if (label == null && device == null) p.add("neither label nor device is set in <quorumd>");
        return p;
    }

    /**
     * qdisk(5) 3.3.1: the totem token must outlast interval × (tko + master_wait + upgrade_wait),
     * or cman gives up on the device during a master transition.
     */
    public Optional<String> tokenWarning(int tokenMs) {
        long need = intervalMs * (tko + masterWait + upgradeWait);
        if (tokenMs < Defaults.QDISK_TOKEN_MIN_MS) {
            return Optional.of("Token timeout (" + tokenMs + " ms) is below " + Defaults.QDISK_TOKEN_MIN_MS
                    + " ms; qdiskd needs a longer token to converge on a master");
        }
        if (tokenMs >= need) return Optional.empty();
        return Optional.of("Token timeout (" + tokenMs + " ms) is shorter than interval * (tko + master_wait"
                + " + upgrade_wait) = " + need + " ms; quorum may be lost during master transitions");
    }

    private static int or(Integer v, int d) { return v == null ? d : v; }

    /** qdiskd treats 0 and below like unset for counts and intervals. */
    private static int positive(Integer v, int d) { return v == null || v <= 0 ? d : v; }

    private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s; }
}
