package org.jrhcs.tools.drill;

import static org.jrhcs.tools.drill.Expect.anyOf;
import static org.jrhcs.tools.drill.Expect.joined;
import static org.jrhcs.tools.drill.Expect.left;
import static org.jrhcs.tools.drill.Expect.line;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jrhcs.tools.drill.DrillSpec.Absent;
import org.jrhcs.tools.drill.DrillSpec.ActionCheck;
import org.jrhcs.tools.drill.DrillSpec.Step;

/**
 * The seed drills (SPEC.md, "The seeds"), each as what the logs must show. Action keys are
 * the ones tools/bin/cluster-drill records: crash-NODE (power off), stop-NODE / start-NODE
 * (init scripts), cable-public-down-NODE, ... Node ids of seed 000: web2 1, Mysql2 2,
 * Mysql1 3, web1 4; of 001 and 002: node1 1, node2 2.
 */
public final class DrillSpecs {
    private DrillSpecs() {}

    private static final Map<String, DrillSpec> ALL = new LinkedHashMap<>();

    static Expect rg(String text) { return line("clurgmgrd", "<notice> " + text); }
    static Expect qdisk(String level, String text) { return line("qdiskd", "<" + level + "> " + text); }
    static Expect fenced(String text) { return line("fenced", text); }

    static List<Expect> fencing(String victim) {
        return List.of(fenced(victim + " not a cluster member after 0 sec post_fail_delay"),
                fenced("fencing node \"" + victim + "\""), fenced("fence \"" + victim + "\" success"));
    }

    static Absent nobodyFenced(String after) {
        return new Absent(after, fenced("fencing node"), "a clean shutdown fences nobody");
    }

    private static void add(String name, String title, String conf, Long maxOutageMs, boolean root,
                            List<Step> steps, List<Absent> absents, List<ActionCheck> checks) {
        ALL.put(name, new DrillSpec(name, title, conf, steps, absents, checks, maxOutageMs, root));
    }

    static {
        // ---- seed 000: web1 web2 Mysql1 Mysql2, quorum disk, webserver and mysqlserver
        add("000-1", "seed 000 (1): standby web2 shuts down cleanly, then rejoins", "000", null, false,
                List.of(new Step("stop-web2", "web1", List.of(rg("Member 1 shutting down"), qdisk("info", "Node 1 shutdown"))),
                        new Step("stop-web2", "web1", List.of(left("web2"))),
                        new Step("start-web2", "web1", List.of(joined("web2")))),
                List.of(nobodyFenced("stop-web2")),
                List.of(new ActionCheck("clustat-m-web2", List.of("^ *web2 +1 +Offline"), "clustat -m web2 shows it Offline")));
        add("000-2", "seed 000 (2): standby web2 crashes: evicted, fenced", "000", null, false,
                List.of(new Step("crash-web2", "*", List.of(qdisk("notice", "Node 1 evicted"))),
                        new Step("crash-web2", "Mysql1", List.of(left("web2"))),
                        new Step("crash-web2", "*", fencing("web2"))),
                List.of(),
                List.of(new ActionCheck("clustat-m-web2", List.of("^ *web2 +1 +Offline"), "clustat -m web2 shows it Offline")));
        add("000-3", "seed 000 (3): primary web1 shuts down cleanly: webserver moves to web2, fails back when web1 returns", "000", null, false,
                List.of(new Step("stop-web1", "web2", List.of(rg("Member 4 shutting down"), rg("Starting stopped service service:webserver"),
                                rg("Service service:webserver started"), qdisk("info", "Node 4 shutdown"))),
                        new Step("start-web1", "web2", List.of(rg("Relocating service:webserver to better node web1"),
                                rg("Stopping service service:webserver"), rg("Service service:webserver is stopped"))),
                        new Step("start-web1", "web1", List.of(rg("Starting stopped service service:webserver"), rg("Service service:webserver started")))),
                List.of(nobodyFenced("stop-web1")),
                List.of(new ActionCheck("clustat-s-webserver", List.of("service:webserver +web2 +started"), "clustat -s webserver: owner web2, started")));
        add("000-4", "seed 000 (4): primary web1 crashes: evicted, fenced, then and only then taken over", "000", null, false,
                List.of(new Step("crash-web1", "*", List.of(qdisk("notice", "Node 4 evicted"))),
                        new Step("crash-web1", "web2", List.of(left("web1"))),
                        new Step("crash-web1", "*", fencing("web1")),
                        new Step("crash-web1", "web2", List.of(rg("Taking over service service:webserver from down member web1"),
                                rg("Service service:webserver started")))),
                List.of(), List.of());
        add("000-5", "seed 000 (5): web1, Mysql2, Mysql1 crash in turn; web2 alone stays quorate with the quorum disk", "000", null, false,
                List.of(new Step("crash-web1", "*", List.of(qdisk("notice", "Writing eviction notice for node 4"))),
                        new Step("crash-web1", "*", List.of(qdisk("notice", "Node 4 evicted"))),
                        new Step("crash-web1", "*", fencing("web1")),
                        new Step("crash-web1", "web2", List.of(rg("Taking over service service:webserver from down member web1"), rg("Service service:webserver started"))),
                        new Step("crash-Mysql2", "*", List.of(fenced("fence \"Mysql2\" success"))),
                        new Step("crash-Mysql1", "web2", List.of(fenced("fence \"Mysql1\" success"),
                                rg("Taking over service service:mysqlserver from down member Mysql1"), rg("Service service:mysqlserver started")))),
                List.of(),
                List.of(new ActionCheck("status-after-1", List.of("^Nodes: 3$", "^Expected votes: 6$", "^Quorum device votes: 2$", "^Total votes: 5$", "^Quorum: 3\\b"),
                                "cman_tool status on web2 after the first crash (seed figures)"),
                        new ActionCheck("status-after-3", List.of("^Nodes: 1$", "^Expected votes: 6$", "^Quorum device votes: 2$", "^Total votes: 3$", "^Quorum: 2\\b"),
                                "cman_tool status on web2 alone (seed figures), quorate")));

        // ---- seed 001: node1 node2, quorum disk pinging the public gateway, service webserv (VIP + httpd)
        // (the VIP's outage during each move is reported, not judged: it depends on the machine's load)
        add("001-1", "seed 001 (1): node1's cluster services stop cleanly; the VIP keeps answering; failback", "001", null, true,
                List.of(new Step("stop-node1", "node2", List.of(rg("Member 1 shutting down"), rg("Starting stopped service service:webserv"), rg("Service service:webserv started"))),
                        new Step("start-node1", "node2", List.of(rg("Relocating service:webserv to better node node1"), rg("Service service:webserv is stopped"))),
                        new Step("start-node1", "node1", List.of(rg("Starting stopped service service:webserv"), rg("Service service:webserv started")))),
                List.of(nobodyFenced("stop-node1")), List.of());
        add("001-2", "seed 001 (2): node1's public cable is pulled: the service moves to node2, returns when it is plugged in", "001", null, true,
                List.of(new Step("cable-public-down-node1", "node2", List.of(rg("Service service:webserv started"))),
                        new Step("cable-public-up-node1", "node1", List.of(rg("Service service:webserv started")))),
                List.of(), List.of());
        add("001-3", "seed 001 (3): node1 loses power: node2 fences it, then takes the service", "001", null, true,
                List.of(new Step("crash-node1", "node2", List.of(left("node1"))),
                        new Step("crash-node1", "node2", List.of(fenced("fence \"node1\" success"),
                                rg("Taking over service service:webserv from down member node1"), rg("Service service:webserv started")))),
                List.of(), List.of());
        add("001-4", "seed 001 (4): the cluster network between node1 and node2 is cut: one is fenced, one owner remains", "001", null, true,
                List.of(new Step("cable-cluster-down-node1", "*", List.of(anyOf(fenced("fence \"node1\" success"), fenced("fence \"node2\" success"))))),
                List.of(),
                List.of(new ActionCheck("owners-after-split", List.of("^owners: node[12]$"), "exactly one node runs webserv after the split")));
        add("001-5", "seed 001 (5): kill -9 of node1's cman: node1 is fenced before node2 runs the service", "001", null, true,
                List.of(new Step("kill-cman-node1", "node2", List.of(left("node1"))),
                        new Step("kill-cman-node1", "node2", List.of(fenced("fence \"node1\" success"),
                                rg("Taking over service service:webserv from down member node1"), rg("Service service:webserv started")))),
                List.of(), List.of());

        // ---- seed 002: node1 node2 (two_node), service webserv: VIP, httpd script
        add("002", "seed 002: clusvcadm -r webserv -m node2; httpd's status fails -> restart, then relocation; ccs_tool update adds a resource", "002", null, false,
                List.of(new Step("kill-httpd-1", "node2", List.of(line("clurgmgrd", "<err> script:httpd: status of "),
                                rg("status on script \"httpd\" returned 1 (generic error)"),
                                rg("Stopping service service:webserv"), rg("Service service:webserv is recovering"), rg("Service service:webserv started"))),
                        new Step("kill-httpd-2", "node2", List.of(rg("status on script \"httpd\" returned 1 (generic error)"), rg("Service service:webserv is recovering"))),
                        new Step("kill-httpd-2", "node1", List.of(rg("Service service:webserv started")))),
                List.of(),
                List.of(new ActionCheck("clusvcadm-r", List.of("^Trying to relocate service:webserv to node2\\.\\.\\.Success$", "^service:webserv is now running on node2$"),
                                "clusvcadm -r webserv -m node2 prints the seed's two lines"),
                        new ActionCheck("ccs_tool-update", List.of("^Config file updated from version 1 to 2$"), "ccs_tool update distributes version 2"),
                        new ActionCheck("after-update", List.of("extra started on node1"), "the added resource starts inside the running service")));
    }

    public static Optional<DrillSpec> get(String name) { return Optional.ofNullable(ALL.get(name)); }

    public static List<DrillSpec> all() { return new ArrayList<>(ALL.values()); }
}
