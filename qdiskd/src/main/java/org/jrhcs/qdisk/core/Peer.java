package org.jrhcs.qdisk.core;

/**
 * What this node knows about another node from its blocks.
 *
 * @param status        see {@link Status}
 * @param lastSequence  the peer's write counter when last read
 * @param incarnation   the peer's incarnation when last read
 * @param hits          consecutive cycles in which the peer's block moved on
 * @param misses        consecutive cycles in which it did not (or could not be read)
 * @param last          the last valid block read, null if none yet
 * @param noticeWritten we (as master) already wrote an eviction notice for this life
 */
public record Peer(Status status, long lastSequence, long incarnation, int hits, int misses, StatusBlock last,
                   boolean noticeWritten) {
    public enum Status {
        /** Not seen alive since we started. */
        UNKNOWN,
        /** Seen writing tko_up cycles in a row. */
        ONLINE,
        /** Was online, then missed tko cycles; the master must evict it. */
        DEAD,
        /** Its block carries an eviction notice for its current life. */
        EVICTED,
        /** It wrote the shutdown state: left cleanly. */
        DOWN
    }

    public static final Peer UNKNOWN = new Peer(Status.UNKNOWN, 0, 0, 0, 0, null, false);

    Peer with(Status s, StatusBlock b, int hits, int misses) {
        long seq = b == null ? lastSequence : b.sequence();
        long inc = b == null ? incarnation : b.incarnation();
        boolean notice = noticeWritten && (b == null || b.incarnation() == incarnation);
        return new Peer(s, seq, inc, hits, misses, b == null ? last : b, notice);
    }

    Peer withNotice() { return new Peer(status, lastSequence, incarnation, hits, misses, last, true); }

    /** The peer's current block says it is master (meaningful only while online). */
    boolean claimsMaster() { return status == Status.ONLINE && last != null && last.state() == NodeState.MASTER; }

    /** Online, running (past its start-up watch) and scoring well enough to take part. */
    boolean candidate() {
        return status == Status.ONLINE && last != null && last.healthy()
                && (last.state() == NodeState.RUN || last.state() == NodeState.MASTER);
    }
}
