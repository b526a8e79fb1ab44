package org.jrhcs.tools.drill;

import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of a node's {@code var/log/messages} in the syslog shape the daemons write
 * ({@code Mmm dd HH:mm:ss host daemon[pid]: <level> message}). Syslog stamps have no year
 * and whole seconds only: {@code epochMs} is the start of that second in the year given.
 *
 * @param node   whose file it came from
 * @param index  0-based line number in that file (the order within one node is exact)
 * @param level  "notice", "err", ... or "" when the line has none (fenced, cman)
 */
public record LogLine(String node, int index, long epochMs, String host, String daemon, String level, String message, String raw) {
    private static final Pattern SHAPE = Pattern.compile(
            "^([A-Z][a-z]{2}) +(\\d{1,2}) (\\d\\d):(\\d\\d):(\\d\\d) (\\S+) ([^\\[:\\s]+)(?:\\[\\d+\\])?: (?:<(\\w+)> )?(.*)$");

    /** Parses one line; empty when it is not in the syslog shape (it is then ignored). */
    public static Optional<LogLine> parse(String node, int index, String raw, int year, ZoneId zone) {
        Matcher m = SHAPE.matcher(raw);
        if (!m.matches()) return Optional.empty();
        Month month;
        try {
            month = Month.valueOf(monthName(m.group(1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        LocalDateTime t = LocalDateTime.of(year, month, Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)));
        return Optional.of(new LogLine(node, index, t.atZone(zone).toInstant().toEpochMilli(), m.group(6), m.group(7),
                m.group(8) == null ? "" : m.group(8), m.group(9), raw));
    }

    private static String monthName(String abbrev) {
        for (Month mo : Month.values())
            if (mo.name().substring(0, 3).equalsIgnoreCase(abbrev)) return mo.name();
        throw new IllegalArgumentException(abbrev.toUpperCase(Locale.ROOT));
    }

    /** The part after {@code daemon[pid]: }, level included, as the seeds quote it. */
    public String text() {
        return level.isEmpty() ? message : "<" + level + "> " + message;
    }
}
