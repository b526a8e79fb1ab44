package org.jrhcs.tools.drill;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a drill is judged from, already read: each node's var/log/messages, each
 * node's service journal (the drill's LSB script writes {@code EPOCH_MS start|stop NAME
 * NODE}), the client's record and the runner's action log. Parsing only; no I/O.
 */
public record Evidence(Map<String, List<LogLine>> logs, List<JournalEntry> journal, List<Probe> probes,
                       List<Action> actions, ZoneId zone) {

    /** One runner action: {@code EPOCH_MS KEY text}, then its recorded output on {@code   | } lines. */
    public record Action(long epochMs, String key, String text, List<String> output) {}

    /** One start or stop of a service's program on a node (milliseconds). */
    public record JournalEntry(long epochMs, boolean start, String resource, String node) {}

    /** One poll of the client: did the address answer a ping, who answered HTTP (null: nobody). */
    public record Probe(long epochMs, boolean ping, String http) {
        public boolean answered() { return http != null; }
    }

    public static Evidence parse(Map<String, List<String>> messages, Map<String, List<String>> journals,
                                 List<String> clientRecord, List<String> actionLog, ZoneId zone) {
        List<Action> actions = parseActions(actionLog);
        int year = Instant.ofEpochMilli(actions.isEmpty() ? 0 : actions.get(0).epochMs()).atZone(zone).getYear();
        Map<String, List<LogLine>> logs = new LinkedHashMap<>();
        messages.forEach((node, lines) -> {
            List<LogLine> parsed = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) LogLine.parse(node, i, lines.get(i), year, zone).ifPresent(parsed::add);
            logs.put(node, parsed);
        });
        List<JournalEntry> journal = new ArrayList<>();
        journals.forEach((node, lines) -> {
            for (String l : lines) {
                String[] w = l.trim().split("\\s+");
                if (w.length >= 4 && w[0].matches("\\d+") && (w[1].equals("start") || w[1].equals("stop")))
                    journal.add(new JournalEntry(Long.parseLong(w[0]), w[1].equals("start"), w[2], w[3]));
            }
        });
        journal.sort((a, b) -> Long.compare(a.epochMs(), b.epochMs()));
        List<Probe> probes = new ArrayList<>();
        for (String l : clientRecord) {
            String[] w = l.trim().split("\\s+");
            if (w.length < 4 || !w[0].matches("\\d+")) continue;
            String ping = field(w, "ping="), http = field(w, "http=");
            probes.add(new Probe(Long.parseLong(w[0]), "ok".equals(ping), http == null || http.equals("fail") ? null : http));
        }
        return new Evidence(logs, journal, probes, actions, zone);
    }

    private static String field(String[] words, String prefix) {
        for (String w : words) if (w.startsWith(prefix)) return w.substring(prefix.length());
        return null;
    }

    static List<Action> parseActions(List<String> lines) {
        List<Action> out = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith("  | ") || l.equals("  |")) {
                if (!out.isEmpty()) out.get(out.size() - 1).output().add(l.length() > 4 ? l.substring(4) : "");
                continue;
            }
            String[] w = l.split(" ", 3);
            if (w.length < 2 || !w[0].matches("\\d+")) continue;
            out.add(new Action(Long.parseLong(w[0]), w[1], w.length > 2 ? w[2] : "", new ArrayList<>()));
        }
        return out;
    }
}
