package org.jrhcs.tools.drill;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jrhcs.tools.drill.DrillSpec.Absent;
import org.jrhcs.tools.drill.DrillSpec.ActionCheck;
import org.jrhcs.tools.drill.DrillSpec.Step;
import org.jrhcs.tools.drill.Evidence.Action;
import org.jrhcs.tools.drill.Evidence.JournalEntry;
import org.jrhcs.tools.drill.Evidence.Probe;
import org.jrhcs.tools.drill.Report.Check;
import org.jrhcs.tools.drill.Report.Event;

/**
 * Judges a drill from its evidence: a pure function of the logs, the journal, the
 * client's record and the runner's actions. Log times have whole seconds, so "after an
 * action" means "in the action's second or later", and order within one node is the
 * file's line order.
 */
public final class Judge {
    private Judge() {}

    private static final Pattern TAKEOVER = Pattern.compile("Taking over service (service:\\S+) from down member (\\S+)");
    private static final Pattern FENCED = Pattern.compile("^fence \"([^\"]+)\" (success|overridden)");
    private static final Pattern BEGIN = Pattern.compile("^(?:Starting stopped service|Taking over service|Service) (service:[^\\s]+)(?: started| from .*)?$");
    private static final Pattern END = Pattern.compile("^Service (service:\\S+) is (stopped|recovering|disabled|failed)$");

    public static Report judge(DrillSpec spec, Evidence ev) {
        List<Check> checks = new ArrayList<>();
        List<Event> timeline = new ArrayList<>();
        Set<LogLine> shown = new HashSet<>();
        Map<String, Action> firstAction = new LinkedHashMap<>();
        for (Action a : ev.actions()) firstAction.putIfAbsent(a.key(), a);
        long begin = ev.actions().isEmpty() ? Long.MIN_VALUE : floorSecond(ev.actions().get(0).epochMs());

        for (Step s : spec.steps()) checks.add(step(s, firstAction, ev, shown));
        for (Absent a : spec.absents()) checks.add(absent(a, firstAction, ev, shown));
        for (ActionCheck a : spec.actionChecks()) checks.add(actionCheck(a, firstAction));
        checks.add(noTakeoverBeforeFence(ev, begin, shown));
        checks.add(oneOwnerInRgmanagerLogs(ev, shown));
        if (!ev.journal().isEmpty()) checks.add(oneOwnerInJournal(ev));

        // the client
        Long outage = null, from = null, pingOutage = null;
        boolean unrecovered = false;
        if (!ev.probes().isEmpty()) {
            long[] o = longestGap(ev.probes(), true);
            long[] p = longestGap(ev.probes(), false);
            outage = o[0];
            from = o[0] > 0 ? o[1] : null;
            unrecovered = o[2] == 1;
            pingOutage = p[0];
            clientEvents(ev.probes(), timeline);
            if (spec.maxOutageMs() != null)
                checks.add(new Check("client: longest outage at most " + spec.maxOutageMs() / 1000.0 + " s",
                        outage <= spec.maxOutageMs() && !unrecovered, String.format("%.1f s%s", outage / 1000.0, unrecovered ? ", not recovered" : "")));
            else
                checks.add(new Check("client: the service address answers at the end", !unrecovered, unrecovered ? "no answer since the last outage began" : ""));
        }

        for (Action a : ev.actions()) timeline.add(new Event(a.epochMs(), true, "runner", a.key() + (a.text().isEmpty() ? "" : ": " + a.text())));
        for (JournalEntry j : ev.journal())
            if (j.epochMs() >= begin) timeline.add(new Event(j.epochMs(), true, "journal", j.resource() + " " + (j.start() ? "started" : "stopped") + " on " + j.node()));
        for (List<LogLine> lines : ev.logs().values())
            for (LogLine l : lines)
                if (l.epochMs() >= begin && (shown.contains(l) || notable(l))) timeline.add(new Event(l.epochMs(), false, l.node(), l.raw()));
        // A log line stamped second S was written by the end of S: it sorts there, after the
        // millisecond events of S (runner, client, journal); lines of one second keep file order.
        timeline.sort(Comparator.comparingLong((Event e) -> e.exact() ? e.epochMs() : floorSecond(e.epochMs()) + 999));

        boolean pass = checks.stream().allMatch(Check::pass);
        return new Report(spec.name(), spec.title(), pass, checks, timeline, ev.probes().size(), outage, from, pingOutage, unrecovered);
    }

    static long floorSecond(long ms) { return ms - Math.floorMod(ms, 1000L); }

    /** Lines an operator would want in the timeline: the cluster daemons' decisions. */
    static boolean notable(LogLine l) {
        return switch (l.daemon()) {
            case "fenced" -> !l.level().equals("debug");
            case "qdiskd", "clurgmgrd" -> !l.level().equals("info") && !l.level().equals("debug") || l.message().matches("Node \\d+ shutdown");
            case "cman" -> l.message().startsWith("[QUORUM]") || l.message().contains("quorum");
            default -> false;
        };
    }

    private static Check step(Step s, Map<String, Action> actions, Evidence ev, Set<LogLine> shown) {
        String name = (s.node().equals("*") ? "any node" : s.node()) + ": in order after " + s.after();
        Action a = actions.get(s.after());
        if (a == null) return new Check(name, false, "the runner never performed " + s.after());
        long since = floorSecond(a.epochMs());
        List<String> nodes = s.node().equals("*") ? new ArrayList<>(ev.logs().keySet()) : List.of(s.node());
        List<LogLine> bestFound = null;
        String bestNode = null;
        for (String n : nodes) {
            List<LogLine> lines = ev.logs().getOrDefault(n, List.of());
            int from = 0;
            while (from < lines.size() && lines.get(from).epochMs() < since) from++;
            List<LogLine> found = new ArrayList<>();
            for (Expect e : s.lines()) {
                int i = e.find(lines, from);
                if (i < 0) break;
                found.add(lines.get(i));
                from = i + 1;
            }
            if (bestFound == null || found.size() > bestFound.size()) { bestFound = found; bestNode = n; }
            if (found.size() == s.lines().size()) break;
        }
        shown.addAll(bestFound);
        StringBuilder detail = new StringBuilder();
        for (int i = 0; i < s.lines().size(); i++) {
            if (i < bestFound.size()) detail.append("found    ").append(bestFound.get(i).raw());
            else detail.append("MISSING  ").append(s.lines().get(i).describe()).append(i == bestFound.size() && bestNode != null ? "  (in " + bestNode + "'s log, after the lines above)" : "");
            detail.append('\n');
        }
        return new Check(name, bestFound.size() == s.lines().size(), detail.toString().stripTrailing());
    }

    private static Check absent(Absent ab, Map<String, Action> actions, Evidence ev, Set<LogLine> shown) {
        String name = "no node logs \"" + ab.line().describe() + "\" after " + ab.after() + " (" + ab.why() + ")";
        Action a = actions.get(ab.after());
        if (a == null) return new Check(name, false, "the runner never performed " + ab.after());
        long since = floorSecond(a.epochMs());
        for (List<LogLine> lines : ev.logs().values()) {
            int from = 0;
            while (from < lines.size() && lines.get(from).epochMs() < since) from++;
            int i = ab.line().find(lines, from);
            if (i >= 0) {
                shown.add(lines.get(i));
                return new Check(name, false, "found    " + lines.get(i).raw());
            }
        }
        return new Check(name, true, "");
    }

    private static Check actionCheck(ActionCheck c, Map<String, Action> actions) {
        String name = "runner's " + c.key() + ": " + c.why();
        Action a = actions.get(c.key());
        if (a == null) return new Check(name, false, "the runner never recorded " + c.key());
        StringBuilder missing = new StringBuilder();
        for (String re : c.lines()) {
            Pattern p = Pattern.compile(re);
            if (a.output().stream().noneMatch(l -> p.matcher(l).find())) missing.append("MISSING  /").append(re).append("/\n");
        }
        String out = String.join("\n", a.output());
        return new Check(name, missing.length() == 0, (missing.length() == 0 ? "" : missing + "in:\n") + out);
    }

    /** Every "Taking over ... from down member N" comes after a fence of N (on any node) within the drill. */
    private static Check noTakeoverBeforeFence(Evidence ev, long begin, Set<LogLine> shown) {
        StringBuilder bad = new StringBuilder();
        int takeovers = 0;
        for (List<LogLine> lines : ev.logs().values()) {
            for (LogLine l : lines) {
                if (l.epochMs() < begin || !l.daemon().equals("clurgmgrd")) continue;
                Matcher m = TAKEOVER.matcher(l.message());
                if (!m.find()) continue;
                takeovers++;
                shown.add(l);
                if (fenceBefore(ev, m.group(2), l, begin).isEmpty())
                    bad.append("takeover before any fence of ").append(m.group(2)).append(": ").append(l.raw()).append('\n');
            }
        }
        return new Check("no takeover before fence \"NODE\" success (" + takeovers + " takeover" + (takeovers == 1 ? "" : "s") + ")",
                bad.length() == 0, bad.toString().stripTrailing());
    }

    private static Optional<LogLine> fenceBefore(Evidence ev, String victim, LogLine takeover, long begin) {
        for (List<LogLine> lines : ev.logs().values()) {
            for (LogLine l : lines) {
                if (!l.daemon().equals("fenced") || l.epochMs() < begin) continue;
                Matcher m = FENCED.matcher(l.message());
                if (!m.find() || !m.group(1).equals(victim)) continue;
                boolean earlier = l.node().equals(takeover.node()) ? l.index() < takeover.index() : l.epochMs() <= takeover.epochMs();
                if (earlier) return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /** When each node's hold on a service ends for reasons outside its own log: power off, or being fenced. */
    private static long deathOf(Evidence ev, String node, long after) {
        long t = Long.MAX_VALUE;
        for (Action a : ev.actions())
            if ((a.key().equals("crash-" + node) || a.key().equals("power-off-" + node)) && a.epochMs() >= after) t = Math.min(t, a.epochMs());
        for (List<LogLine> lines : ev.logs().values())
            for (LogLine l : lines) {
                if (!l.daemon().equals("fenced") || l.epochMs() < floorSecond(after)) continue;
                Matcher m = FENCED.matcher(l.message());
                if (m.find() && m.group(1).equals(node)) t = Math.min(t, l.epochMs());
            }
        return t;
    }

    /** From clurgmgrd's lines: a node holds a service from its start or takeover to "is stopped/recovering" or its death. */
    private static Check oneOwnerInRgmanagerLogs(Evidence ev, Set<LogLine> shown) {
        record Hold(String service, String node, long from, long to, LogLine start) {}
        List<Hold> holds = new ArrayList<>();
        for (Map.Entry<String, List<LogLine>> e : ev.logs().entrySet()) {
            Map<String, LogLine> open = new HashMap<>();
            for (LogLine l : e.getValue()) {
                if (!l.daemon().equals("clurgmgrd")) continue;
                Matcher b = BEGIN.matcher(l.message()), en = END.matcher(l.message());
                if (en.matches()) {
                    LogLine s = open.remove(en.group(1));
                    if (s != null) holds.add(new Hold(en.group(1), e.getKey(), s.epochMs(), l.epochMs(), s));
                } else if (b.matches() && !l.message().contains(" is ")) {
                    open.putIfAbsent(b.group(1), l);
                }
            }
            open.forEach((svc, s) -> holds.add(new Hold(svc, e.getKey(), s.epochMs(), deathOf(ev, e.getKey(), s.epochMs()), s)));
        }
        StringBuilder bad = new StringBuilder();
        for (Hold a : holds)
            for (Hold b : holds)
                if (a != b && a.service().equals(b.service()) && !a.node().equals(b.node())
                        && b.from() >= a.from() && b.from() < a.to() && !(a.from() == b.from() && a.node().compareTo(b.node()) > 0)) {
                    shown.add(a.start());
                    shown.add(b.start());
                    bad.append(b.node()).append(" started ").append(b.service()).append(" while ").append(a.node())
                            .append(" held it: ").append(b.start().raw()).append('\n');
                }
        return new Check("never two owners of a service (clurgmgrd lines, whole seconds)", bad.length() == 0, bad.toString().stripTrailing());
    }

    /** From the service script's journal (milliseconds): at no moment do two nodes run it. */
    private static Check oneOwnerInJournal(Evidence ev) {
        Map<String, Map<String, Long>> running = new HashMap<>(); // resource -> node -> since
        StringBuilder bad = new StringBuilder();
        for (JournalEntry j : ev.journal()) {
            Map<String, Long> r = running.computeIfAbsent(j.resource(), k -> new HashMap<>());
            r.entrySet().removeIf(x -> deathOf(ev, x.getKey(), x.getValue()) <= j.epochMs());
            if (j.start()) {
                for (String other : r.keySet())
                    if (!other.equals(j.node()))
                        bad.append(j.node()).append(" started ").append(j.resource()).append(" at ").append(j.epochMs())
                                .append(" while ").append(other).append(" ran it\n");
                r.putIfAbsent(j.node(), j.epochMs());
            } else {
                r.remove(j.node());
            }
        }
        return new Check("never two nodes running a service's program at once (journal, milliseconds)", bad.length() == 0, bad.toString().stripTrailing());
    }

    /** {longest gap ms, start of it, 1 if it never ended}: from the last answer before a gap to the first after it. */
    static long[] longestGap(List<Probe> probes, boolean http) {
        long best = 0, bestFrom = 0, lastOk = -1;
        boolean inGap = false, bestOpen = false;
        for (Probe p : probes) {
            boolean ok = http ? p.answered() : p.ping();
            if (ok) {
                if (inGap && lastOk >= 0 && p.epochMs() - lastOk > best) { best = p.epochMs() - lastOk; bestFrom = lastOk; bestOpen = false; }
                lastOk = p.epochMs();
                inGap = false;
            } else {
                inGap = true;
            }
        }
        if (inGap && lastOk >= 0) {
            long end = probes.get(probes.size() - 1).epochMs();
            if (end - lastOk > best) { best = end - lastOk; bestFrom = lastOk; bestOpen = true; }
        }
        return new long[] {best, bestFrom, bestOpen ? 1 : 0};
    }

    /** The client's answers as events: each change of who answers, each gap's start and end. */
    private static void clientEvents(List<Probe> probes, List<Event> out) {
        String who = "";
        long lastOk = -1;
        for (Probe p : probes) {
            String now = p.answered() ? p.http() : null;
            if (now != null && !now.equals(who)) {
                if (who == null && lastOk >= 0) out.add(new Event(p.epochMs(), true, "client", String.format("answers again, from %s (gap %.1f s)", now, (p.epochMs() - lastOk) / 1000.0)));
                else out.add(new Event(p.epochMs(), true, "client", "answers from " + now));
            } else if (now == null && who != null) {
                out.add(new Event(p.epochMs(), true, "client", "no answer" + (p.ping() ? " over HTTP (ping answers)" : " (ping and HTTP)")));
            }
            if (now != null) lastOk = p.epochMs();
            who = now;
        }
    }
}
