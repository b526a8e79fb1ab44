package org.jrhcs.log;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The syslog line shape operators grep for: {@code Mmm dd HH:mm:ss host daemon[pid]: <level> message}.
 * The day of month is space-padded, as syslogd writes it. Pure, so tests pin it exactly.
 */
public final class SyslogLine {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);

    private SyslogLine() {}

    /** @param level a syslog level name ("notice", "err", ...), or null for a line without one (fenced's style) */
    public static String format(ZonedDateTime time, String host, String daemon, long pid, String level, String message) {
        StringBuilder sb = new StringBuilder(64 + message.length());
        sb.append(STAMP.format(time)).append(' ').append(host).append(' ')
          .append(daemon).append('[').append(pid).append("]: ");
        if (level != null) sb.append('<').append(level).append("> ");
        return sb.append(message).toString();
    }
}
