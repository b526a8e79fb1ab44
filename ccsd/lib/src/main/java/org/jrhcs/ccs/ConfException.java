package org.jrhcs.ccs;

/** A configuration file cannot be used; the message starts with {@code file:line:column}. */
public class ConfException extends Exception {
    private final ConfLocation location;

    public ConfException(ConfLocation location, String problem) {
        super(location + ": " + problem);
        this.location = location;
    }

    public ConfException(ConfLocation location, String problem, Throwable cause) {
        super(location + ": " + problem, cause);
        this.location = location;
    }

    public ConfLocation location() { return location; }
}
