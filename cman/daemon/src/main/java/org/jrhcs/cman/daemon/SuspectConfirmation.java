package org.jrhcs.cman.daemon;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether the nodes this node has fallen silent from may be excluded from the membership:
 * the policy of the confirmation step between JGroups' failure detection and its view
 * changes ({@link JGroupsAdapter}). Pure: addresses are any type, time is an argument.
 *
 * <p>Why: in JGroups the coordinator alone turns its own suspicion into a new view. A
 * node with a bad link that is, or becomes, coordinator can hear one healthy node and not
 * another, and then installs a view without the one it cannot hear; the node it still
 * hears accepts that view, and two healthy nodes have dropped each other (cman then
 * disallows them when they meet again: the whole cluster down because of one bad cable).
 * Totem forms a ring only from nodes that agree on who is reachable; the equivalent here:
 * before a suspicion becomes a view change, every other member not suspected itself (a
 * witness) is asked how long it has been silent from each suspect, and a suspect is
 * excluded only when every witness answered and all are silent from it too
 * (≥ {@code confirmSilenceMs}). With no witness (two nodes, or everyone else suspected)
 * suspicions pass at once.
 *
 * <p>A node whose own link is bad rarely gets every witness's answer, so it excludes no one
 * while the others exclude it; once every other member is silent to it (they no longer
 * count it as a member), it has no witness left and stands alone. A suspect that a witness
 * keeps hearing (a link cut between two nodes only) is excluded anyway when this node has
 * been suspecting it for {@code escalateAfterMs} while every round of questions was fully
 * answered throughout (this node's own link is sound), and only by the one of the two that
 * comes first in the view (the coordinator's order, the same on every member): with a link
 * cut between two nodes, both hold their suspicion of the other, and if both acted at once
 * the witnesses could take either view and split from the other node; one of them acting
 * gives one outcome (the later one leaves). JGroups lets only the node that would be
 * coordinator act on its suspicions at all, so a cut between two nodes neither of which
 * is (or would become) coordinator changes nothing, with or without this step.
 *
 * <p>A suspect whose failure-detection socket was closed by its other end (here, or at a
 * witness that says so in its answer: {@link #socketClosed}) is excluded at once, without
 * the witnesses' silence and even in a round with a missing answer. A closed or reset TCP
 * connection is positive evidence that the process is gone (its kernel closed its sockets
 * when it died, or it restarted): the witnesses still hear it because it spoke a moment
 * before dying, and waiting for their silence delayed a crash's detection from ~180 ms to
 * ~940 ms at token 1000. Silence is no such evidence: a hung process, a pulled cable and
 * a lossy link all keep the connection open (TCP retries for minutes), and a lossy link
 * loses packets but cannot forge a close, so those suspicions still go through the
 * witnesses as above. A close counts for {@code escalateAfterMs}: the suspicion it causes
 * reaches a round within a verification and a round (a small part of that); an older
 * close belongs to an episode that is over.
 *
 * <p>Not thread-safe: the caller serialises calls.
 */
final class SuspectConfirmation<A> {

    /** The outcome of one round of questions. */
    record Decision<A>(Set<A> exclude, Map<A, A> heldBy, Set<A> escalated, Set<A> socketClosed, Set<A> refuted) {}

    private long confirmSilenceMs;
    private long escalateAfterMs;
    private final Map<A, Long> suspectedSince = new LinkedHashMap<>();
    /** When each node's failure-detection socket was last found closed by its other end (here or at a witness). */
    private final Map<A, Long> socketClosedAt = new LinkedHashMap<>();
    /** Since when every round was fully answered; null while the last round missed an answer. */
    private Long answeredSince;

    SuspectConfirmation(long confirmSilenceMs, long escalateAfterMs) {
        retune(confirmSilenceMs, escalateAfterMs);
    }

    void retune(long confirmSilenceMs, long escalateAfterMs) {
        this.confirmSilenceMs = confirmSilenceMs;
        this.escalateAfterMs = escalateAfterMs;
    }

    long confirmSilenceMs() { return confirmSilenceMs; }

    long escalateAfterMs() { return escalateAfterMs; }

    /** Failure detection suspects {@code nodes} (again): they count from the first time. */
    void suspect(Collection<A> nodes, long now) {
        for (A n : nodes) suspectedSince.putIfAbsent(n, now);
    }

    /**
     * {@code node}'s failure-detection socket was closed by its other end at {@code now}:
     * seen here, or reported by a witness. Only a connection that was up and that the
     * other end closed counts, never a connect that failed or timed out (a lossy link
     * makes those).
     */
    void socketClosed(A node, long now) { socketClosedAt.put(node, now); }

    /** Of {@code nodes}, those whose socket was closed within the last {@code escalateAfterMs}. */
    Set<A> socketClosedRecently(Collection<A> nodes, long now) {
        Set<A> closed = new LinkedHashSet<>();
        for (A n : nodes) {
            Long at = socketClosedAt.get(n);
            if (at != null && now - at <= escalateAfterMs) closed.add(n);
        }
        return closed;
    }

    /**
     * Whether a round about {@code asked} can be judged without waiting for the remaining
     * answers: each of them still suspected has had its socket closed.
     */
    boolean settledBySockets(Collection<A> asked, long now) {
        Set<A> open = new LinkedHashSet<>(asked);
        open.retainAll(suspectedSince.keySet());
        return !open.isEmpty() && socketClosedRecently(open, now).containsAll(open);
    }

    /** {@code node} was heard from again (a close seen before is no longer evidence). */
    void unsuspect(A node) {
        suspectedSince.remove(node);
        socketClosedAt.remove(node);
    }

    /** A new view: suspects outside it are settled. */
    void view(Collection<A> members) {
        Set<A> m = new LinkedHashSet<>(members);
        suspectedSince.keySet().retainAll(m);
        socketClosedAt.keySet().retainAll(m);
    }

    Set<A> suspects() { return new LinkedHashSet<>(suspectedSince.keySet()); }

    /** Whom to ask: the members that are neither this node nor suspected. */
    List<A> witnesses(Collection<A> members, A self) {
        return witnesses(members, self, Map.of(), 0);
    }

    /**
     * Whom to ask: the members that are neither this node nor suspected; when there are
     * none, the suspects this node heard within {@code confirmSilenceMs} ({@code silentMs}:
     * suspect → ms silent here, absent for never heard) whose socket was not closed. A
     * suspect heard a moment ago is no evidence of a death, and suspecting everyone else at
     * once is what a failure-detection hiccup looks like: when two nodes crash together,
     * the survivors that had each monitored one of them reconnect to each other at the same
     * moment, those connects can time out, and each then suspects the other (seen: two
     * crashes of four left both survivors alone). A suspect that answers is alive and
     * reachable ({@link Decision#refuted}) and vouches for the others as any witness does.
     */
    List<A> witnesses(Collection<A> members, A self, Map<A, Long> silentMs, long now) {
        List<A> w = new ArrayList<>();
        for (A m : members) if (!m.equals(self) && !suspectedSince.containsKey(m)) w.add(m);
        if (!w.isEmpty()) return w;
        Set<A> closed = socketClosedRecently(suspectedSince.keySet(), now);
        for (A m : members) {
            Long silent = silentMs.get(m);
            if (!m.equals(self) && suspectedSince.containsKey(m) && !closed.contains(m)
                    && silent != null && silent < confirmSilenceMs) w.add(m);
        }
        return w;
    }

    /**
     * Judges a round that asked {@code witnesses} about {@code asked} (the suspects when it
     * started) from {@code self}; {@code viewOrder} is the current view's members in order.
     * {@code answers}: witness → (suspect → ms the witness has been silent from
     * it, {@link Long#MAX_VALUE} for never heard); a witness missing from the map did not
     * answer in time. Suspects unsuspected meanwhile are not excluded. Suspects whose
     * socket was closed ({@link #socketClosed}) are excluded whatever the answers say.
     */
    Decision<A> decide(A self, List<A> viewOrder, Collection<A> witnesses, Collection<A> asked,
                       Map<A, Map<A, Long>> answers, long roundStart, long now) {
        // A suspect asked as a witness (see witnesses) that answered is alive: no longer suspected.
        Set<A> refuted = new LinkedHashSet<>(answers.keySet());
        refuted.retainAll(asked);
        refuted.retainAll(suspectedSince.keySet());
        refuted.forEach(this::unsuspect);
        Set<A> stillSuspected = new LinkedHashSet<>(asked);
        stillSuspected.retainAll(suspectedSince.keySet());
        Set<A> closed = socketClosedRecently(stillSuspected, now);
        Set<A> exclude = new LinkedHashSet<>(closed);
        Map<A, A> heldBy = new LinkedHashMap<>();
        Set<A> escalated = new LinkedHashSet<>();
        // A round settled by closed sockets alone (ended before every answer was in) says
        // nothing about this node's own link: the escalation clock is left as it was.
        if (closed.containsAll(stillSuspected)) return new Decision<>(exclude, heldBy, escalated, closed, refuted);
        boolean allAnswered = answers.keySet().containsAll(witnesses);
        if (!allAnswered) {
            answeredSince = null;
            return new Decision<>(exclude, heldBy, escalated, closed, refuted);
        }
        if (answeredSince == null) answeredSince = roundStart;
        for (A s : asked) {
            Long since = suspectedSince.get(s);
            if (since == null || closed.contains(s)) continue;
            A hearing = null;
            for (A w : witnesses) {
                if (w.equals(s)) continue;
                Long silent = answers.get(w).get(s);
                if (silent == null || silent < confirmSilenceMs) { hearing = w; break; }
            }
            if (hearing == null) exclude.add(s);
            else if (precedes(viewOrder, self, s) && now - Math.max(since, answeredSince) >= escalateAfterMs) {
                exclude.add(s);
                escalated.add(s);
            } else heldBy.put(s, hearing);
        }
        return new Decision<>(exclude, heldBy, escalated, closed, refuted);
    }

    private static <A> boolean precedes(List<A> order, A a, A b) {
        int i = order.indexOf(a), j = order.indexOf(b);
        return i >= 0 && j >= 0 && i < j;
    }
}
