package org.jrhcs.ccs;

import java.util.Comparator;

/**
 * One thing wrong with a cluster.conf, worded for the administrator who has to fix it.
 * Printed the way compilers print diagnostics: {@code file:line:column: error: message}.
 */
public record Problem(Severity severity, ConfLocation location, String message) {

    /** ERROR makes a configuration unusable; WARNING is printed but the file still validates. */
    public enum Severity {
        ERROR("error"), WARNING("warning");

        private final String word;

        Severity(String word) { this.word = word; }

        /** The word printed before the message. */
        public String word() { return word; }
    }

    /** File order (line, then column); problems without a line come first. */
    public static final Comparator<Problem> IN_FILE_ORDER = Comparator
            .comparingInt((Problem p) -> p.location().line())
            .thenComparingInt(p -> p.location().column());

    public static Problem error(ConfLocation at, String message) { return new Problem(Severity.ERROR, at, message); }

    public static Problem warning(ConfLocation at, String message) { return new Problem(Severity.WARNING, at, message); }

    public boolean isError() { return severity == Severity.ERROR; }

    @Override public String toString() { return location + ": " + severity.word() + ": " + message; }
}
