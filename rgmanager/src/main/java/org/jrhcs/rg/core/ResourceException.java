package org.jrhcs.rg.core;

import org.jrhcs.ccs.ConfLocation;

/** A resource configuration cannot be used; the message starts with {@code file:line:col}. */
public class ResourceException extends Exception {
    private final ConfLocation location;

    public ResourceException(ConfLocation location, String problem) {
        super(location + ": " + problem);
        this.location = location;
    }

    public ConfLocation location() { return location; }
}
