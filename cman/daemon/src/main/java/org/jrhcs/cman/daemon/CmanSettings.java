package org.jrhcs.cman.daemon;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.ccs.ConfException;
import org.jrhcs.ccs.Defaults;
import org.jrhcs.ccs.model.Cluster;
import org.jrhcs.ccs.model.ClusterNode;
import org.jrhcs.ccs.model.Cman;
import org.jrhcs.cman.core.CmanConfig;
import org.jrhcs.cman.core.NodeConf;
import org.jrhcs.cman.core.QuorumPolicy;

/** cluster.conf → {@link CmanConfig} and {@link TransportSettings}, with RHCS defaults from {@link Defaults}. */
public final class CmanSettings {
    private CmanSettings() {}

    public static CmanConfig config(ConfDocument doc) throws ConfException {
        Cluster c = doc.cluster();
        if (c.name == null || c.name.isBlank())
            throw new ConfException(doc.locationOf(c), "<cluster> has no name attribute");
        Cman cman = c.cman != null ? c.cman : new Cman();
        List<NodeConf> nodes = new ArrayList<>();
        for (ClusterNode n : c.nodes()) {
            if (n.name == null) throw new ConfException(doc.locationOf(n), "<clusternode> has no name attribute");
            if (n.nodeid == null)
                throw new ConfException(doc.locationOf(n), "clusternode " + n.name + " has no nodeid attribute");
            nodes.add(new NodeConf(n.nodeid, n.name, n.votes != null ? n.votes : Defaults.NODE_VOTES));
        }
        if (nodes.isEmpty()) throw new ConfException(doc.locationOf(c), "cluster.conf lists no <clusternode>");
        int deviceVotes = c.quorumd == null ? 0
                : c.quorumd.votes != null ? c.quorumd.votes : Defaults.qdiskVotes(nodes.size());
        int sum = nodes.stream().mapToInt(NodeConf::votes).sum();
        int expected = cman.expectedVotes != null ? cman.expectedVotes : QuorumPolicy.defaultExpected(sum, deviceVotes);
        int token = c.totem != null && c.totem.token != null ? c.totem.token : Defaults.TOKEN_MS;
        return new CmanConfig(c.name, clusterId(c), c.configVersion != null ? c.configVersion : 0, List.copyOf(nodes),
                expected, one(cman.twoNode),
                cman.quorumDevPoll != null ? cman.quorumDevPoll : Defaults.quorumDevPoll(token),
                one(cman.lastManStanding),
                cman.lastManStandingWindow != null ? cman.lastManStandingWindow : Defaults.LAST_MAN_STANDING_WINDOW_MS,
                one(cman.waitForAll), token);
    }

    private static boolean one(Integer v) { return v != null && v == 1; }

    /** {@code <cman cluster_id>}, else a 16-bit number derived from the name (stable across nodes). */
    public static int clusterId(Cluster c) {
        if (c.cman != null && c.cman.clusterId != null) return c.cman.clusterId;
        int h = 0;
        for (char ch : c.name.toCharArray()) h = (h * 31 + ch) & 0xffff;
        return h;
    }

    public static boolean udp(Cluster c) {
        return c.cman != null && ("udp".equalsIgnoreCase(c.cman.transport) || c.cman.multicast != null);
    }

    public static int port(Cluster c) {
        return c.cman != null && c.cman.port != null ? c.cman.port : Defaults.CMAN_PORT;
    }

    /** {@code <multicast addr>}, else 239.192.x.y from the cluster id, as cman does. */
    public static String multicastAddr(Cluster c) {
        if (c.cman != null && c.cman.multicast != null && c.cman.multicast.addr != null) return c.cman.multicast.addr;
        int id = clusterId(c);
        return "239.192." + ((id >> 8) & 0xff) + "." + (id & 0xff);
    }

    /** Every configured node's address, in cluster.conf order. */
    public static Map<String, InetAddress> addresses(CmanConfig conf, HostsFile hosts) throws UnknownHostException {
        Map<String, InetAddress> out = new LinkedHashMap<>();
        for (NodeConf n : conf.nodes()) out.put(n.name(), hosts.resolve(n.name()));
        return out;
    }

    /**
     * This node's name: {@code -n}, else {@code $CLUSTER_NODE}, else the host name (full or
     * short) if cluster.conf lists it, else the node whose address is on a local interface.
     */
    public static String findLocalNode(CmanConfig conf, String option, HostsFile hosts) {
        if (option != null) {
            if (conf.node(option).isEmpty())
                throw new IllegalArgumentException("node " + option + " is not in cluster.conf");
            return option;
        }
        String env = System.getenv("CLUSTER_NODE");
        if (env != null && !env.isEmpty() && conf.node(env).isPresent()) return env;
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (conf.node(host).isPresent()) return host;
            String shortName = host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
            if (conf.node(shortName).isPresent()) return shortName;
        } catch (UnknownHostException ignored) {
            // fall through to address matching
        }
        try {
            List<InetAddress> local = new ArrayList<>();
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces()))
                local.addAll(Collections.list(ni.getInetAddresses()));
            for (NodeConf n : conf.nodes()) {
                try {
                    if (local.contains(hosts.resolve(n.name()))) return n.name();
                } catch (UnknownHostException ignored) {
                    // that node's name does not resolve here; try the next
                }
            }
        } catch (SocketException ignored) {
            // no interfaces to match
        }
        throw new IllegalArgumentException("cannot find this host in cluster.conf (use -n NAME)");
    }

    /** Settings of {@code after} that differ from {@code before} and apply only when cman starts. */
    public static List<String> restartOnlyChanges(ConfDocument before, ConfDocument after) {
        Cluster b = before.cluster(), a = after.cluster();
        List<String> out = new ArrayList<>();
        if (udp(b) != udp(a)) out.add("transport " + (udp(b) ? "udp" : "tcp") + " -> " + (udp(a) ? "udp" : "tcp"));
        if (port(b) != port(a)) out.add("cman port " + port(b) + " -> " + port(a));
        if (udp(a) && !multicastAddr(b).equals(multicastAddr(a)))
            out.add("multicast address " + multicastAddr(b) + " -> " + multicastAddr(a));
        return out;
    }

    public static TransportSettings transport(ConfDocument doc, CmanConfig conf, String local,
                                              Map<String, InetAddress> addrs, boolean testDiscard) {
        Cluster c = doc.cluster();
        int port = port(c);
        List<InetSocketAddress> members = new ArrayList<>();
        for (InetAddress a : addrs.values()) members.add(new InetSocketAddress(a, port));
        return new TransportSettings("cman-" + conf.clusterName(), local, new InetSocketAddress(addrs.get(local), port),
                members, udp(c), multicastAddr(c), conf.tokenMs(), testDiscard);
    }
}
