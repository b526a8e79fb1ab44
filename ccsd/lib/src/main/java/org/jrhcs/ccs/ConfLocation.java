package org.jrhcs.ccs;

/** A place in a configuration file, printed the way compilers do: {@code file:line:column}. */
public record ConfLocation(String file, int line, int column) {
    public static final ConfLocation UNKNOWN = new ConfLocation("?", 0, 0);

    @Override public String toString() {
        if (line <= 0) return file;
        return column > 0 ? file + ":" + line + ":" + column : file + ":" + line;
    }
}
