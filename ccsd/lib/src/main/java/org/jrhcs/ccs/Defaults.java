package org.jrhcs.ccs;

/**
 * RHCS defaults, in one place (cman(5), qdisk(5), fenced(8), rgmanager(8) of RHCS 3).
 * Code never writes a default literal elsewhere; it asks here.
 */
public final class Defaults {
    private Defaults() {}

    // <cman>
    public static final int CMAN_PORT = 5405;
    public static final int SHUTDOWN_TIMEOUT_MS = 5000;
    /** quorum_dev_poll defaults to the totem token timeout. */
    public static int quorumDevPoll(int tokenMs) { return tokenMs; }
    public static final int LAST_MAN_STANDING_WINDOW_MS = 10000;

    // <totem>
    public static final int TOKEN_MS = 10000;
    public static final int JOIN_MS = 60;
    public static final int TOKEN_RETRANSMITS_BEFORE_LOSS = 20;
    /** consensus defaults to 1.2 × token (corosync's rule, which cman keeps). */
    public static int consensus(int tokenMs) { return (int) (tokenMs * 1.2); }

    // <clusternode>
    public static final int NODE_VOTES = 1;

    // <quorumd>
    public static final int QDISK_INTERVAL_S = 1;
    public static final int QDISK_TKO = 10;
    /** tko_up defaults to tko / 3. */
    public static int qdiskTkoUp(int tko) { return Math.max(1, tko / 3); }
    /** master_wait defaults to tko / 2. */
    public static int qdiskMasterWait(int tko) { return Math.max(1, tko / 2); }
    public static final int QDISK_UPGRADE_WAIT = 2;
    /** votes default to the number of nodes minus one. */
    public static int qdiskVotes(int nodes) { return Math.max(1, nodes - 1); }
    /** min_score defaults to half the heuristics' total, rounded up. */
    public static int qdiskMinScore(int totalScore) { return (totalScore + 1) / 2; }
    public static final int HEURISTIC_SCORE = 1;
    /** a heuristic's interval defaults to the disk interval × 2. */
    public static int heuristicInterval(int qdiskInterval) { return qdiskInterval * 2; }
    /** a heuristic's tko defaults to 1 (so a single failure counts). */
    public static final int HEURISTIC_TKO = 1;
    public static final int QDISK_MAX_NODES = 16;
    public static final int QDISK_MAX_ERROR_CYCLES = 0;
    public static final int QDISK_ALLOW_KILL = 1;
    public static final int QDISK_REBOOT = 1;

    // <fence_daemon>
    public static final int POST_JOIN_DELAY_S = 6;
    public static final int POST_FAIL_DELAY_S = 0;
    public static final int OVERRIDE_TIME_S = 3;
    public static final String OVERRIDE_PATH = "/var/run/cluster/fenced_override";
    public static final int FENCE_AGENT_TIMEOUT_S = 60;

    // <rm>
    public static final int RM_STATUS_POLL_INTERVAL_S = 10;
    public static final int RM_LOG_LEVEL = 5;
    public static final String SERVICE_RECOVERY = "restart";
    public static final int SERVICE_MAX_RESTARTS = 0;
    public static final int SERVICE_RESTART_EXPIRE_TIME_S = 0;
    public static final boolean SERVICE_AUTOSTART = true;
}
