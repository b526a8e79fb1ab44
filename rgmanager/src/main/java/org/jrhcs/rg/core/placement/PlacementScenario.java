package org.jrhcs.rg.core.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A placement input as text, and a plan as text: the format of the regression cases
 * under {@code src/test/resources/placement/} and of recorded decisions replayed by
 * hand. One statement per line, {@code #} starts a comment:
 *
 * <pre>
 * now 120000
 * quorate yes
 * nodes web1 web2 db1
 * online web2 db1
 * awaiting-fence web1
 * leaving
 * domain web-dom ordered restricted nofailback web1:1 web2:2
 * service service:web domain=web-dom autostart=1 exclusive=0 recovery=restart max_restarts=2 restart_expire_time=300 depend=service:db depend_mode=soft
 * state service:web started owner=web1 last=web1 restarts=1000,2000 frozen
 * avoid service:web db1
 * trigger evaluate | trigger recheck | trigger request relocate service:web web2 | trigger status-failed service:web web1
 * </pre>
 * Times are milliseconds except {@code restart_expire_time}, which is seconds as in cluster.conf.
 */
public final class PlacementScenario {
    private PlacementScenario() {}

    public static PlacementInput parse(String text) {
        long now = 0;
        boolean quorate = true;
        List<String> nodes = new ArrayList<>();
        Set<String> online = new LinkedHashSet<>(), fence = new LinkedHashSet<>(), leaving = new LinkedHashSet<>();
        Map<String, Domain> domains = new LinkedHashMap<>();
        Map<String, ServiceSpec> services = new LinkedHashMap<>();
        Map<String, ServiceStatus> states = new LinkedHashMap<>();
        Trigger trigger = Trigger.EVALUATE;
        Map<String, Set<String>> avoid = new LinkedHashMap<>();
        int lineNo = 0;
        for (String raw : text.split("\n")) {
            lineNo++;
            String line = raw.replaceAll("#.*", "").trim();
            if (line.isEmpty()) continue;
            String[] w = line.split("\\s+");
            List<String> args = Arrays.asList(w).subList(1, w.length);
            try {
                switch (w[0]) {
                    case "now" -> now = Long.parseLong(w[1]);
                    case "quorate" -> quorate = w[1].equals("yes");
                    case "nodes" -> nodes.addAll(args);
                    case "online" -> online.addAll(args);
                    case "awaiting-fence" -> fence.addAll(args);
                    case "leaving" -> leaving.addAll(args);
                    case "domain" -> {
                        Map<String, Integer> prio = new LinkedHashMap<>();
                        for (String a : args.subList(1, args.size()))
                            if (a.contains(":")) prio.put(a.substring(0, a.indexOf(':')), Integer.parseInt(a.substring(a.indexOf(':') + 1)));
                        domains.put(w[1], new Domain(w[1], args.contains("ordered"), args.contains("restricted"), args.contains("nofailback"), prio));
                    }
                    case "service" -> {
                        Map<String, String> kv = keyValues(args.subList(1, args.size()));
                        services.put(w[1], new ServiceSpec(w[1], kv.get("domain"),
                                !"0".equals(kv.getOrDefault("autostart", "1")), "1".equals(kv.get("exclusive")),
                                Recovery.parse(kv.get("recovery")), Integer.parseInt(kv.getOrDefault("max_restarts", "0")),
                                Long.parseLong(kv.getOrDefault("restart_expire_time", "0")) * 1000,
                                kv.get("depend"), !"soft".equals(kv.get("depend_mode"))));
                    }
                    case "state" -> {
                        Map<String, String> kv = keyValues(args.subList(2, args.size()));
                        List<Long> restarts = new ArrayList<>();
                        if (kv.get("restarts") != null)
                            for (String t : kv.get("restarts").split(",")) restarts.add(Long.parseLong(t));
                        states.put(w[1], new ServiceStatus(w[1], ServiceState.parse(w[2]), kv.get("owner"), kv.get("last"),
                                restarts, args.contains("frozen")));
                    }
                    case "avoid" -> avoid.computeIfAbsent(w[1], k -> new LinkedHashSet<>()).addAll(args.subList(1, args.size()));
                    case "trigger" -> trigger = switch (w[1]) {
                        case "evaluate" -> Trigger.EVALUATE;
                        case "recheck" -> Trigger.RECHECK;
                        case "status-failed" -> new Trigger.StatusFailed(w[2], w[3]);
                        case "request" -> new Trigger.Request(Trigger.Kind.valueOf(w[2].toUpperCase()), w[3], w.length > 4 ? w[4] : null);
                        default -> throw new IllegalArgumentException("unknown trigger " + w[1]);
                    };
                    default -> throw new IllegalArgumentException("unknown statement " + w[0]);
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + lineNo + ": " + raw.trim() + ": " + e.getMessage(), e);
            }
        }
        return new PlacementInput(now, services, domains, new ClusterView(nodes, online, fence, leaving, quorate), states, trigger, avoid);
    }

    /**
     * The input as text that {@link #parse} reads back to an equal input: how the daemon
     * records each decision under {@code var/lib/cluster/} so it can be replayed.
     */
    public static String format(PlacementInput in) {
        StringBuilder sb = new StringBuilder();
        ClusterView v = in.view();
        sb.append("now ").append(in.now()).append('\n');
        sb.append("quorate ").append(v.quorate() ? "yes" : "no").append('\n');
        sb.append(words("nodes", v.nodes())).append(words("online", sorted(v.nodes(), v.online())))
                .append(words("awaiting-fence", sorted(v.nodes(), v.awaitingFence())))
                .append(words("leaving", sorted(v.nodes(), v.leaving())));
        for (Domain d : in.domains().values()) {
            sb.append("domain ").append(d.name());
            if (d.ordered()) sb.append(" ordered");
            if (d.restricted()) sb.append(" restricted");
            if (d.nofailback()) sb.append(" nofailback");
            d.priorities().forEach((n, p) -> sb.append(' ').append(n).append(':').append(p));
            sb.append('\n');
        }
        for (ServiceSpec s : in.services().values()) {
            sb.append("service ").append(s.name());
            if (s.domain() != null) sb.append(" domain=").append(s.domain());
            sb.append(" autostart=").append(s.autostart() ? 1 : 0).append(" exclusive=").append(s.exclusive() ? 1 : 0)
                    .append(" recovery=").append(s.recovery().text()).append(" max_restarts=").append(s.maxRestarts())
                    .append(" restart_expire_time=").append(s.restartExpireMs() / 1000);
            if (s.depend() != null) sb.append(" depend=").append(s.depend()).append(" depend_mode=").append(s.hardDepend() ? "hard" : "soft");
            sb.append('\n');
        }
        for (ServiceStatus st : in.states().values()) {
            sb.append("state ").append(st.name()).append(' ').append(st.state().text());
            if (st.owner() != null) sb.append(" owner=").append(st.owner());
            if (st.lastOwner() != null) sb.append(" last=").append(st.lastOwner());
            if (!st.restarts().isEmpty())
                sb.append(" restarts=").append(String.join(",", st.restarts().stream().map(String::valueOf).toList()));
            if (st.frozen()) sb.append(" frozen");
            sb.append('\n');
        }
        in.avoid().forEach((svc, nodes) -> sb.append(words("avoid " + svc, sorted(v.nodes(), nodes))));
        Trigger t = in.trigger();
        if (t instanceof Trigger.StatusFailed f) sb.append("trigger status-failed ").append(f.service()).append(' ').append(f.node());
        else if (t instanceof Trigger.Request r)
            sb.append("trigger request ").append(r.kind().name().toLowerCase()).append(' ').append(r.service())
                    .append(r.target() != null ? " " + r.target() : "");
        else if (t instanceof Trigger.Recheck) sb.append("trigger recheck");
        else sb.append("trigger evaluate");
        return sb.append('\n').toString();
    }

    private static String words(String head, List<String> items) {
        return items.isEmpty() && !head.equals("nodes") ? "" : head + (items.isEmpty() ? "" : " " + String.join(" ", items)) + "\n";
    }

    /** {@code set} in configuration order, unknown names last (sets have no order of their own). */
    private static List<String> sorted(List<String> order, Set<String> set) {
        List<String> out = new ArrayList<>();
        for (String n : order) if (set.contains(n)) out.add(n);
        for (String n : new java.util.TreeSet<>(set)) if (!out.contains(n)) out.add(n);
        return out;
    }

    private static Map<String, String> keyValues(List<String> args) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq > 0 && eq < a.length() - 1) kv.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return kv;
    }

    /** One line per action, in plan order. */
    public static String render(List<Action> plan) {
        StringBuilder sb = new StringBuilder();
        for (Action a : plan) sb.append(render(a)).append('\n');
        return sb.toString();
    }

    public static String render(Action a) {
        if (a instanceof Action.Start s)
            return "start " + s.service() + " on " + s.node() + " (" + why(s.why()) + (s.from() != null ? " from " + s.from() : "") + ")";
        if (a instanceof Action.Stop s)
            return "stop " + s.service() + " on " + s.node() + " -> " + s.after().text() + " (" + why(s.why()) + ")";
        if (a instanceof Action.Relocate r)
            return "relocate " + r.service() + " " + r.from() + " -> " + r.to() + " (" + why(r.why()) + ")";
        if (a instanceof Action.Restart r) return "restart " + r.service() + " on " + r.node() + " (" + why(r.why()) + ")";
        if (a instanceof Action.SetState s) return "set " + s.service() + " " + s.state().text() + (s.frozen() ? " frozen" : "");
        Action.Refuse r = (Action.Refuse) a;
        return "refuse " + r.service() + ": " + r.reason();
    }

    private static String why(Action.Why w) { return w.name().toLowerCase().replace('_', '-'); }
}
