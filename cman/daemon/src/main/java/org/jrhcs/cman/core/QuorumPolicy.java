package org.jrhcs.cman.core;

/**
 * cman's vote arithmetic as pure functions (cman(5), votequorum(5)).
 *
 * <p>Determinism: no state, no clock; the caller passes everything in.
 */
public final class QuorumPolicy {
    private QuorumPolicy() {}

    /**
     * Everything quorum depends on at one moment.
     *
     * @param expectedVotes  the cluster's expected votes as shown by {@code cman_tool status}
     *                       (configured, raised by members, lowered only by {@code expected -e}
     *                       or {@code leave remove})
     * @param lmsExpected    expected votes as lowered by last_man_standing, 0 when not lowered
     * @param memberVotes    sum of the votes of current members (disallowed nodes excluded)
     * @param deviceVotes    the quorum device's votes while it counts (polled in time, available), else 0
     * @param twoNode        {@code <cman two_node="1">} on a cluster of exactly two nodes
     * @param waitingForAll  wait_for_all is set and all nodes have not yet been seen together
     */
    public record Input(int expectedVotes, int lmsExpected, int memberVotes, int deviceVotes,
                        boolean twoNode, boolean waitingForAll) {}

    /**
     * @param expectedVotes the value to show (raised to total votes when the members carry more)
     * @param totalVotes    member votes plus counted device votes
     */
    public record Result(int expectedVotes, int totalVotes, int quorum, boolean quorate) {}

    /** RHCS: quorum = max((expected + 2) / 2, (total + 2) / 2), integer division; two_node makes it 1. */
    public static int quorum(int expected, int total, boolean twoNode) {
        if (twoNode) return 1;
        return Math.max((expected + 2) / 2, (total + 2) / 2);
    }

    public static Result evaluate(Input in) {
        int total = in.memberVotes() + in.deviceVotes();
        // cman never shows fewer expected votes than the members actually carry.
        int shown = Math.max(in.expectedVotes(), total);
        int effective = in.lmsExpected() > 0 ? Math.min(shown, Math.max(in.lmsExpected(), total)) : shown;
        int q = quorum(effective, total, in.twoNode());
        boolean quorate = total >= q && !in.waitingForAll();
        return new Result(shown, total, q, quorate);
    }

    /**
     * last_man_standing: once membership has been stable for the window and the cluster is
     * quorate, expected votes (for the formula only) drop to the votes present, so the
     * next failure is measured against the survivors. Returns the new lowered value, or
     * {@code current} when nothing changes.
     */
    public static int lastManStanding(int current, Result now, long stableForMs, long windowMs) {
        if (!now.quorate() || stableForMs < windowMs) return current;
        int effective = current > 0 ? Math.min(current, now.expectedVotes()) : now.expectedVotes();
        return now.totalVotes() < effective ? now.totalVotes() : current;
    }

    /** A member came back: the lowered value follows the votes present again (0 once it reaches expected). */
    public static int raiseLastManStanding(int current, int totalVotes, int expectedVotes) {
        if (current <= 0 || totalVotes <= current) return current;
        return totalVotes >= expectedVotes ? 0 : totalVotes;
    }

    /** Default expected votes: every node's votes plus the quorum device's, when one is configured. */
    public static int defaultExpected(int sumOfNodeVotes, int deviceVotes) {
        return sumOfNodeVotes + deviceVotes;
    }
}
