package org.jrhcs.fence.agent;

import java.util.function.Consumer;
import org.jrhcs.fence.core.DeviceCall;
import org.jrhcs.fence.core.FencePlan;
import org.jrhcs.fence.core.NodeFencing;

/**
 * One pass of fencing (or unfencing) a node right now, without the fence domain: what
 * fence_node does, and what fenced does when fence_node asks it to. The pass follows
 * {@link FencePlan}; it does not retry.
 */
public final class NodeFencer {

    /** The end of a pass, with fence_node's exit status. */
    public enum Result {
        SUCCESS(0), FAILED(1), UNDEFINED(2);
        private final int exitCode;
        Result(int exitCode) { this.exitCode = exitCode; }
        public int exitCode() { return exitCode; }
    }

    /** One device run, for fence_node -v and the daemon's log. */
    public record DeviceReport(String victim, int method, int device, DeviceCall call, AgentResult result) {
        /** RHCS's shape: {@code fence NODE dev M.D agent AGENT result: TEXT}. */
        public String line(String verb) {
            return verb + " " + victim + " dev " + method + "." + device + " agent "
                    + (call.agent() == null ? "none" : call.agent()) + " result: " + result.text();
        }
    }

    private final AgentRunner runner;

    public NodeFencer(AgentRunner runner) { this.runner = runner; }

    public Result fence(NodeFencing node, Consumer<DeviceReport> report) {
        if (!node.hasMethods()) return Result.UNDEFINED;
        FencePlan.Step s = FencePlan.first(node);
        while (s instanceof FencePlan.Step.Run r) {
            AgentResult res = runner.run(r.call(), node.name(), AgentRunner.DEFAULT_ACTION);
            report.accept(new DeviceReport(node.name(), r.method(), r.device(), r.call(), res));
            s = FencePlan.next(node, r.method(), r.device(), res.ok());
        }
        return s instanceof FencePlan.Step.Fenced ? Result.SUCCESS : Result.FAILED;
    }

    /** Runs every {@code <unfence>} device with action on (unless the device sets one); all must succeed. */
    public Result unfence(NodeFencing node, Consumer<DeviceReport> report) {
        if (node.unfence().isEmpty()) return Result.UNDEFINED;
        for (int d = 0; d < node.unfence().size(); d++) {
            DeviceCall call = node.unfence().get(d);
            AgentResult res = runner.run(call, node.name(), AgentRunner.UNFENCE_ACTION);
            report.accept(new DeviceReport(node.name(), 0, d, call, res));
            if (!res.ok()) return Result.FAILED;
        }
        return Result.SUCCESS;
    }
}
