package org.jrhcs.fence.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.ccs.Defaults;
import org.jrhcs.ccs.model.Cluster;
import org.jrhcs.ccs.model.ClusterNode;
import org.jrhcs.ccs.model.FenceDaemon;
import org.jrhcs.ccs.model.FenceDevice;
import org.jrhcs.ccs.model.FenceDeviceRef;
import org.jrhcs.ccs.model.FenceMethod;
import org.jrhcs.fence.core.DeviceCall;
import org.jrhcs.fence.core.FenceConfig;
import org.jrhcs.fence.core.FenceSettings;
import org.jrhcs.fence.core.NodeFencing;

/**
 * Reads the fencing part of cluster.conf: {@code <fence_daemon>}, each node's
 * {@code <fence>} and {@code <unfence>}, and {@code <fencedevices>}. A device line that
 * names no defined fence device, or a fence device without an agent, becomes a
 * {@link DeviceCall} with a problem (file:line) so it fails loudly when used.
 */
public final class FenceConfigLoader {
    private FenceConfigLoader() {}

    public static FenceConfig load(ConfDocument doc) {
        Cluster c = doc.cluster();
        List<NodeFencing> nodes = new ArrayList<>();
        for (ClusterNode n : c.nodes()) {
            if (n.nodeid == null || n.name == null) continue; // the validator reports these; fencing needs both
            List<NodeFencing.Method> methods = new ArrayList<>();
            if (n.fence != null) {
                int i = 0;
                for (FenceMethod m : n.fence.methods) {
                    List<DeviceCall> calls = new ArrayList<>();
                    for (FenceDeviceRef ref : m.devices) calls.add(resolve(doc, ref));
                    methods.add(new NodeFencing.Method(m.name == null ? Integer.toString(++i) : m.name, calls));
                }
            }
            List<DeviceCall> unfence = new ArrayList<>();
            if (n.unfence != null) for (FenceDeviceRef ref : n.unfence.devices) unfence.add(resolve(doc, ref));
            nodes.add(new NodeFencing(n.nodeid, n.name, methods, unfence));
        }
        return FenceConfig.of(settings(c.fenceDaemon), nodes);
    }

    public static FenceSettings settings(FenceDaemon fd) {
        int join = Defaults.POST_JOIN_DELAY_S, fail = Defaults.POST_FAIL_DELAY_S, override = Defaults.OVERRIDE_TIME_S;
        boolean clean = false, skip = false;
        if (fd != null) {
            if (fd.postJoinDelay != null) join = fd.postJoinDelay;
            if (fd.postFailDelay != null) fail = fd.postFailDelay;
            if (fd.overrideTime != null) override = fd.overrideTime;
            clean = fd.cleanStart != null && fd.cleanStart != 0;
            skip = fd.skipUndefined != null && fd.skipUndefined != 0;
        }
        return new FenceSettings(seconds(join), seconds(fail), clean, seconds(override), skip);
    }

    /** Negative delays mean "wait forever" and stay negative. */
    private static long seconds(int s) { return s < 0 ? -1 : s * 1000L; }

    private static DeviceCall resolve(ConfDocument doc, FenceDeviceRef ref) {
        String where = doc.locationOf(ref).toString();
        if (ref.name == null || ref.name.isEmpty())
            return DeviceCall.broken("", where + ": <device> without a name");
        FenceDevice dev = doc.cluster().fenceDevice(ref.name).orElse(null);
        if (dev == null)
            return DeviceCall.broken(ref.name, where + ": fence device \"" + ref.name + "\" is not defined in <fencedevices>");
        if (dev.agent == null || dev.agent.isEmpty())
            return DeviceCall.broken(ref.name, doc.locationOf(dev) + ": fence device \"" + ref.name + "\" has no agent");
        Map<String, String> args = new LinkedHashMap<>();
        putAll(args, dev.otherAttributes);
        putAll(args, ref.otherAttributes);
        return DeviceCall.of(ref.name, dev.agent, args);
    }

    private static void putAll(Map<String, String> into, Map<QName, String> attrs) {
        for (Map.Entry<QName, String> e : attrs.entrySet()) {
            String k = e.getKey().getLocalPart();
            // name and agent select the device; they are not agent arguments
            if (k.equals("name") || k.equals("agent")) continue;
            into.put(k, e.getValue());
        }
    }
}
