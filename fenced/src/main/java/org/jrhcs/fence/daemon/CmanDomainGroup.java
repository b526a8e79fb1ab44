package org.jrhcs.fence.daemon;

import java.util.Map;
import java.util.stream.Collectors;
import org.jrhcs.client.ipc.IpcException;
import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.cman.client.CmanClient;
import org.jrhcs.cman.client.CmanNode;
import org.jrhcs.cman.client.GroupView;
import org.jrhcs.cman.client.ProcessGroup;

/** The fence domain as cman's process group {@value #GROUP}. */
public final class CmanDomainGroup implements DomainGroup {
    public static final String GROUP = "fence";

    private final CmanClient cman;
    private volatile ProcessGroup group;

    public CmanDomainGroup(CmanClient cman) { this.cman = cman; }

    @Override public void join(Listener l) {
        group = cman.joinGroup(GROUP, new ProcessGroup.Listener() {
            @Override public void onView(GroupView view) { l.onView(view); }
            @Override public void onMessage(int from, IpcMessage payload) { l.onMessage(from, payload); }
            @Override public void onDisconnect(String reason) { l.onDisconnect(reason); }
        });
    }

    @Override public void send(IpcMessage payload) {
        ProcessGroup g = group;
        if (g == null) throw new IpcException("not a member of the fence domain");
        g.send(payload);
    }

    @Override public void leave() {
        ProcessGroup g = group;
        group = null;
        if (g != null) g.leave();
    }

    @Override public AutoCloseable watchMembership(Runnable changed) {
        return cman.subscribe(m -> {
            if (m != null && "membership".equals(m.get("event"))) changed.run();
        });
    }

    @Override public Map<Integer, Long> clusterMembers() {
        return cman.nodes().stream().filter(CmanNode::isMember)
                .collect(Collectors.toMap(CmanNode::nodeId, CmanNode::incarnation, (a, b) -> a));
    }
}
