package org.jrhcs.rg.daemon;

/**
 * Runs a service's resource tree on this node: the seam between the service manager
 * and the resource engine (org.jrhcs.rg.core trees, org.jrhcs.rg.agent runner).
 *
 * <p>Threading: called from the daemon's agent threads, never two calls for the same
 * service at once; calls for different services may overlap. Failure: results are
 * values; an exception counts as a failure. The engine logs agent-level lines itself
 * (for example {@code status on script "httpd" returned 1 (generic error)}).
 */
public interface ServiceRunner {

    /** Starts every resource of the service in start order; false if one failed. */
    boolean start(String service);

    /** Stops every resource in stop order; true when all are stopped (stopping something not running is success). */
    boolean stop(String service);

    /** The periodic status check of the resources that are due; false when one failed. */
    boolean status(String service);

    /** Whether any resource of the service runs here (after a restart of rgmanager). */
    boolean probe(String service);

    /** How often {@link #status} should run for this service, in ms (the agents' shortest status interval). */
    long checkIntervalMs(String service);
}
