package org.jrhcs.sim;

import java.util.ArrayList;
import java.util.List;
import org.jrhcs.rg.core.placement.Trigger;

/**
 * The seeded fault injector. Every choice (which fault, when, whom, how long) comes from
 * the run's {@link SimRandom}, so a seed names one schedule. Faults: crash, hang, clean
 * shutdown, partition, lossy or slow links, disk failure, hang, lost path, torn writes
 * and corruption, fence agents that fail or hang, resource agents whose start or stop
 * fails, failed status checks, heuristics that drop a node's score, operator
 * relocations and configuration updates (some of them stale).
 */
public final class Nemesis {
    private final SimCluster c;
    private final SimRandom r;
    private final List<String> services;
    private int nextVersion;
    /** Fault classes this nemesis may use (see {@link #CLEAN_FAULTS}); all by default. */
    private final java.util.Set<String> allowed;

    /** Process and agent faults only: no hang, partition, link or disk faults. */
    public static final java.util.Set<String> CLEAN_FAULTS =
            java.util.Set.of("crash", "shutdown", "fence", "agent", "check", "relocate");

    /**
     * The CI sweep's faults: every class, hangs and network partitions included (they joined
     * once 10,000 seeds of all classes together broke no safety invariant).
     */
    public static final java.util.Set<String> CI_FAULTS = java.util.Set.of("crash", "shutdown", "link", "disk",
            "fence", "agent", "check", "heuristic", "relocate", "ccs", "hang", "partition");

    public Nemesis(SimCluster cluster) { this(cluster, null); }

    public Nemesis(SimCluster cluster, java.util.Set<String> allowed) {
        this.allowed = allowed;
        this.c = cluster;
        this.r = cluster.random;
        this.services = List.copyOf(cluster.config.rg().services().keySet());
        this.nextVersion = cluster.config.cman().configVersion() + 1;
    }

    /** Schedules {@code count} faults at random times in [from, to) virtual ms from now. */
    public void schedule(int count, long from, long to) {
        for (int k = 0; k < count; k++) {
            long at = r.between(from, to - 1);
            c.scheduler.after(at, null, this::strike);
        }
    }

    private void strike() {
        int n = c.nodes.size();
        int i = r.nextInt(n);
        SimNode node = c.nodes.get(i);
        long now = c.clock.now();
        int op = r.nextInt(100);
        if (allowed != null && !allowed.contains(kind(op))) return;
        if (op < 14) {
            c.crash(i, SimCluster.End.CRASH, "nemesis");
        } else if (op < 26) {
            long d = pickDuration();
            note("hang " + node.name + " for " + d + " ms");
            node.hang();
            c.network.scheduleRecompute(tokenMs(), node.name + " went silent");
            c.scheduler.after(d, null, () -> {
                node.wake();
                c.network.scheduleRecompute(r.between(500, 3000), node.name + " woke");
            });
        } else if (op < 32) {
            note("clean shutdown of " + node.name);
            node.shutdown();
            c.scheduler.after(r.between(20_000, 60_000), null, () -> c.boot(i));
        } else if (op < 44) {
            int[] sides = new int[n];
            for (int k = 0; k < n; k++) sides[k] = r.nextInt(2);
            long d = pickDuration();
            note("partition " + java.util.Arrays.toString(sides) + " for " + d + " ms");
            c.network.partition(sides);
            c.network.scheduleRecompute(tokenMs(), "partition");
            c.scheduler.after(d, null, () -> {
                c.scheduler.note("nemesis: heal partition");
                c.network.heal();
                c.network.scheduleRecompute(r.between(1000, 5000), "heal");
            });
        } else if (op < 50) {
            int j = r.nextInt(n);
            if (j == i) return;
            if (r.chance(0.5)) {
                long d = r.between(50, 3000);
                note("delay link " + node.name + "-" + c.nodes.get(j).name + " by " + d + " ms");
                c.network.delay(i, j, d);
                c.scheduler.after(r.between(1000, 30_000), null, () -> c.network.delay(i, j, 0));
            } else {
                note("lossy link " + node.name + "-" + c.nodes.get(j).name);
                c.network.lossy(i, j, now + r.between(1000, 30_000));
            }
        } else if (op < 60 && c.config.qdisk() != null) {
            long d = pickDuration();
            switch (r.nextInt(5)) {
                case 0 -> { note("disk fails for " + d + " ms"); c.disk.fail(now + d); }
                case 1 -> { note("disk hangs for " + d + " ms"); c.disk.hang(now + d); }
                case 2 -> { note("disk path of " + node.name + " fails for " + d + " ms"); c.disk.failPath(node.id, now + d); }
                case 3 -> { note("torn writes by " + node.name); c.disk.tearNextWrites(node.id, 1 + r.nextInt(3)); }
                default -> { note("corrupt block of " + node.name); c.disk.corrupt(node.id); }
            }
        } else if (op < 70) {
            SimAgents.FenceMode m = r.chance(0.5) ? SimAgents.FenceMode.FAIL : SimAgents.FenceMode.HANG;
            long d = pickDuration();
            note("fence agent for " + node.name + " will " + m + " for " + d + " ms");
            c.agents.fence(node.name, m, now + d);
        } else if (op < 78) {
            String s = r.pick(services);
            long d = pickDuration();
            if (r.chance(0.6)) { note("start of " + s + " fails on " + node.name); c.agents.failStart(s, node.name, now + d); }
            else { note("stop of " + s + " fails on " + node.name); c.agents.failStop(s, node.name, now + d); }
        } else if (op < 84) {
            for (String s : c.runningOn(i)) {
                note("status check of " + s + " fails on " + node.name);
                node.checkFailed(s);
                break;
            }
        } else if (op < 88 && c.config.qdisk() != null) {
            long d = pickDuration();
            note("heuristics of " + node.name + " fail for " + d + " ms");
            node.heuristicScoreOverride = 0;
            c.scheduler.after(d, null, () -> node.heuristicScoreOverride = -1);
        } else if (op < 94) {
            String s = r.pick(services);
            String target = r.chance(0.5) ? null : c.nodes.get(r.nextInt(n)).name;
            note("clusvcadm -r " + s + (target == null ? "" : " -m " + target) + " on " + node.name);
            node.request(Trigger.Kind.RELOCATE, s, target);
        } else {
            // ccs_tool update: usually the next version, sometimes a stale one that must be refused
            int v = r.chance(0.7) ? nextVersion++ : Math.max(1, nextVersion - 1 - r.nextInt(3));
            note("ccs_tool update to version " + v + " on " + node.name);
            node.ccsUpdate(v);
        }
    }

    private static String kind(int op) {
        if (op < 14) return "crash";
        if (op < 26) return "hang";
        if (op < 32) return "shutdown";
        if (op < 44) return "partition";
        if (op < 50) return "link";
        if (op < 60) return "disk";
        if (op < 70) return "fence";
        if (op < 78) return "agent";
        if (op < 84) return "check";
        if (op < 88) return "heuristic";
        if (op < 94) return "relocate";
        return "ccs";
    }

    /** Short faults (below detection) and long ones (well past it) both matter. */
    private long pickDuration() {
        return r.chance(0.4) ? r.between(200, tokenMs()) : r.between(tokenMs(), 4L * tokenMs());
    }

    private long tokenMs() { return c.config.cman().tokenMs(); }

    private void note(String what) { c.scheduler.note("nemesis: " + what); }

    /**
     * Everything heals: links, disk, agents, heuristics; hung nodes wake, dead ones boot.
     * Then an operator clears failed services (cleaning up by hand what a failed stop left,
     * then disable and enable), as RHCS requires.
     */
    public void healAll() {
        c.scheduler.note("nemesis: heal everything");
        c.network.heal();
        c.network.clearLinkFaults();
        c.disk.heal();
        c.agents.heal();
        for (SimNode node : c.nodes) {
            node.heuristicScoreOverride = -1;
            node.wake();
        }
        for (int i = 0; i < c.nodes.size(); i++) {
            SimNode node = c.nodes.get(i);
            if (!node.powered) c.boot(i);
            else if (!node.cmanUp && !node.shuttingDown) { node.powerOff(); c.boot(i); }
        }
        c.network.scheduleRecompute(1000, "heal");
    }

    /** clusvcadm for every service that is not running: -d then -e for failed ones, -e for the rest. */
    public void operatorFixes() {
        SimNode master = c.nodes.stream().filter(x -> x.powered && x.rg != null && x.rg.isMaster()).findFirst().orElse(null);
        if (master == null) return;
        List<String> fixes = new ArrayList<>();
        for (var s : master.rg.services()) {
            if (s.state() == org.jrhcs.rg.core.placement.ServiceState.STARTED) continue;
            fixes.add(s.name());
            if (s.state() == org.jrhcs.rg.core.placement.ServiceState.FAILED) {
                for (int i = 0; i < c.nodes.size(); i++) if (c.runningOn(i).contains(s.name())) c.stopEnds(i, s.name());
                master.request(Trigger.Kind.DISABLE, s.name(), null);
            }
        }
        c.scheduler.note("operator: fixing " + fixes);
        c.scheduler.after(5000, null, () -> {
            for (String s : fixes) master.request(Trigger.Kind.ENABLE, s, null);
        });
    }
}
