package org.jrhcs.fence.core;

import java.util.List;

/**
 * How one configured node is fenced: its {@code <method>}s in order, each a list of
 * devices that must all succeed, and its {@code <unfence>} devices.
 */
public record NodeFencing(int nodeId, String name, List<Method> methods, List<DeviceCall> unfence) {
    public NodeFencing {
        methods = List.copyOf(methods);
        unfence = List.copyOf(unfence);
    }

    public record Method(String name, List<DeviceCall> devices) {
        public Method { devices = List.copyOf(devices); }
    }

    public boolean hasMethods() { return !methods.isEmpty(); }
}
