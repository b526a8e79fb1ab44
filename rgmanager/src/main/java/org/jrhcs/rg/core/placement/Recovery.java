package org.jrhcs.rg.core.placement;

import java.util.Locale;

/** A service's {@code recovery} attribute: what a failed status check leads to. */
public enum Recovery {
    RESTART, RELOCATE, DISABLE;

    public static Recovery parse(String s) {
        if (s == null || s.isBlank()) return RESTART;
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "restart" -> RESTART;
            case "relocate" -> RELOCATE;
            case "disable" -> DISABLE;
            default -> throw new IllegalArgumentException("recovery must be restart, relocate or disable, not \"" + s + "\"");
        };
    }

    public String text() { return name().toLowerCase(Locale.ROOT); }
}
