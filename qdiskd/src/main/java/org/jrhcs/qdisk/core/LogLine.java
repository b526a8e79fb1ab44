package org.jrhcs.qdisk.core;

import org.jrhcs.log.Severity;

/** A line the daemon must log, decided by the core (SPEC.md "Log lines" wording). */
public record LogLine(Severity severity, String text) {
    static LogLine info(String t) { return new LogLine(Severity.INFO, t); }
    static LogLine notice(String t) { return new LogLine(Severity.NOTICE, t); }
    static LogLine warning(String t) { return new LogLine(Severity.WARNING, t); }
    static LogLine err(String t) { return new LogLine(Severity.ERR, t); }
    static LogLine crit(String t) { return new LogLine(Severity.CRIT, t); }
    static LogLine debug(String t) { return new LogLine(Severity.DEBUG, t); }

    @Override public String toString() { return "<" + severity.text() + "> " + text; }
}
