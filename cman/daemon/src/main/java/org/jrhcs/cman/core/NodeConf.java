package org.jrhcs.cman.core;

/** One {@code <clusternode>} as cman uses it: id, name, votes (default 1). */
public record NodeConf(int id, String name, int votes) {}
