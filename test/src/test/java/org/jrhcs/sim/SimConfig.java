package org.jrhcs.sim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.cman.core.CmanConfig;
import org.jrhcs.cman.core.NodeConf;
import org.jrhcs.cman.daemon.CmanSettings;
import org.jrhcs.fence.agent.FenceConfigLoader;
import org.jrhcs.fence.core.FenceConfig;
import org.jrhcs.qdisk.core.QdiskConfig;
import org.jrhcs.rg.core.state.RgConfig;

/**
 * One cluster.conf as every simulated daemon reads it: through the same loaders the
 * daemons use (ConfDocument, CmanSettings, QdiskConfig.from, FenceConfigLoader,
 * RgConfig.from), so the simulation runs what an administrator's file says.
 *
 * @param twoNode two_node="1": split brain is settled by the fence race, not by quorum,
 *                so the checker does not ask for a single quorate partition
 */
public record SimConfig(String label, CmanConfig cman, QdiskConfig qdisk, FenceConfig fence, RgConfig rg,
                        List<String> names, boolean twoNode) {

    private static final Map<String, SimConfig> CACHE = new ConcurrentHashMap<>();

    public static SimConfig parse(String label, String xml) {
        return CACHE.computeIfAbsent(label + "\n" + xml, k -> {
            try {
                ConfDocument doc = ConfDocument.parse(xml, label);
                CmanConfig cman = CmanSettings.config(doc);
                QdiskConfig q = doc.cluster().quorumd == null ? null : QdiskConfig.from(doc.cluster());
                return new SimConfig(label, cman, q, FenceConfigLoader.load(doc), RgConfig.from(doc.cluster()),
                        cman.nodes().stream().map(NodeConf::name).toList(), cman.twoNodeActive());
            } catch (Exception e) {
                throw new IllegalArgumentException("cannot load " + label + ": " + e.getMessage(), e);
            }
        });
    }

    public static SimConfig load(Path file) {
        try {
            return parse(file.getFileName().toString(), Files.readString(file));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The seed-000 cluster (conf/examples/seed-000-web-mysql.conf). */
    public static SimConfig seed000() {
        Path p = Path.of("../conf/examples/seed-000-web-mysql.conf");
        if (!Files.exists(p)) p = Path.of("conf/examples/seed-000-web-mysql.conf");
        return load(p);
    }

    /**
     * A generated cluster: {@code nodes} nodes named node1.., {@code services} services
     * spread over ordered, unordered and restricted domains; a quorum disk with
     * {@code qdiskVotes} votes when positive; two_node when asked (two nodes, no disk).
     */
    public static SimConfig generated(int nodes, int services, int qdiskVotes, boolean twoNode, boolean nofailback,
                                      int postFailDelayS, int tokenMs) {
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\"?>\n<cluster name=\"sim\" config_version=\"1\">\n");
        if (twoNode) x.append("  <cman two_node=\"1\" expected_votes=\"1\"/>\n");
        x.append("  <totem token=\"").append(tokenMs).append("\"/>\n");
        if (qdiskVotes > 0) x.append("  <quorumd interval=\"1\" tko=\"5\" votes=\"").append(qdiskVotes)
                .append("\" label=\"simqdisk\"/>\n");
        x.append("  <fence_daemon post_fail_delay=\"").append(postFailDelayS).append("\" post_join_delay=\"3\" override_time=\"3\"/>\n");
        x.append("  <clusternodes>\n");
        for (int i = 1; i <= nodes; i++)
            x.append("    <clusternode name=\"node").append(i).append("\" nodeid=\"").append(i).append("\" votes=\"1\">")
                    .append("<fence><method name=\"1\"><device name=\"power\" port=\"").append(i)
                    .append("\"/></method></fence></clusternode>\n");
        x.append("  </clusternodes>\n  <fencedevices><fencedevice name=\"power\" agent=\"fence_dummy\"/></fencedevices>\n");
        x.append("  <rm>\n    <failoverdomains>\n");
        x.append("      <failoverdomain name=\"ordered\" ordered=\"1\" nofailback=\"").append(nofailback ? 1 : 0).append("\">");
        for (int i = 1; i <= nodes; i++)
            x.append("<failoverdomainnode name=\"node").append(i).append("\" priority=\"").append(i).append("\"/>");
        x.append("</failoverdomain>\n      <failoverdomain name=\"pair\" restricted=\"1\">")
                .append("<failoverdomainnode name=\"node1\"/><failoverdomainnode name=\"node2\"/></failoverdomain>\n");
        x.append("      <failoverdomain name=\"any\">");
        for (int i = nodes; i >= 1; i--) x.append("<failoverdomainnode name=\"node").append(i).append("\"/>");
        x.append("</failoverdomain>\n    </failoverdomains>\n");
        String[] domains = {"ordered", "pair", "any", ""};
        for (int s = 1; s <= services; s++) {
            String d = domains[(s - 1) % domains.length];
            x.append("    <service name=\"svc").append(s).append('"');
            if (!d.isEmpty()) x.append(" domain=\"").append(d).append('"');
            x.append(" autostart=\"1\" recovery=\"").append(s % 2 == 0 ? "relocate" : "restart").append("\"/>\n");
        }
        x.append("  </rm>\n</cluster>\n");
        return parse("generated-" + nodes + "n-" + services + "s-q" + qdiskVotes + (twoNode ? "-2node" : "")
                + (nofailback ? "-nofailback" : "") + "-pfd" + postFailDelayS, x.toString());
    }
}
