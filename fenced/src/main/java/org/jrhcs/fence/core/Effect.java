package org.jrhcs.fence.core;

import org.jrhcs.log.Severity;

/**
 * What the sequencer asks its daemon to do. Ordering duties for the executor:
 * effects are carried out in list order; a {@link Log} is written before any later
 * {@link RunAgent} starts (the log must say "fencing node" before the agent runs);
 * {@link Send} goes to the group and comes back as a delivered message, and only the
 * delivery changes the sequencer's state.
 */
public sealed interface Effect {
    record Log(Severity level, String text) implements Effect {}

    record Send(FenceMessage message) implements Effect {}

    /**
     * Runs one agent; its result must come back as {@link Input.AgentDone} with the same
     * {@code attempt}. At most one RunAgent is outstanding at any time.
     */
    record RunAgent(long attempt, int victimId, String victim, int method, int device, DeviceCall call)
            implements Effect {}

    /**
     * Tells local subscribers (fenced's socket) that a node's fence state changed. Emitted
     * after the change took effect in the sequencer, so a query answered after it sees the
     * new state too.
     */
    record Notify(FenceEvent event) implements Effect {}
}
