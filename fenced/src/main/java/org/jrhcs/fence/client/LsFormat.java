package org.jrhcs.fence.client;

import java.util.Map;

/** Renders {@code fence_tool ls} exactly as RHCS 3 prints it. */
public final class LsFormat {
    private LsFormat() {}

    public static String render(FencedClient.DomainInfo d, boolean allNodes) {
        StringBuilder b = new StringBuilder();
        b.append("fence domain\n");
        b.append("member count  ").append(d.members().size()).append('\n');
        b.append("victim count  ").append(d.victims().size()).append('\n');
        b.append("victim now    ").append(d.currentVictim()).append('\n');
        b.append("master nodeid ").append(d.master()).append('\n');
        b.append("wait state    ").append(d.waitState()).append('\n');
        b.append("members       ");
        for (int id : d.members()) b.append(id).append(' ');
        b.append('\n');
        if (allNodes) {
            b.append("all nodes\n");
            for (Map<String, String> n : d.nodes())
                b.append("nodeid ").append(n.get("id")).append(" member ").append(n.get("member"))
                        .append(" victim ").append(n.get("victim")).append(" last fence master ")
                        .append(n.get("last_by")).append(" how ").append(n.get("last_how")).append('\n');
        }
        b.append('\n');
        return b.toString();
    }
}
