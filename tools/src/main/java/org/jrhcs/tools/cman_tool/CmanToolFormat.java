package org.jrhcs.tools.cman_tool;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.jrhcs.cman.client.CmanNode;
import org.jrhcs.cman.client.CmanStatus;
import org.jrhcs.tools.TimeText;

/**
 * {@code cman_tool status} and {@code cman_tool nodes} output, as RHCS prints it. Pure.
 * No {@code String.format} or {@code DateTimeFormatter}: they cost the tool's start-up more
 * than the JVM's own (see {@link TimeText}).
 */
public final class CmanToolFormat {
    private CmanToolFormat() {}

    public static String status(CmanStatus s) {
        StringBuilder b = new StringBuilder();
        b.append("Version: ").append(s.version()).append('\n');
        b.append("Config Version: ").append(s.configVersion()).append('\n');
        b.append("Cluster Name: ").append(s.clusterName()).append('\n');
        b.append("Cluster Id: ").append(s.clusterId()).append('\n');
        b.append("Cluster Member: ").append(s.clusterMember()).append('\n');
        b.append("Cluster Generation: ").append(s.generation()).append('\n');
        b.append("Membership state: ").append(s.membershipState()).append('\n');
        b.append("Nodes: ").append(s.nodes()).append('\n');
        b.append("Expected votes: ").append(s.expectedVotes()).append('\n');
        if (s.quorumDeviceVotes() >= 0) b.append("Quorum device votes: ").append(s.quorumDeviceVotes()).append('\n');
        b.append("Total votes: ").append(s.totalVotes()).append('\n');
        b.append("Node votes: ").append(s.nodeVotes()).append('\n');
        b.append("Quorum: ").append(s.quorum()).append(' ').append(s.quorate() ? " " : "Activity blocked").append('\n');
        b.append("Active subsystems: ").append(s.activeSubsystems().size()).append('\n');
        b.append("Flags:");
        for (String f : s.flags()) b.append(' ').append(f);
        b.append(" \n");
        b.append("Ports Bound: ");
        for (String p : s.portsBound()) b.append(p).append(' ');
        b.append(" \n");
        b.append("Node name: ").append(s.nodeName()).append('\n');
        b.append("Node ID: ").append(s.nodeId()).append('\n');
        b.append("Multicast addresses: ");
        for (String a : s.multicastAddresses()) b.append(a).append(' ');
        b.append('\n');
        b.append("Node addresses: ");
        for (String a : s.nodeAddresses()) b.append(a).append(' ');
        b.append('\n');
        return b.toString();
    }

    /** The table of {@code cman_tool nodes}; {@code addresses} adds each node's addresses (-a). */
    public static String nodes(List<CmanNode> nodes, boolean addresses, ZoneId zone) {
        StringBuilder b = new StringBuilder("Node  Sts   Inc   Joined               Name\n");
        for (CmanNode n : nodes) {
            String joined = n.joinTime() > 0 ? TimeText.dateTime(Instant.ofEpochMilli(n.joinTime()).atZone(zone))
                    : " ".repeat(19);
            b.append(TimeText.padLeft(Integer.toString(n.nodeId()), 4, ' ')).append("   ").append(n.state()).append("  ")
             .append(TimeText.padLeft(Long.toString(n.incarnation()), 5, ' ')).append("   ").append(joined).append("  ")
             .append(n.name()).append('\n');
            if (addresses) {
                b.append("       Addresses: ");
                for (String a : n.addresses()) b.append(a).append(' ');
                b.append('\n');
            }
        }
        return b.toString();
    }

    /** {@code -F id,name,type,addr}: the chosen fields of each node, space-separated. */
    public static String nodesFormatted(List<CmanNode> nodes, List<String> fields) {
        StringBuilder b = new StringBuilder();
        for (CmanNode n : nodes) {
            StringBuilder line = new StringBuilder();
            for (String f : fields) {
                if (line.length() > 0) line.append(' ');
                switch (f) {
                    case "id" -> line.append(n.nodeId());
                    case "name" -> line.append(n.name());
                    case "type" -> line.append(n.state());
                    case "addr" -> line.append(String.join(" ", n.addresses()));
                    default -> throw new IllegalArgumentException("Invalid format option " + f);
                }
            }
            b.append(line).append('\n');
        }
        return b.toString();
    }
}
