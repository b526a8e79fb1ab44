package org.jrhcs.fence.core;

import java.util.Map;

/**
 * One {@code <device>} line of a fence method, resolved against {@code <fencedevices>}.
 *
 * @param device  the device name as written
 * @param agent   the agent program of the fence device, null when it could not be resolved
 * @param args    the fence device's attributes (without {@code name} and {@code agent}) overlaid
 *                with the node's {@code <device>} attributes (without {@code name}), in order;
 *                the runner adds {@code nodename} and a default {@code action}
 * @param problem null, or why this device cannot run (undefined device, no agent): a config
 *                error reported in the log and by fence_node, never a silent success
 */
public record DeviceCall(String device, String agent, Map<String, String> args, String problem) {
    public DeviceCall {
        // a stable order, so an agent's stdin is the same on every run
        args = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(args));
    }

    public static DeviceCall of(String device, String agent, Map<String, String> args) {
        return new DeviceCall(device, agent, args, null);
    }

    public static DeviceCall broken(String device, String problem) {
        return new DeviceCall(device, null, Map.of(), problem);
    }
}
