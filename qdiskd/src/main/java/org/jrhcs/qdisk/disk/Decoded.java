package org.jrhcs.qdisk.disk;

/**
 * A block read from disk: the value, or why it cannot be trusted. Bad blocks are an
 * expected outcome on a shared disk (a write torn by a crash, another program's data),
 * so they are values, never exceptions.
 */
public record Decoded<T>(T value, Problem problem) {
    public enum Problem {
        /** The magic number is not ours: not a quorum disk block at all. */
        FOREIGN("not a quorum disk block"),
        /** Ours, but a format version this build cannot read. */
        VERSION("unsupported format version"),
        /** The checksum does not match: a torn or corrupted write. */
        CHECKSUM("checksum mismatch (torn or corrupted block)"),
        /** A status block that names another slot, or a field out of range. */
        INCONSISTENT("inconsistent contents");

        private final String text;

        Problem(String text) { this.text = text; }

        public String text() { return text; }
    }

    public static <T> Decoded<T> ok(T value) { return new Decoded<>(value, null); }

    public static <T> Decoded<T> bad(Problem p) { return new Decoded<>(null, p); }

    public boolean isOk() { return problem == null; }
}
