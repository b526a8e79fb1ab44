package org.jrhcs.ccsd.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jrhcs.ccsd.core.Effect.Broadcast;
import org.jrhcs.ccsd.core.Effect.KeepUnpublished;
import org.jrhcs.ccsd.core.Effect.Log;
import org.jrhcs.ccsd.core.Effect.Persist;
import org.jrhcs.ccsd.core.Effect.Publish;
import org.jrhcs.ccsd.core.Effect.Reply;

/**
 * Several {@link CcsdCore}s over a hand-cranked total-order group: views and
 * messages go into one queue and every member of the moment gets each in the same
 * order. Disk writes succeed at once unless a node is told to fail them.
 */
final class CoreCluster {
    final Map<Integer, CcsdCore> cores = new TreeMap<>();
    final Map<Integer, ConfigCopy> disks = new TreeMap<>();
    /** The last copy each node's ccsd wrote (the daemon's record of it survives restarts). */
    final Map<Integer, ConfigCopy> written = new TreeMap<>();
    final Map<Integer, List<ConfigCopy>> published = new TreeMap<>();
    final Map<Integer, List<ConfigCopy>> unpublished = new TreeMap<>();
    final Map<Integer, List<Reply>> replies = new TreeMap<>();
    final Map<Integer, List<String>> logs = new TreeMap<>();
    /** Every answer ever given, across restarts. */
    final List<Reply> allReplies = new ArrayList<>();
    final Set<Integer> failingDisks = new HashSet<>();
    private long incarnations;
    private final List<Integer> members = new ArrayList<>();
    /** cman's quorum as the next views report it. */
    boolean quorate = true;
    /** When set, quorum is a majority of this many nodes (else the {@link #quorate} flag). */
    int majorityOf;
    private final Deque<Runnable> queue = new ArrayDeque<>();

    /** A disk copy counts as published iff it is the one this node's ccsd last wrote, as in the daemon. */
    private CcsdCore core(int id, ConfigCopy disk) {
        return new CcsdCore(disk, disk.equals(written.get(id)), ++incarnations);
    }

    /** A node starts with {@code disk} and joins; its view is queued behind anything already sent. */
    void join(int id, ConfigCopy disk) {
        join(id, disk, false);
    }

    /** Like {@link #join} but the view jumps the queue: it lands between messages already sent. */
    void joinAhead(int id, ConfigCopy disk) {
        join(id, disk, true);
    }

    private void join(int id, ConfigCopy disk, boolean ahead) {
        Runnable view = () -> {
            if (members.contains(id)) return;
            cores.put(id, core(id, disk));
            disks.put(id, disk);
            published.put(id, new ArrayList<>());
            unpublished.put(id, new ArrayList<>());
            replies.put(id, new ArrayList<>());
            logs.put(id, new ArrayList<>());
            members.add(id);
            members.sort(null);
            view(List.of(id));
        };
        if (ahead) queue.addFirst(view);
        else queue.add(view);
    }

    /** Several nodes start at once: one view with all of them. */
    void joinAll(Map<Integer, ConfigCopy> disksById) {
        disksById.forEach((id, d) -> {
            cores.put(id, core(id, d));
            disks.put(id, d);
            published.put(id, new ArrayList<>());
            unpublished.put(id, new ArrayList<>());
            replies.put(id, new ArrayList<>());
            logs.put(id, new ArrayList<>());
        });
        queue.add(() -> {
            members.addAll(disksById.keySet());
            members.sort(null);
            view(List.copyOf(disksById.keySet()));
        });
    }

    /** The node's ccsd restarts so fast that cman reports it only as joined, never as gone. */
    void restart(int id, ConfigCopy disk) {
        queue.add(() -> {
            if (!members.contains(id)) return;
            cores.put(id, core(id, disk));
            disks.put(id, disk);
            published.put(id, new ArrayList<>());
            replies.put(id, new ArrayList<>());
            view(List.of(id));
        });
    }

    /** The node fails (or stops); the others get a view without it. */
    void leave(int id) {
        queue.add(() -> {
            if (!members.remove(Integer.valueOf(id))) return;
            cores.remove(id);
            view(List.of());
        });
    }

    /** cman's quorum changed: a view with the same members says so. */
    void quorum(boolean q) {
        queue.add(() -> {
            quorate = q;
            view(List.of());
        });
    }

    void request(int id, long request, ConfigCopy copy) {
        run(id, cores.get(id).handle(new Input.UpdateRequest(request, copy)));
    }

    /** What happened, in delivery order: printed when a simulation fails. */
    final List<String> trace = new ArrayList<>();

    private void view(List<Integer> joined) {
        if (majorityOf > 0) quorate = members.size() * 2 > majorityOf;
        trace.add("view " + members + " joined " + joined + (quorate ? "" : " inquorate"));
        for (int m : List.copyOf(members))
            run(m, cores.get(m).handle(new Input.View(List.copyOf(members), joined, m, quorate)));
    }

    private void run(int node, List<Effect> effects) {
        for (Effect e : effects) {
            if (e instanceof Broadcast b) {
                // cman never delivers a message of a process that has gone, even if the node is back
                CcsdCore sender = cores.get(node);
                queue.add(() -> {
                    if (cores.get(node) != sender) {
                        trace.add("drop (sender gone) " + node + ": " + brief(b.message()));
                        return;
                    }
                    trace.add((members.contains(node) ? "deliver " : "drop ") + node + ": " + brief(b.message()));
                    for (int m : List.copyOf(members))
                        if (cores.containsKey(m) && members.contains(node))
                            run(m, cores.get(m).handle(new Input.Delivered(node, b.message())));
                });
            } else if (e instanceof Persist p) {
                boolean fail = failingDisks.contains(node);
                if (!fail) {
                    disks.put(node, p.copy());
                    written.put(node, p.copy());
                }
                run(node, cores.get(node).handle(new Input.Persisted(p.copy().version(), !fail, fail ? "No space left on device" : null)));
            } else if (e instanceof Publish p) {
                published.get(node).add(p.copy());
            } else if (e instanceof KeepUnpublished k) {
                unpublished.get(node).add(k.copy());
            } else if (e instanceof Reply r) {
                replies.get(node).add(r);
                allReplies.add(r);
            } else if (e instanceof Log l) {
                logs.get(node).add(l.severity().text() + ": " + l.message());
            }
        }
    }

    private static String brief(GroupMessage m) {
        if (m instanceof GroupMessage.Hello h) return "hello v" + h.copy().version() + " inc " + h.incarnation();
        if (m instanceof GroupMessage.State s) return "state to " + s.to() + " inc " + s.incarnation() + " v" + s.copy().version() + " synced " + s.synced();
        if (m instanceof GroupMessage.Update u) return "update #" + u.request() + " v" + u.copy().version();
        if (m instanceof GroupMessage.Synced y) return "synced v" + y.copy().version() + " by " + y.publishedBy();
        GroupMessage.Ack a = (GroupMessage.Ack) m;
        return "ack v" + a.version() + (a.ok() ? "" : " failed");
    }

    /** Delivers one queued event; false when none is left. */
    boolean step() {
        Runnable r = queue.poll();
        if (r == null) return false;
        r.run();
        return true;
    }

    void settle() {
        int n = 0;
        while (step()) if (++n > 10_000) throw new AssertionError("does not settle");
    }

    ConfigCopy served(int id) {
        List<ConfigCopy> p = published.get(id);
        return p.isEmpty() ? null : p.get(p.size() - 1);
    }
}
