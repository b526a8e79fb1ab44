package org.jrhcs.ccs;

/**
 * RHCS defaults, in one place (cman(5), qdisk(5), fenced(8), rgmanager(8) of RHCS 3).
 * Code never writes a default literal elsewhere; it asks here.
 */
public final class Defaults {
    private Defaults() {}

    // <cluster>
    /** cman refuses a cluster name longer than this. */
    public static final int CLUSTER_NAME_MAX_LENGTH = 15;

    // <cman>
    public static final int CMAN_PORT = 5405;
    public static final int SHUTDOWN_TIMEOUT_MS = 5000;
    /** quorum_dev_poll in ms: a fixed 10000 in cman, whatever the token is. */
    public static final int QUORUM_DEV_POLL_MS = 10000;
    /**
     * @deprecated quorum_dev_poll does not follow the token; use {@link #QUORUM_DEV_POLL_MS}.
     * Kept for source compatibility; returns {@link #QUORUM_DEV_POLL_MS}.
     */
    @Deprecated
    public static int quorumDevPoll(int tokenMs) { return QUORUM_DEV_POLL_MS; }
    public static final int LAST_MAN_STANDING_WINDOW_MS = 10000;

    // <totem>
    public static final int TOKEN_MS = 10000;
    public static final int JOIN_MS = 60;
    public static final int TOKEN_RETRANSMITS_BEFORE_LOSS = 20;
    /** fail_recv_const: cman raises corosync's default to 2500. */
    public static final int FAIL_RECV_CONST = 2500;
    /** secauth is on unless cluster.conf says otherwise. */
    public static final boolean SECAUTH = true;
    /**
     * consensus as cman computes it when cluster.conf does not set it: token + 2000 ms for
     * more than two nodes; 20% of the token, kept within 200..2000 ms, for two nodes.
     * (cman(5)'s "4800" is stale; this is what cman 3 does.)
     */
    public static int consensus(int tokenMs, int configuredNodes) {
        if (configuredNodes > 2 || configuredNodes <= 0) return tokenMs + 2000;
        return Math.max(200, Math.min(2000, tokenMs / 5));
    }
    /** consensus for a cluster of more than two nodes (the case cman also assumes when it cannot count). */
    public static int consensus(int tokenMs) { return consensus(tokenMs, 3); }
    /** Token timeouts below this make failure detection fire on ordinary scheduling hiccups. */
    public static final int TOKEN_MIN_SAFE_MS = 1000;

    // <clusternode>
    public static final int NODE_VOTES = 1;

    // <quorumd>
    public static final int QDISK_INTERVAL_S = 1;
    /** qdisk(5)'s documented tko; qdiskd itself derives tko from the token when unset, see {@link #qdiskTko(int, int)}. */
    public static final int QDISK_TKO = 10;
    /**
     * tko when cluster.conf does not set it: qdiskd derives it from the token so that a
     * master transition fits inside it, ((token in s) - interval) / 2.
     */
    public static int qdiskTko(int tokenMs, int intervalS) { return (tokenMs / 1000 - intervalS) / 2; }
    /** qdiskd warns that a tko below this is too low. */
    public static final int QDISK_TKO_MIN = 4;
    /** qdiskd refuses a token below this. */
    public static final int QDISK_TOKEN_MIN_MS = 10000;
    /** tko_up defaults to floor(tko / 3); qdiskd never uses less than 2. */
    public static int qdiskTkoUp(int tko) { return Math.max(QDISK_TKO_UP_MIN, tko / 3); }
    public static final int QDISK_TKO_UP_MIN = 2;
    /** master_wait defaults to floor(tko / 2); qdiskd raises it to tko_up + 1 when it is not above tko_up. */
    public static int qdiskMasterWait(int tko) { return tko / 2; }
    public static final int QDISK_UPGRADE_WAIT = 2;
    /** votes default to the number of nodes minus one. */
    public static int qdiskVotes(int nodes) { return Math.max(1, nodes - 1); }
    /** min_score defaults to floor((n + 1) / 2), n the heuristics' total score (qdisk(5)). */
    public static int qdiskMinScore(int totalScore) { return (totalScore + 1) / 2; }
    public static final int HEURISTIC_SCORE = 1;
    /**
     * A heuristic's interval when unset: qdiskd fits the heuristic's whole allowance,
     * interval × (tko - 1) of the disk, into its own interval × tko. An allowance up to 4 s
     * gives 1 s, up to 22 s gives 2 s, up to 39 s 3 s, up to 50 s 4 s, beyond that 5 s.
     */
    public static int heuristicInterval(int qdiskInterval, int qdiskTko) {
        int allowance = heuristicAllowance(qdiskInterval, qdiskTko);
        if (allowance < 3) return HEURISTIC_INTERVAL_S;
        if (allowance <= 4) return 1;
        if (allowance <= 22) return 2;
        if (allowance <= 39) return 3;
        if (allowance <= 50) return 4;
        return 5;
    }
    /** A heuristic's tko when unset: as many of its intervals as fit in the allowance. */
    public static int heuristicTko(int qdiskInterval, int qdiskTko) {
        int allowance = heuristicAllowance(qdiskInterval, qdiskTko);
        if (allowance < 3) return HEURISTIC_TKO;
        return allowance / heuristicInterval(qdiskInterval, qdiskTko);
    }
    /** The seconds a heuristic may take before it counts as failed: disk interval × (tko - 1). */
    public static int heuristicAllowance(int qdiskInterval, int qdiskTko) { return qdiskInterval * (qdiskTko - 1); }
    /** The interval qdiskd uses for a heuristic configured with interval="0" or less (and the RHCS schema's default). */
    public static final int HEURISTIC_INTERVAL_S = 2;
    /**
     * @deprecated the default depends on the disk's tko too; use {@link #heuristicInterval(int, int)}.
     * Kept for source compatibility; assumes qdisk(5)'s tko of 10.
     */
    @Deprecated
    public static int heuristicInterval(int qdiskInterval) { return heuristicInterval(qdiskInterval, QDISK_TKO); }
    /** The tko qdiskd uses for a heuristic configured with tko="0" or less. */
    public static final int HEURISTIC_TKO = 1;
    public static final int QDISK_MAX_NODES = 16;
    public static final int QDISK_MAX_HEURISTICS = 10;
    public static final int QDISK_MAX_ERROR_CYCLES = 0;
    public static final int QDISK_ALLOW_KILL = 1;
    public static final int QDISK_REBOOT = 1;
    public static final int QDISK_PARANOID = 0;
    public static final int QDISK_IO_TIMEOUT = 0;
    public static final int QDISK_STOP_CMAN = 0;
    public static final int QDISK_USE_UPTIME = 1;
    public static final int QDISK_MASTER_WINS = 0;
    public static final String QDISK_SCHEDULER = "rr";
    public static final int QDISK_PRIORITY = 1;

    // <fence_daemon>
    public static final int POST_JOIN_DELAY_S = 6;
    public static final int POST_FAIL_DELAY_S = 0;
    public static final int OVERRIDE_TIME_S = 3;
    public static final String OVERRIDE_PATH = "/var/run/cluster/fenced_override";
    public static final int FENCE_AGENT_TIMEOUT_S = 60;
    public static final int CLEAN_START = 0;
    public static final int SKIP_UNDEFINED = 0;

    // <rm>
    public static final int RM_STATUS_POLL_INTERVAL_S = 10;
    public static final int RM_LOG_LEVEL = 5;
    public static final String RM_LOG_FACILITY = "daemon";
    public static final int RM_STATUS_CHILD_MAX = 5;
    public static final int RM_TRANSITION_THROTTLING_S = 5;
    public static final String SERVICE_RECOVERY = "restart";
    public static final int SERVICE_MAX_RESTARTS = 0;
    public static final int SERVICE_RESTART_EXPIRE_TIME_S = 0;
    public static final boolean SERVICE_AUTOSTART = true;

    // resource agents (rgmanager)
    /** Where the resource agents live, relative to $CLUSTER_ROOT. */
    public static final String RG_AGENT_DIR = "usr/share/cluster";
    /** OCF_ROOT handed to agents (Debian's resource-agents install their library here). */
    public static final String OCF_ROOT = "/usr/lib/ocf";
    /** Timeout of an agent's meta-data action. */
    public static final int RG_METADATA_TIMEOUT_S = 5;
    /** Timeout of an action the metadata gives none for, or one run without __enforce_timeouts. */
    public static final int RG_AGENT_TIMEOUT_S = 300;
}
