package org.jrhcs.rg.core;

/**
 * A {@code <child type=... start=N stop=M/>} of an agent's rgmanager section: children
 * of this type start at level N and stop at level M (lower first); {@code forbid}
 * refuses them. Level 0 means "no level given".
 */
public record ChildRule(String type, int start, int stop, boolean forbid) {}
