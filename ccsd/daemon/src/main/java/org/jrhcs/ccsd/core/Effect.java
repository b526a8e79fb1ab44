package org.jrhcs.ccsd.core;

import org.jrhcs.log.Severity;

/**
 * What the core asks the daemon to do, in list order. Ordering duty: the daemon
 * carries out a {@link Persist} at once and feeds its {@link Input.Persisted} result
 * back (running the effects that returns) before the next effect of the list and
 * before any other input, so nothing is published, acknowledged or reloaded before
 * it is on disk.
 */
public sealed interface Effect {

    /** Send to every group member (this one included). */
    record Broadcast(GroupMessage message) implements Effect {}

    /** Write {@code copy} as this node's cluster.conf, atomically, keeping the previous file as a backup. */
    record Persist(ConfigCopy copy) implements Effect {}

    /** Keep a local copy the cluster did not take, so the administrator can still publish it. */
    record KeepUnpublished(ConfigCopy copy) implements Effect {}

    /** Serve {@code copy} to local daemons and tools and tell subscribers it changed. */
    record Publish(ConfigCopy copy) implements Effect {}

    /** Ask cman to reload its configuration at {@code version}. */
    record Reload(int version) implements Effect {}

    /** Answer the administrator's update request {@code request}. */
    record Reply(long request, boolean ok, String message, int fromVersion, int toVersion) implements Effect {}

    record Log(Severity severity, String message) implements Effect {}
}
