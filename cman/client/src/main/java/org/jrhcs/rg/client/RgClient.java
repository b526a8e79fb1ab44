package org.jrhcs.rg.client;

import java.util.ArrayList;
import java.util.List;
import org.jrhcs.cman.client.CmanWire;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.client.ipc.IpcClient;
import org.jrhcs.client.ipc.IpcException;
import org.jrhcs.client.ipc.IpcMessage;

/**
 * The local rgmanager, as clustat and clusvcadm reach it (JDK only).
 *
 * <p>Read-only socket {@code var/run/cluster/rgmanager.sock}, op {@code status}:
 * reply {@code master} (node id of the member that applies placement), {@code nodes}
 * (ids running rgmanager, comma-separated) and the list {@code service} with
 * {@code name state owner last_owner restarts frozen last_transition}.
 * Admin socket, op {@code request} with {@code action} (enable, disable, relocate,
 * restart, stop, freeze, unfreeze, migrate), {@code service} and optional
 * {@code target} (node name): reply {@code ret} ({@link RgResult} code) and
 * {@code owner}. Ops {@code lock}, {@code unlock}, {@code lock_state} (reply {@code locked}).
 */
public final class RgClient {
    public static final String DAEMON = "rgmanager";

    /** What {@code status} returns. */
    public record Status(int master, List<Integer> nodes, List<ServiceInfo> services) {}

    /** What a request returns. */
    public record Reply(RgResult result, String owner) {}

    private final ClusterRoot root;

    public RgClient(ClusterRoot root) { this.root = root; }

    public boolean isRunning() { return java.nio.file.Files.exists(root.socket(DAEMON)); }

    public Status status() {
        IpcMessage m = IpcClient.request(root.socket(DAEMON), IpcMessage.request("status"));
        if (!m.isOk()) throw new IpcException(m.errorText());
        List<ServiceInfo> services = new ArrayList<>();
        for (var f : m.list("service"))
            services.add(new ServiceInfo(f.get("name"), f.getOrDefault("state", "uninitialized"), f.get("owner"),
                    f.get("last_owner"), Integer.parseInt(f.getOrDefault("restarts", "0")), "1".equals(f.get("frozen")),
                    Long.parseLong(f.getOrDefault("last_transition", "0"))));
        return new Status(m.getInt("master", 0), CmanWire.splitInts(m.get("nodes")), services);
    }

    public Reply request(String action, String service, String target) {
        IpcMessage req = IpcMessage.request("request").put("action", action).put("service", service).put("target", target);
        IpcMessage m = IpcClient.request(root.adminSocket(DAEMON), req);
        if (!m.isOk() && !m.has("ret")) {
            if (m.errorText().startsWith("permission denied")) return new Reply(RgResult.PERMISSION, null);
            throw new IpcException(m.errorText());
        }
        return new Reply(RgResult.of(m.getInt("ret", -1)), m.get("owner"));
    }

    /** lock, unlock or lock_state; returns whether the managers are locked afterwards. */
    public boolean lock(String op) {
        IpcMessage m = IpcClient.request(root.adminSocket(DAEMON), IpcMessage.request(op));
        if (!m.isOk()) throw new IpcException(m.errorText());
        return m.getBool("locked");
    }
}
