package org.jrhcs.qdisk.core;

/** Why a node must remove itself from the cluster at once. */
public enum SelfFenceReason {
    /** The master wrote an eviction notice into our block. */
    EVICTED("evicted by the master"),
    /** Our heuristic score fell below min_score and reboot="1". */
    SCORE("score below min_score"),
    /** io_timeout="1" and no write succeeded for interval × tko. */
    IO_TIMEOUT("no disk write completed within interval * tko"),
    /** paranoid="1" and one cycle took longer than interval × tko. */
    PARANOID("a disk cycle took longer than interval * tko");

    private final String description;

    SelfFenceReason(String description) { this.description = description; }

    public String description() { return description; }
}
