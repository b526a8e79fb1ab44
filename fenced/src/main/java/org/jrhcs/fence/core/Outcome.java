package org.jrhcs.fence.core;

import java.util.List;

/**
 * The sequencer's answer to one input.
 *
 * @param effects  to carry out in order (see {@link Effect} for the ordering duties)
 * @param wakeAt   epoch ms at which to deliver a {@link Input.Tick}, {@link Long#MAX_VALUE} for never
 * @param refusal  null, or why a command input (ack, request) was refused, for the client
 */
public record Outcome(List<Effect> effects, long wakeAt, String refusal) {
    public Outcome { effects = List.copyOf(effects); }
}
