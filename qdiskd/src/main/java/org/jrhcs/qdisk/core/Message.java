package org.jrhcs.qdisk.core;

/** The election message a node writes in its block, with the node id it concerns. */
public enum Message {
    NONE(0),
    /** "I want to be master" (argument: the bidder itself). */
    BID(1),
    /** "I agree that node ARG becomes master". */
    VOTE(2);

    private final int code;

    Message(int code) { this.code = code; }

    public int code() { return code; }

    /** @return null for an unknown code */
    public static Message ofCode(int code) {
        for (Message m : values()) if (m.code == code) return m;
        return null;
    }
}
