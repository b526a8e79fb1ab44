package org.jrhcs.log;

/** Syslog severities as RHCS daemons print them, most severe first. */
public enum Severity {
    CRIT("crit"), ERR("err"), WARNING("warning"), NOTICE("notice"), INFO("info"), DEBUG("debug");

    private final String text;

    Severity(String text) { this.text = text; }

    public String text() { return text; }

    /** Parses cluster.conf's {@code syslog_priority}/{@code logfile_priority} words ("err", "warning", "notice", ...). */
    public static Severity parse(String word) {
        if (word == null) return null;
        return switch (word.trim().toLowerCase()) {
            case "emerg", "alert", "crit" -> CRIT;
            case "err", "error" -> ERR;
            case "warning", "warn" -> WARNING;
            case "notice" -> NOTICE;
            case "info" -> INFO;
            case "debug" -> DEBUG;
            default -> throw new IllegalArgumentException("unknown log priority \"" + word + "\" (use crit, err, warning, notice, info or debug)");
        };
    }

    public boolean atLeast(Severity threshold) { return ordinal() <= threshold.ordinal(); }
}
