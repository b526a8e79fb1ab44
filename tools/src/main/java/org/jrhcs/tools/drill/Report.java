package org.jrhcs.tools.drill;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A drill's verdict: every check with pass/fail, the timeline of events it was judged
 * from, and the client's figures. {@link #text} for people, {@link #json} for machines.
 *
 * @param longestOutageMs longest span without an HTTP answer from the service address
 *                        (from the last answer before it to the first after), null without a client
 */
public record Report(String drill, String title, boolean pass, List<Check> checks, List<Event> timeline,
                     int probes, Long longestOutageMs, Long outageFromMs, Long longestPingOutageMs, boolean unrecovered) {

    public record Check(String name, boolean pass, String detail) {}

    /**
     * @param exact  true when the time has milliseconds (runner, client, journal); log lines have whole seconds
     * @param source the node whose log it is, "runner", "client" or "journal"
     */
    public record Event(long epochMs, boolean exact, String source, String text) {}

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    public String text(ZoneId zone) {
        StringBuilder sb = new StringBuilder();
        sb.append("drill ").append(drill).append(": ").append(title).append('\n');
        for (Check c : checks) {
            sb.append(c.pass() ? "  PASS  " : "  FAIL  ").append(c.name()).append('\n');
            if (!c.detail().isEmpty())
                for (String l : c.detail().split("\n")) sb.append("          ").append(l).append('\n');
        }
        sb.append("timeline:\n");
        for (Event e : timeline) {
            String t = Instant.ofEpochMilli(e.epochMs()).atZone(zone).format(e.exact() ? MILLIS : SECONDS);
            sb.append(String.format("  %-12s %-8s %s%n", t, e.source(), e.text()));
        }
        if (longestOutageMs != null) {
            sb.append(String.format("client: %d probes, longest outage %.1f s%s, longest ping outage %.1f s%n", probes,
                    longestOutageMs / 1000.0,
                    outageFromMs == null ? "" : " (from " + Instant.ofEpochMilli(outageFromMs).atZone(zone).format(MILLIS) + ")"
                            + (unrecovered ? ", not recovered" : ""),
                    longestPingOutageMs / 1000.0));
        } else {
            sb.append("client: no record (loopback sandbox: no service address to poll)\n");
        }
        long failed = checks.stream().filter(c -> !c.pass()).count();
        sb.append("result: ").append(pass ? "PASS" : "FAIL").append(" (").append(checks.size() - failed).append(" of ")
                .append(checks.size()).append(" checks passed)\n");
        return sb.toString();
    }

    public String json() {
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"drill\":").append(q(drill)).append(",\"title\":").append(q(title)).append(",\"pass\":").append(pass);
        sb.append(",\"checks\":[");
        for (int i = 0; i < checks.size(); i++) {
            Check c = checks.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"name\":").append(q(c.name())).append(",\"pass\":").append(c.pass())
                    .append(",\"detail\":").append(q(c.detail())).append('}');
        }
        sb.append("],\"timeline\":[");
        for (int i = 0; i < timeline.size(); i++) {
            Event e = timeline.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"epoch_ms\":").append(e.epochMs()).append(",\"exact\":").append(e.exact())
                    .append(",\"source\":").append(q(e.source())).append(",\"text\":").append(q(e.text())).append('}');
        }
        sb.append("],\"client\":");
        if (longestOutageMs == null) sb.append("null");
        else sb.append("{\"probes\":").append(probes).append(",\"longest_outage_ms\":").append(longestOutageMs)
                .append(",\"outage_from_ms\":").append(outageFromMs).append(",\"longest_ping_outage_ms\":")
                .append(longestPingOutageMs).append(",\"unrecovered\":").append(unrecovered).append('}');
        return sb.append("}\n").toString();
    }

    static String q(String s) {
        if (s == null) return "null";
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
