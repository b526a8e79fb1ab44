package org.jrhcs.fence.core;

/**
 * The order in which one fencing attempt runs a node's devices: methods in config order,
 * every device of a method in order; the first failing device ends its method and the
 * next method starts; the attempt succeeds when every device of one method succeeded.
 * fenced's sequencer and fence_node both walk this plan, so both fence the same way.
 */
public final class FencePlan {
    private FencePlan() {}

    /** What to do next within one attempt. */
    public sealed interface Step {
        /** Run device {@code device} of method {@code method} (both 0-based, as RHCS logs them). */
        record Run(int method, int device, DeviceCall call) implements Step {}
        /** Every device of method {@code method} succeeded: the node is fenced. */
        record Fenced(int method) implements Step {}
        /** Every method failed (or none is configured). */
        record Failed() implements Step {}
    }

    public static Step first(NodeFencing node) {
        return startMethod(node, 0);
    }

    /** The step after device {@code device} of method {@code method} finished with {@code ok}. */
    public static Step next(NodeFencing node, int method, int device, boolean ok) {
        if (!ok) return startMethod(node, method + 1);
        var devices = node.methods().get(method).devices();
        if (device + 1 < devices.size()) return new Step.Run(method, device + 1, devices.get(device + 1));
        return new Step.Fenced(method);
    }

    private static Step startMethod(NodeFencing node, int method) {
        for (int m = method; m < node.methods().size(); m++) {
            var devices = node.methods().get(m).devices();
            // a method without devices cannot fence anything: it counts as failed
            if (!devices.isEmpty()) return new Step.Run(m, 0, devices.get(0));
        }
        return new Step.Failed();
    }
}
