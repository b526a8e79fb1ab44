package org.jrhcs.qdisk.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The cman seam, recording what the loop asked for. */
final class FakeCman implements QuorumDeviceSink {
    final List<String> calls = new ArrayList<>();
    volatile Set<Integer> members;
    volatile boolean lastPoll;
    /** The members the last poll said it was judged against. */
    volatile Set<Integer> lastJudged;
    volatile int polls;
    /** Polls that said "available". */
    volatile int availablePolls;
    /** Every poll's verdict, in order. */
    final List<Boolean> history = java.util.Collections.synchronizedList(new ArrayList<>());
    /** cman has died: every poll fails as the client library fails on a dead socket. */
    volatile boolean gone;

    @Override public synchronized void register(String name, int votes) { calls.add("register " + name + " " + votes); }

    @Override public synchronized void poll(boolean available, Set<Integer> judgedMembers) {
        if (gone) throw new IllegalStateException("cman is not running");
        lastPoll = available;
        lastJudged = judgedMembers;
        history.add(available); // before the count: a test that awaits the count reads it
        if (available) availablePolls++;
        polls++;
    }

    @Override public synchronized void unregister() { calls.add("unregister"); }

    @Override public synchronized void kill(int nodeId) { calls.add("kill " + nodeId); }

    @Override public synchronized void leave() { calls.add("leave"); }

    @Override public Set<Integer> members() { return members; }

    synchronized List<String> calls() { return List.copyOf(calls); }
}
