package org.jrhcs.qdisk.core;

/**
 * The state a node writes into its status block. The display name is the word
 * {@code mkqdisk -d} prints; the code is the byte stored on disk (never reorder).
 */
public enum NodeState {
    /** Never written since mkqdisk, or cleared. */
    NONE(0, "None"),
    /** The master wrote an eviction notice here; the owner must leave the cluster. */
    EVICT(1, "Evicted"),
    /** qdiskd started and is watching the others before it takes part. */
    INIT(2, "Initializing"),
    /** Taking part: heartbeating, voting, possibly bidding. */
    RUN(3, "Running"),
    /** The one master across every partition. */
    MASTER(4, "Master"),
    /** qdiskd stopped cleanly; others log "Node N shutdown" instead of evicting. */
    SHUTDOWN(5, "Shutdown");

    private final int code;
    private final String display;

    NodeState(int code, String display) {
        this.code = code;
        this.display = display;
    }

    public int code() { return code; }

    public String display() { return display; }

    /** A state in which the writer claims to be alive and heartbeating. */
    public boolean isLive() { return this == INIT || this == RUN || this == MASTER; }

    /** @return null for a code this version does not know (the block is then foreign) */
    public static NodeState ofCode(int code) {
        for (NodeState s : values()) if (s.code == code) return s;
        return null;
    }
}
