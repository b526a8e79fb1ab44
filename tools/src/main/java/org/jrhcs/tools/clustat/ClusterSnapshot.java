package org.jrhcs.tools.clustat;

import java.util.List;
import org.jrhcs.rg.client.ServiceInfo;

/**
 * What clustat shows, gathered from cman and rgmanager once per refresh.
 *
 * @param services null when rgmanager is not running on this node
 */
public record ClusterSnapshot(String clusterName, int clusterId, long generation, boolean quorate,
                              List<Member> members, List<ServiceInfo> services) {

    /**
     * One line of the member table.
     *
     * @param rgmanager this member runs rgmanager
     * @param rgMaster  this member applies placement decisions (clustat's RG-Master)
     * @param quorumDisk the line stands for the quorum disk, not a node
     */
    public record Member(String name, int nodeId, boolean online, boolean local, boolean rgmanager,
                         boolean rgMaster, boolean quorumDisk, boolean estranged) {}

    public Member member(String name) {
        return members.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }
}
