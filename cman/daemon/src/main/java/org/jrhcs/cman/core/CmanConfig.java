package org.jrhcs.cman.core;

import java.util.List;
import java.util.Optional;

/**
 * The part of cluster.conf the membership core needs, already defaulted.
 *
 * @param expectedVotes   {@code <cman expected_votes>}, else every node's votes plus the quorum device's
 * @param twoNode         {@code <cman two_node="1">}; honoured only with exactly two nodes
 * @param quorumDevPollMs how long a registered quorum device keeps its votes without a poll
 *                        (default: the token timeout)
 * @param lastManStanding corosync's last_man_standing: lower expected votes to the survivors'
 *                        after {@code lmsWindowMs} of stable membership (default off; window 10000 ms)
 * @param waitForAll      inquorate until every configured node has been a member at the same time
 * @param tokenMs         {@code <totem token>}: failure detection time (default 10000 ms)
 */
public record CmanConfig(String clusterName, int clusterId, int configVersion, List<NodeConf> nodes,
                         int expectedVotes, boolean twoNode, int quorumDevPollMs, boolean lastManStanding,
                         int lmsWindowMs, boolean waitForAll, int tokenMs) {

    public Optional<NodeConf> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public Optional<NodeConf> node(int id) {
        return nodes.stream().filter(n -> n.id() == id).findFirst();
    }

    /** two_node only means something on a two-node cluster. */
    public boolean twoNodeActive() { return twoNode && nodes.size() == 2; }
}
