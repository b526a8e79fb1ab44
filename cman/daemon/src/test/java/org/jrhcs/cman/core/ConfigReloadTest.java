package org.jrhcs.cman.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** cman's live reload: the plan (pure) and what a running {@link ClusterCore} makes of it. */
class ConfigReloadTest {

    static CmanConfig conf(int version, int expected, int tokenMs, NodeConf... nodes) {
        return new CmanConfig("alpha", 100, version, List.of(nodes), expected, false, tokenMs, false, 10_000, false, tokenMs);
    }

    static NodeConf n(int id, int votes) { return new NodeConf(id, "n" + id, votes); }

    @Test
    void planNamesEveryChange() {
        CmanConfig running = conf(1, 3, 10_000, n(1, 1), n(2, 1), n(3, 1));
        CmanConfig next = conf(2, 5, 5_000, n(1, 1), n(2, 3), n(4, 1));
        ConfigReload.Plan p = ConfigReload.plan(running, next, "n1", Set.of("n1", "n2"));
        assertEquals(List.of("config_version: 1 -> 2", "votes of node n2: 1 -> 3", "node n4 (id 4, 1 votes) added",
                "node n3 (id 3) removed", "expected votes: 3 -> 5", "token timeout (ms): 10000 -> 5000",
                "quorum_dev_poll (ms): 10000 -> 5000"), p.changes());
        assertEquals(java.util.Map.of(2, 3), p.votes());
        assertEquals(List.of(n(4, 1)), p.added());
        assertEquals(List.of(n(3, 1)), p.removed());
    }

    @Test
    void planRefusesWhatCannotChangeWhileRunning() {
        CmanConfig running = conf(1, 3, 10_000, n(1, 1), n(2, 1), n(3, 1));
        record Case(CmanConfig next, String message) {}
        List<Case> cases = new ArrayList<>(List.of(
                new Case(conf(2, 3, 10_000, n(1, 1), n(2, 1)),
                        "node n3 is a cluster member; stop cman there (cman_tool leave remove) before removing it from cluster.conf"),
                new Case(conf(2, 3, 10_000, n(2, 1), n(3, 1)), "the new cluster.conf does not list this node (n1)"),
                new Case(conf(2, 3, 10_000, n(1, 1), n(2, 1), new NodeConf(7, "n3", 1)),
                        "node n3 has node id 7 in the new cluster.conf but runs as 3"),
                new Case(new CmanConfig("beta", 100, 2, running.nodes(), 3, false, 10_000, false, 10_000, false, 10_000),
                        "the new cluster.conf names cluster beta, not the running alpha")));
        for (Case c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ConfigReload.plan(running, c.next(), "n1", Set.of("n1", "n2", "n3")));
            assertEquals(c.message(), e.getMessage());
        }
    }

    @Test
    void aRunningClusterTakesNewVotesExpectedVotesAndNodes() {
        CoreNet net = new CoreNet(conf(1, 3, 10_000, n(1, 1), n(2, 1), n(3, 1)));
        for (String name : List.of("n1", "n2")) net.start(name);
        net.view("n1", "n2");
        assertEquals(2, net.cores.get("n1").quorum().quorum());
        CmanConfig next = conf(2, 6, 10_000, n(1, 1), n(2, 3), n(4, 2));
        for (String name : List.of("n1", "n2")) net.request(name, c -> c.reconfigure(next, net.now));
        for (String name : List.of("n1", "n2")) {
            ClusterCore c = net.cores.get(name);
            assertEquals(4, c.quorum().totalVotes(), name);
            assertEquals(6, c.quorum().expectedVotes(), name);
            assertEquals(4, c.quorum().quorum(), name);
            assertTrue(c.quorum().quorate(), name);
            assertEquals(List.of("n1", "n2", "n4"), c.nodes().stream().map(ClusterCore.NodeStatus::name).toList());
            assertEquals(2, c.config().configVersion());
            assertTrue(net.logs(name).contains("[CMAN ] reload: votes of node n2: 1 -> 3"), net.logs(name).toString());
        }
        // The added node can join; the removed one is refused.
        net.view("n1", "n2", "n3");
        assertTrue(net.logs("n1").contains("[CMAN ] refusing node n3: it is not in cluster.conf"), net.logs("n1").toString());
    }

    @Test
    void aRefusedReloadChangesNothing() {
        CoreNet net = new CoreNet(conf(1, 3, 10_000, n(1, 1), n(2, 1), n(3, 1)));
        for (String name : List.of("n1", "n2", "n3")) net.start(name);
        net.view("n1", "n2", "n3");
        ClusterCore c = net.cores.get("n1");
        assertThrows(IllegalArgumentException.class, () -> c.reconfigure(conf(2, 2, 10_000, n(1, 1), n(2, 1)), net.now));
        assertEquals(1, c.config().configVersion());
        assertEquals(3, c.nodes().size());
        assertEquals(3, c.quorum().totalVotes());
    }

    @Test
    void theQuorumDeviceRegisteringAgainWithNewVotesKeepsCounting() {
        CoreNet net = new CoreNet(conf(1, 3, 10_000, n(1, 1), n(2, 1)));
        net.start("n1");
        net.view("n1");
        net.request("n1", c -> c.qdiskRegister("qdisk", 1, net.now));
        net.request("n1", c -> c.qdiskPoll(true, net.now));
        assertEquals(2, net.cores.get("n1").quorum().totalVotes());
        net.request("n1", c -> c.qdiskRegister("qdisk", 2, net.now));
        assertEquals(3, net.cores.get("n1").quorum().totalVotes(), "counted at once with the new votes, no gap");
    }
}
