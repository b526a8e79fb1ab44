package org.jrhcs.qdisk.daemon;

import java.util.Set;
import java.util.stream.Collectors;
import org.jrhcs.cman.client.CmanClient;
import org.jrhcs.cman.client.CmanNode;

/**
 * The quorum device as cman sees it, over cman's admin socket. Registration is retried on
 * every poll until cman accepts it, so qdiskd may start before cman (qdisk(5) 1.4: "if CMAN
 * is not running, qdisk will wait for it").
 */
public final class CmanSink implements QuorumDeviceSink {
    private final CmanClient cman;
    private String name;
    private int votes;
    private boolean registered;

    public CmanSink(CmanClient cman) { this.cman = cman; }

    @Override public void register(String name, int votes) {
        this.name = name;
        this.votes = votes;
        cman.registerQuorumDevice(name, votes);
        registered = true;
    }

    @Override public void poll(boolean available, Set<Integer> judgedMembers) {
        if (!registered && name != null) register(name, votes);
        try {
            if (judgedMembers == null) cman.pollQuorumDevice(available);
            else cman.pollQuorumDevice(available, new java.util.ArrayList<>(new java.util.TreeSet<>(judgedMembers)));
        } catch (RuntimeException e) {
            // cman may have restarted and forgotten the device: register again next time
            registered = false;
            throw e;
        }
    }

    @Override public void unregister() {
        if (registered) cman.unregisterQuorumDevice();
        registered = false;
    }

    @Override public void kill(int nodeId) { cman.killNode(nodeId); }

    @Override public void leave() { cman.leave(false, false); }

    /** The member nodes; not the quorum device, which cman lists as node 0 while it counts. */
    @Override public Set<Integer> members() {
        return cman.nodes().stream().filter(n -> n.isMember() && n.nodeId() > 0).map(CmanNode::nodeId).collect(Collectors.toSet());
    }
}
