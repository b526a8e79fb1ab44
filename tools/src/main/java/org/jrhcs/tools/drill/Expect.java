package org.jrhcs.tools.drill;

import java.util.List;

/** One expected log line (or membership change) in a node's var/log/messages. */
public interface Expect {
    /** What is expected, in the words of the log (for the report). */
    String describe();

    /** Index in {@code lines} (one node's, in file order) of the first match at or after {@code from}, or -1. */
    int find(List<LogLine> lines, int from);

    /** A line of {@code daemon} whose text ({@code <level> message}) contains {@code text}. */
    static Expect line(String daemon, String text) {
        return new Expect() {
            @Override public String describe() { return daemon + ": " + text; }
            @Override public int find(List<LogLine> lines, int from) {
                for (int i = from; i < lines.size(); i++) {
                    LogLine l = lines.get(i);
                    if (l.daemon().equals(daemon) && l.text().contains(text)) return i;
                }
                return -1;
            }
        };
    }

    /** Any one of several lines (e.g. either node fenced after a split). */
    static Expect anyOf(Expect... alternatives) {
        return new Expect() {
            @Override public String describe() {
                StringBuilder sb = new StringBuilder();
                for (Expect e : alternatives) sb.append(sb.length() == 0 ? "" : " | ").append(e.describe());
                return sb.toString();
            }
            @Override public int find(List<LogLine> lines, int from) {
                int best = -1;
                for (Expect e : alternatives) {
                    int i = e.find(lines, from);
                    if (i >= 0 && (best < 0 || i < best)) best = i;
                }
                return best;
            }
        };
    }

    /** A cman membership change listing {@code node} under "Members Left:". */
    static Expect left(String node) { return membership("Members Left:", node); }

    /** A cman membership change listing {@code node} under "Members Joined:". */
    static Expect joined(String node) { return membership("Members Joined:", node); }

    private static Expect membership(String heading, String node) {
        return new Expect() {
            @Override public String describe() { return "cman: [CLM  ] " + heading + " ... " + node; }
            @Override public int find(List<LogLine> lines, int from) {
                for (int i = from; i < lines.size(); i++) {
                    if (!isClm(lines.get(i)) || !lines.get(i).message().endsWith(heading)) continue;
                    for (int j = i + 1; j < lines.size() && isClm(lines.get(j)); j++) {
                        String m = lines.get(j).message().substring("[CLM  ]".length()).trim();
                        if (m.endsWith(":")) break;
                        if (m.equals(node) || m.equals(node + " (failed)")) return j;
                    }
                }
                return -1;
            }
        };
    }

    private static boolean isClm(LogLine l) { return l.message().startsWith("[CLM  ]"); }
}
