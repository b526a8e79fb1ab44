package org.jrhcs.rg.core.state;

import java.util.List;
import org.jrhcs.rg.core.placement.Action;
import org.jrhcs.rg.core.placement.PlacementInput;

/**
 * What {@link RgCore#handle} asks the daemon to do, in order. Ordering duties: a
 * {@link Log} comes before the {@link RunStart}/{@link RunStop} it announces; a
 * {@link Record} comes before the {@link Send}s of the plan it recorded; {@link Leave}
 * is last and only once.
 */
public sealed interface Effect {

    record Send(GroupMessage message) implements Effect {}

    /** Start the service's resource tree here; report with {@link Input.AgentDone}. */
    record RunStart(String service) implements Effect {}

    /** Stop the service's resource tree here; report with {@link Input.AgentDone}. */
    record RunStop(String service) implements Effect {}

    /** Probe every configured service here; report with {@link Input.ProbeDone}. */
    record RunProbe() implements Effect {}

    /** Answer the local client waiting on request {@code id}. */
    record Reply(String id, RequestResult result, String owner) implements Effect {}

    enum Level { ERR, WARNING, NOTICE, INFO, DEBUG }

    record Log(Level level, String text) implements Effect {}

    /** Save the planner input (and its plan) so the decision can be replayed. */
    record Record(PlacementInput input, List<Action> plan) implements Effect {}

    /** Every local service is handed over: leave the group now. */
    record Leave() implements Effect {}
}
