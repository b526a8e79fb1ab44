package org.jrhcs.rg.core.placement;

/**
 * What cluster.conf says about one service, reduced to what placement needs.
 *
 * @param name            full name as rgmanager prints it, e.g. {@code service:webserver}
 * @param domain          failover domain name or null
 * @param maxRestarts     0 = restart in place without limit
 * @param restartExpireMs restarts older than this are forgotten; 0 = never forgotten
 * @param depend          full name of the service this one needs, or null
 * @param hardDepend      depend_mode hard (the default): stop this when the dependency stops
 */
public record ServiceSpec(String name, String domain, boolean autostart, boolean exclusive, Recovery recovery,
                          int maxRestarts, long restartExpireMs, String depend, boolean hardDepend) {
}
