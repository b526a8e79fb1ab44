package org.jrhcs.cman.client;

import java.util.List;

/**
 * Everything {@code cman_tool status} prints, in its order. {@code quorumDeviceVotes}
 * is -1 when no quorum device is registered.
 */
public record CmanStatus(
        String version,
        int configVersion,
        String clusterName,
        int clusterId,
        String clusterMember,        // "Yes" / "No"
        long generation,
        String membershipState,      // "Cluster-Member", "Transition", ...
        int nodes,
        int expectedVotes,
        int quorumDeviceVotes,
        int totalVotes,
        int nodeVotes,
        int quorum,
        boolean quorate,
        List<String> activeSubsystems,
        List<String> flags,
        List<String> portsBound,
        String nodeName,
        int nodeId,
        List<String> multicastAddresses,
        List<String> nodeAddresses) {
}
