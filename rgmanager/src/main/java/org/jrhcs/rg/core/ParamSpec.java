package org.jrhcs.rg.core;

/**
 * One {@code <parameter>} of an agent's metadata. {@code inherit} is null or the
 * spec the value comes from: {@code "attr"} (the parent's attribute) or
 * {@code "type%attr"} (only when the parent is of that type).
 */
public record ParamSpec(String name, boolean primary, boolean unique, boolean required, boolean reconfig,
                        String inherit, String defaultValue) {

    public boolean inherited() { return inherit != null; }

    /** The bracketed flags as rg_test prints them, or "" when there are none. */
    public String flagText() {
        StringBuilder b = new StringBuilder();
        if (primary) b.append(" primary");
        if (unique) b.append(" unique");
        if (required) b.append(" required");
        if (reconfig) b.append(" reconfig");
        if (inherit != null) b.append(" inherit(\"").append(inherit).append("\")");
        return b.length() == 0 ? "" : " [" + b + " ]";
    }
}
