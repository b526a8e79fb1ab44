package org.jrhcs.rg.core;

/** One {@code <action>} of an agent's metadata; times in seconds, 0 when not given. */
public record ActionSpec(String name, int timeoutSeconds, int intervalSeconds, int depth) {

    /** Parses OCF durations: "20", "20s", "2m", "1h". */
    public static int seconds(String text) {
        if (text == null || text.isBlank()) return 0;
        String t = text.trim().toLowerCase();
        int mult = 1;
        char last = t.charAt(t.length() - 1);
        if (last == 's') t = t.substring(0, t.length() - 1);
        else if (last == 'm') { mult = 60; t = t.substring(0, t.length() - 1); }
        else if (last == 'h') { mult = 3600; t = t.substring(0, t.length() - 1); }
        try {
            return Integer.parseInt(t.trim()) * mult;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: \"" + text + "\"");
        }
    }
}
