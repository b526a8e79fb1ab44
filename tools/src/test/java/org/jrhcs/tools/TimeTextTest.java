package org.jrhcs.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** TimeText against the JDK's formatter and zone rules it replaces on the tools' start path. */
class TimeTextTest {
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Test void ctimePadsTheDayWithASpace() {
        ZonedDateTime t = ZonedDateTime.of(2011, 9, 1, 7, 6, 5, 0, ZoneId.of("UTC"));
        assertEquals("Thu Sep  1 07:06:05 2011", TimeText.ctime(t));
        assertEquals("2011-09-01 07:06:05", TimeText.dateTime(t));
    }

    @Test void formatsAsTheJdkFormatterDoes() {
        Random r = new Random(17);
        for (String zone : new String[] {"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"}) {
            for (int i = 0; i < 2000; i++) {
                long ms = (long) (r.nextDouble() * 4_000_000_000_000L);
                ZonedDateTime t = Instant.ofEpochMilli(ms).atZone(ZoneId.of(zone));
                assertEquals(CTIME.format(t), TimeText.ctime(t), zone + " " + ms);
                assertEquals(ISO.format(t), TimeText.dateTime(t), zone + " " + ms);
            }
        }
    }

    @Test void localTimeHasTheSystemZonesOffsetAtThatInstant() {
        TimeZone saved = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
            Random r = new Random(5);
            for (int i = 0; i < 2000; i++) {
                long ms = (long) (r.nextDouble() * 4_000_000_000_000L);
                ZonedDateTime expected = Instant.ofEpochMilli(ms).atZone(ZoneId.systemDefault());
                assertEquals(expected.toLocalDateTime(), TimeText.local(ms).toLocalDateTime(), "at " + ms);
            }
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    @Test void padLeftIsPrintfsWidth() {
        assertEquals("   7", TimeText.padLeft("7", 4, ' '));
        assertEquals("  -1", TimeText.padLeft("-1", 4, ' '));
        assertEquals("12345", TimeText.padLeft("12345", 4, ' '));
        assertEquals("000000ff", TimeText.padLeft("ff", 8, '0'));
    }
}
