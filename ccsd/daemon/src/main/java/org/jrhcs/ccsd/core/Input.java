package org.jrhcs.ccsd.core;

import java.util.List;

/** Everything that can happen to a ccsd instance, as the core sees it. */
public sealed interface Input {

    /**
     * A new view of the process group; {@code joined} lists members new since the
     * previous view; {@code quorate} is cman's quorum at that view.
     */
    record View(List<Integer> members, List<Integer> joined, int localNodeId, boolean quorate) implements Input {}

    /** A group message, in total order. */
    record Delivered(int from, GroupMessage message) implements Input {}

    /** The administrator (ccs_tool update) asks to publish {@code copy}, already parsed and validated. */
    record UpdateRequest(long request, ConfigCopy copy) implements Input {}

    /** Result of a {@link Effect.Persist}: the daemon feeds it back before anything else happens. */
    record Persisted(int version, boolean ok, String error) implements Input {}
}
