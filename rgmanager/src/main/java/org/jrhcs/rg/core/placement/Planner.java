package org.jrhcs.rg.core.placement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jrhcs.rg.core.placement.Action.Refuse;
import org.jrhcs.rg.core.placement.Action.Relocate;
import org.jrhcs.rg.core.placement.Action.Restart;
import org.jrhcs.rg.core.placement.Action.SetState;
import org.jrhcs.rg.core.placement.Action.Start;
import org.jrhcs.rg.core.placement.Action.Stop;
import org.jrhcs.rg.core.placement.Action.Why;
import org.jrhcs.rg.core.placement.Trigger.Request;
import org.jrhcs.rg.core.placement.Trigger.StatusFailed;

/**
 * rgmanager's placement: (config, membership, quorum, fence state, service states,
 * trigger) → an ordered plan. Pure and deterministic: ties break by configuration
 * order. A pipeline of named phases over one immutable input, each phase seeing the
 * owners the earlier phases projected (so two services never pick the same exclusive
 * node in one plan).
 *
 * <p>Safety rules every phase keeps: nothing starts while inquorate; nothing a node
 * held starts elsewhere while that node awaits fencing; a failed service starts
 * nowhere until an operator disables it; frozen services are neither moved nor
 * recovered.
 */
public final class Planner {

    private Planner() {}

    public static List<Action> plan(PlacementInput in) {
        Work w = new Work(in);
        if (!in.view().quorate()) {
            inquorate(w);
            return w.plan();
        }
        if (in.trigger() instanceof Request r) {
            request(w, r);
        } else if (in.trigger() instanceof StatusFailed f) {
            statusFailed(w, f);
        } else {
            ownersGone(w);
            ownersLeaving(w);
            dependencies(w);
            autostart(w);
            if (!(in.trigger() instanceof Trigger.Recheck)) failback(w);
        }
        return w.plan();
    }

    // ---- phases --------------------------------------------------------------------

    /** Without quorum every service this partition runs stops; nothing starts. */
    private static void inquorate(Work w) {
        for (ServiceSpec s : w.in.services().values()) {
            ServiceStatus st = w.in.state(s.name());
            if (st.state().holdsOwner() && st.owner() != null && w.in.view().online().contains(st.owner()))
                w.stop(s.name(), st.owner(), Why.INQUORATE, ServiceState.STOPPED);
        }
    }

    /** Services whose owner is gone: wait for the fence, then take them over. */
    private static void ownersGone(Work w) {
        for (ServiceSpec s : w.in.services().values()) {
            ServiceStatus st = w.in.state(s.name());
            String owner = st.owner();
            if (owner == null || !st.state().holdsOwner() || w.in.view().online().contains(owner)) continue;
            if (w.in.view().awaitingFence().contains(owner)) { w.hold(s.name()); continue; } // never before the fence
            if (st.frozen()) { w.hold(s.name()); continue; }
            Optional<String> to = w.best(s, Set.of(owner));
            if (to.isPresent()) w.start(s.name(), to.get(), Why.TAKEOVER, owner);
            else w.add(new SetState(s.name(), ServiceState.STOPPED, st.frozen()));
        }
    }

    /** A member shutting down rgmanager hands its services to the best other node first. */
    private static void ownersLeaving(Work w) {
        for (ServiceSpec s : w.in.services().values()) {
            ServiceStatus st = w.in.state(s.name());
            if (w.decided(s.name()) || st.state() != ServiceState.STARTED || !w.in.view().leaving().contains(st.owner())) continue;
            Optional<String> to = w.best(s, Set.of(st.owner()));
            if (to.isPresent()) w.relocate(s.name(), st.owner(), to.get(), Why.OWNER_LEAVING);
            else w.stop(s.name(), st.owner(), Why.OWNER_LEAVING, ServiceState.STOPPED);
        }
    }

    /** A running service whose (hard) dependency is not running stops. */
    private static void dependencies(Work w) {
        for (ServiceSpec s : w.in.services().values()) {
            if (s.depend() == null || !s.hardDepend() || w.decided(s.name())) continue;
            ServiceStatus st = w.in.state(s.name());
            if (st.state() == ServiceState.STARTED && !w.running(s.depend()))
                w.stop(s.name(), st.owner(), Why.DEPENDENCY, ServiceState.STOPPED);
        }
    }

    /** Stopped autostart services start on their best node, dependencies first. */
    private static void autostart(Work w) {
        // configuration order, but a service waits for the one it depends on
        List<ServiceSpec> pending = new ArrayList<>(w.in.services().values());
        boolean progress = true;
        while (progress) {
            progress = false;
            for (var it = pending.iterator(); it.hasNext(); ) {
                ServiceSpec s = it.next();
                ServiceStatus st = w.in.state(s.name());
                if (w.decided(s.name()) || !s.autostart() || st.frozen() || !st.state().startable()) { it.remove(); continue; }
                if (s.depend() != null && !w.running(s.depend())) continue;
                it.remove();
                progress = true;
                w.best(s, Set.of()).ifPresent(node -> w.start(s.name(), node, Why.AUTOSTART, null));
            }
        }
    }

    /** A service in an ordered domain returns to a better member unless nofailback. */
    private static void failback(Work w) {
        for (ServiceSpec s : w.in.services().values()) {
            ServiceStatus st = w.in.state(s.name());
            Domain d = w.in.domainOf(s);
            if (w.decided(s.name()) || d == null || st.frozen() || st.state() != ServiceState.STARTED) continue;
            // nofailback and unordered domains keep a service on any member; a service that
            // had to run outside its domain still moves in once a member is back.
            if ((d.nofailback() || !d.ordered()) && d.contains(st.owner())) continue;
            Optional<String> best = w.best(s, Set.of());
            if (best.isPresent() && d.rank(best.get()) < d.rank(st.owner()))
                w.relocate(s.name(), st.owner(), best.get(), Why.BETTER_NODE);
        }
    }

    /** A failed status check: restart in place, relocate, or disable, per the service's recovery policy. */
    private static void statusFailed(Work w, StatusFailed f) {
        ServiceSpec s = w.in.services().get(f.service());
        if (s == null) return;
        ServiceStatus st = w.in.state(s.name());
        if (st.frozen() || !f.node().equals(st.owner())) return;
        if (s.recovery() == Recovery.DISABLE) {
            w.stop(s.name(), f.node(), Why.RECOVERY, ServiceState.DISABLED);
            return;
        }
        boolean limitReached = s.maxRestarts() > 0 && recentRestarts(s, st, w.in.now()) >= s.maxRestarts();
        if (s.recovery() == Recovery.RESTART && !limitReached) {
            w.add(new Restart(s.name(), f.node(), Why.RECOVERY));
            return;
        }
        Optional<String> to = w.best(s, Set.of(f.node()));
        if (to.isPresent()) w.relocate(s.name(), f.node(), to.get(), Why.RECOVERY);
        else if (s.recovery() == Recovery.RELOCATE && !limitReached) w.add(new Restart(s.name(), f.node(), Why.RECOVERY));
        else w.stop(s.name(), f.node(), Why.RECOVERY, ServiceState.RECOVERABLE);
    }

    static int recentRestarts(ServiceSpec s, ServiceStatus st, long now) {
        if (s.restartExpireMs() <= 0) return st.restarts().size();
        return (int) st.restarts().stream().filter(t -> now - t < s.restartExpireMs()).count();
    }

    /** clusvcadm requests, refused with the operator's reason when they cannot be done. */
    private static void request(Work w, Request r) {
        ServiceSpec s = w.in.services().get(r.service());
        if (s == null) { w.add(new Refuse(r.service(), "Service " + r.service() + " does not exist", Action.Refusal.NO_SERVICE)); return; }
        ServiceStatus st = w.in.state(s.name());
        boolean running = st.state() == ServiceState.STARTED;
        if (r.target() != null) {
            if (!w.in.view().nodes().contains(r.target())) { w.add(new Refuse(s.name(), "Member " + r.target() + " does not exist", Action.Refusal.NODE)); return; }
            if (!w.in.view().canRun(r.target())) { w.add(new Refuse(s.name(), "Member " + r.target() + " is not online", Action.Refusal.NODE)); return; }
            Domain d = w.in.domainOf(s);
            if (d != null && d.restricted() && !d.contains(r.target())) {
                w.add(new Refuse(s.name(), "Member " + r.target() + " is not in the restricted failover domain " + d.name(), Action.Refusal.DOMAIN));
                return;
            }
        }
        if (st.frozen() && r.kind() != Trigger.Kind.UNFREEZE && r.kind() != Trigger.Kind.FREEZE) {
            w.add(new Refuse(s.name(), "Service " + s.name() + " is frozen", Action.Refusal.FROZEN));
            return;
        }
        switch (r.kind()) {
            case ENABLE -> {
                if (running) return;
                if (st.state() == ServiceState.FAILED) { w.add(new Refuse(s.name(), "Service " + s.name() + " is failed; disable it first", Action.Refusal.INVALID)); return; }
                if (s.depend() != null && !w.running(s.depend())) { w.add(new Refuse(s.name(), "Dependency " + s.depend() + " is not running", Action.Refusal.DEPEND)); return; }
                Optional<String> to = r.target() != null ? Optional.of(r.target()) : w.best(s, Set.of());
                if (to.isEmpty()) { w.add(new Refuse(s.name(), "No member can run " + s.name(), s.exclusive() ? Action.Refusal.EXCLUSIVE : Action.Refusal.NO_TARGET)); return; }
                w.start(s.name(), to.get(), Why.OPERATOR, null);
            }
            case DISABLE -> {
                if (st.owner() != null && st.state().holdsOwner()) w.stop(s.name(), st.owner(), Why.OPERATOR, ServiceState.DISABLED);
                else w.add(new SetState(s.name(), ServiceState.DISABLED, false));
            }
            case STOP -> {
                if (st.owner() != null && st.state().holdsOwner()) w.stop(s.name(), st.owner(), Why.OPERATOR, ServiceState.STOPPED);
                else w.add(new SetState(s.name(), ServiceState.STOPPED, false));
            }
            case MIGRATE -> {
                // RHCS migrates only groups whose top resource can move while running (vm);
                // anything else is refused with RG_EINVAL, never silently relocated.
                if (!migratory(s)) {
                    w.add(new Refuse(s.name(), "Service " + s.name() + " is not migratable (only vm: services migrate)", Action.Refusal.INVALID));
                    return;
                }
                request(w, new Request(Trigger.Kind.RELOCATE, r.service(), r.target()));
            }
            case RELOCATE -> {
                if (!running) { request(w, new Request(Trigger.Kind.ENABLE, r.service(), r.target())); return; }
                Optional<String> to = r.target() != null ? Optional.of(r.target()) : w.best(s, Set.of(st.owner()));
                if (to.isEmpty()) { w.add(new Refuse(s.name(), "No other member can run " + s.name(), s.exclusive() ? Action.Refusal.EXCLUSIVE : Action.Refusal.NO_TARGET)); return; }
                if (to.get().equals(st.owner())) return;
                w.relocate(s.name(), st.owner(), to.get(), Why.OPERATOR);
            }
            case RESTART -> {
                if (!running) { request(w, new Request(Trigger.Kind.ENABLE, r.service(), r.target())); return; }
                w.add(new Restart(s.name(), st.owner(), Why.OPERATOR));
            }
            case FREEZE -> w.add(new SetState(s.name(), st.state(), true));
            case UNFREEZE -> w.add(new SetState(s.name(), st.state(), false));
        }
    }

    /**
     * Whether {@code clusvcadm -M} applies: a {@code <vm>} group (RHCS's migratory type).
     * This project has no live-migration agent; a vm migrates by stopping and starting.
     */
    static boolean migratory(ServiceSpec s) { return s.name().startsWith("vm:"); }

    // ---- the working set of one plan ---------------------------------------------------

    private static final class Work {
        final PlacementInput in;
        final List<Action> stops = new ArrayList<>();
        final List<Action> rest = new ArrayList<>();
        final Map<String, String> owner = new HashMap<>();   // projected owner after the plan
        final Set<String> decided = new HashSet<>();
        // Kept in step with owner, so that choosing a node costs the same however many
        // services there are (counting them per candidate made a cold start quadratic).
        private final Map<String, Integer> load = new HashMap<>();        // node -> services projected there
        private final Map<String, Integer> exclusives = new HashMap<>();  // node -> exclusive ones among them
        private final Map<String, Integer> position = new HashMap<>();    // node -> configuration order

        Work(PlacementInput in) {
            this.in = in;
            List<String> nodes = in.view().nodes();
            for (int i = 0; i < nodes.size(); i++) position.putIfAbsent(nodes.get(i), i);
            for (ServiceSpec s : in.services().values()) {
                ServiceStatus st = in.state(s.name());
                if (st.owner() != null && st.state().holdsOwner()) setOwner(s.name(), st.owner());
            }
        }

        List<Action> plan() {
            List<Action> out = new ArrayList<>(stops);
            out.addAll(rest);
            return out;
        }

        boolean decided(String service) { return decided.contains(service); }

        void hold(String service) { decided.add(service); }

        boolean running(String service) {
            return owner.containsKey(service) && in.view().canRun(owner.get(service));
        }

        void add(Action a) {
            decided.add(a.service());
            if (a instanceof Stop) stops.add(a); else rest.add(a);
        }

        void start(String service, String node, Why why, String from) {
            setOwner(service, node);
            add(new Start(service, node, why, from));
        }

        void stop(String service, String node, Why why, ServiceState after) {
            setOwner(service, null);
            add(new Stop(service, node, why, after));
        }

        void relocate(String service, String from, String to, Why why) {
            setOwner(service, to);
            add(new Relocate(service, from, to, why));
        }

        /** Projects {@code service} onto {@code node} (null: nowhere), keeping the counts. */
        private void setOwner(String service, String node) {
            String old = node == null ? owner.remove(service) : owner.put(service, node);
            if (old != null) count(old, service, -1);
            if (node != null) count(node, service, 1);
        }

        private void count(String node, String service, int delta) {
            load.merge(node, delta, Integer::sum);
            if (exclusive(service)) exclusives.merge(node, delta, Integer::sum);
        }

        private boolean exclusive(String service) {
            ServiceSpec s = in.services().get(service);
            return s != null && s.exclusive();
        }

        /** Whether {@code node} hosts an exclusive service other than {@code except}. */
        boolean hostsExclusive(String node, String except) {
            int n = exclusives.getOrDefault(node, 0);
            if (node.equals(owner.get(except)) && exclusive(except)) n--;
            return n > 0;
        }

        /**
         * The node a service should run on: online, not leaving, not excluded, inside
         * a restricted domain, honouring exclusive; domain members first (ordered: by
         * priority), then by fewest services, then configuration order.
         */
        Optional<String> best(ServiceSpec s, Set<String> exclude) {
            Domain d = in.domainOf(s);
            Set<String> avoid = in.avoid(s.name());
            String best = null;
            int bestRank = 0, bestLoad = 0, bestPosition = 0;
            for (String n : in.view().nodes()) {
                if (!in.view().canRun(n) || exclude.contains(n) || avoid.contains(n)) continue;
                if (d != null && d.restricted() && !d.contains(n)) continue;
                int loadHere = loadExcept(n, s.name());
                if (s.exclusive() ? loadHere != 0 : hostsExclusive(n, s.name())) continue;
                int rank = d == null ? 0 : d.rank(n), pos = position.get(n);
                if (best == null || rank < bestRank || rank == bestRank && (loadHere < bestLoad
                        || loadHere == bestLoad && pos < bestPosition)) {
                    best = n;
                    bestRank = rank;
                    bestLoad = loadHere;
                    bestPosition = pos;
                }
            }
            return Optional.ofNullable(best);
        }

        private int loadExcept(String node, String service) {
            return load.getOrDefault(node, 0) - (node.equals(owner.get(service)) ? 1 : 0);
        }
    }
}
