package org.jrhcs.rg.daemon;

import org.jrhcs.client.ClusterRoot;
import org.jrhcs.client.ipc.IpcClient;
import org.jrhcs.client.ipc.IpcException;
import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.rg.core.state.FenceGate;

/**
 * {@link FenceOracle} over the local fenced's read-only socket, op {@code fenced_last}
 * (documented with {@code org.jrhcs.fence.client.FencedClient}; spoken here directly so
 * rgmanager does not depend on the fenced module): the rule is {@link FenceGate#covers}.
 * When fenced cannot be asked the answer is no: recovery waits, it never guesses.
 */
public final class FencedOracle implements FenceOracle {
    private final ClusterRoot root;

    public FencedOracle(ClusterRoot root) { this.root = root; }

    @Override public boolean fencedSince(String node, long sinceMillis) {
        try {
            IpcMessage m = IpcClient.request(root.socket("fenced"), IpcMessage.request("fenced_last").put("victim", node));
            if (!m.isOk()) return false;
            return FenceGate.covers(sinceMillis, m.getLong("time", 0), m.getBool("pending"));
        } catch (IpcException e) {
            return false;
        }
    }
}
