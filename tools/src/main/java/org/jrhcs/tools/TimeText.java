package org.jrhcs.tools;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.TimeZone;

/**
 * Times as the C tools print them, without {@code DateTimeFormatter} or the zone-rules
 * provider: a tool that prints one time stamp paid ~15 ms of start-up for them (locale
 * data, the tzdb provider, the formatter's parser graph), a third of a bare JVM start.
 */
public final class TimeText {
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private TimeText() {}

    /**
     * {@code epochMillis} in the system's time zone (with its offset at that instant,
     * summer time included), as the C library's localtime() gives it.
     */
    public static ZonedDateTime local(long epochMillis) {
        int offsetMs = TimeZone.getDefault().getOffset(epochMillis);
        return Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.ofTotalSeconds(offsetMs / 1000));
    }

    /** C's ctime() without the newline: {@code Thu Sep  1 11:26:56 2011} (English names, day padded with a space). */
    public static String ctime(ZonedDateTime t) {
        StringBuilder b = new StringBuilder(24);
        b.append(DAYS[t.getDayOfWeek().ordinal()]).append(' ').append(MONTHS[t.getMonthValue() - 1]).append(' ')
         .append(padLeft(Integer.toString(t.getDayOfMonth()), 2, ' ')).append(' ');
        clock(b, t).append(' ').append(t.getYear());
        return b.toString();
    }

    /** {@code yyyy-MM-dd HH:mm:ss}. */
    public static String dateTime(ZonedDateTime t) {
        StringBuilder b = new StringBuilder(19);
        b.append(padLeft(Integer.toString(t.getYear()), 4, '0')).append('-')
         .append(padLeft(Integer.toString(t.getMonthValue()), 2, '0')).append('-')
         .append(padLeft(Integer.toString(t.getDayOfMonth()), 2, '0')).append(' ');
        return clock(b, t).toString();
    }

    private static StringBuilder clock(StringBuilder b, ZonedDateTime t) {
        return b.append(padLeft(Integer.toString(t.getHour()), 2, '0')).append(':')
                .append(padLeft(Integer.toString(t.getMinute()), 2, '0')).append(':')
                .append(padLeft(Integer.toString(t.getSecond()), 2, '0'));
    }

    /** printf's {@code %Nd} / {@code %0Nd} for a number already in text: {@code s} padded on the left to {@code width}. */
    public static String padLeft(String s, int width, char pad) {
        if (s.length() >= width) return s;
        StringBuilder b = new StringBuilder(width);
        for (int i = s.length(); i < width; i++) b.append(pad);
        return b.append(s).toString();
    }
}
