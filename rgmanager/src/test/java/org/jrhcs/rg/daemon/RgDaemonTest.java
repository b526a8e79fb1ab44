package org.jrhcs.rg.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jrhcs.rg.client.RgClient;
import org.jrhcs.rg.client.RgResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three rgmanager daemons in one JVM over an in-memory total-order group, with a fake
 * resource engine and fence oracle: the seed drills at the level of the service
 * manager. After every polling step the test checks that no service runs on two nodes.
 */
class RgDaemonTest {
    static final String CONF = """
            <?xml version="1.0"?>
            <cluster name="test" config_version="1">
              <clusternodes>
                <clusternode name="n1" nodeid="1"/>
                <clusternode name="n2" nodeid="2"/>
                <clusternode name="n3" nodeid="3"/>
              </clusternodes>
              <rm>
                <failoverdomains>
                  <failoverdomain name="web-dom" ordered="1">
                    <failoverdomainnode name="n1" priority="1"/>
                    <failoverdomainnode name="n2" priority="2"/>
                  </failoverdomain>
                  <failoverdomain name="db-dom" ordered="1" nofailback="1">
                    <failoverdomainnode name="n3" priority="1"/>
                    <failoverdomainnode name="n2" priority="2"/>
                  </failoverdomain>
                </failoverdomains>
                <service name="web" domain="web-dom" recovery="restart" max_restarts="1" restart_expire_time="300"/>
                <service name="db" domain="db-dom"/>
              </rm>
            </cluster>
            """;
    static final String WEB = "service:web", DB = "service:db";

    @TempDir Path dir;
    TestCluster c;

    @AfterEach void stop() {
        if (c != null) c.close();
    }

    private TestCluster threeNodes() throws Exception {
        c = new TestCluster(dir, CONF);
        // n3 first: it starts both, then each better node that joins pulls its service
        // over (db's domain is nofailback, so db stays on n3, where it began).
        for (int id = 3; id >= 1; id--) c.start(id);
        c.await("web on n1 and db on n3", () -> c.allSee(WEB, "started n1") && c.allSee(DB, "started n3"));
        return c;
    }

    @Test void autostartPutsEachServiceOnItsBestNode() throws Exception {
        threeNodes();
        assertEquals(java.util.Set.of("n1"), c.world.where(WEB));
        assertEquals(java.util.Set.of("n3"), c.world.where(DB));
        assertTrue(c.log(1).contains("<notice> Starting stopped service service:web"), c.dump());
        assertTrue(c.log(1).contains("<notice> Service service:web started"), c.dump());
        RgClient.Status st = c.client(2).status();
        assertEquals(1, st.master());
        assertEquals(List.of(1, 2, 3), st.nodes());
        // every decision is recorded as a replayable placement case
        assertTrue(Files.exists(c.root(1).stateDir().resolve("rgmanager/pe-input-0.txt")));
    }

    @Test void crashedOwnerIsTakenOverOnlyAfterFencingThenFailsBack() throws Exception {
        threeNodes();
        c.crash(1);
        // web still "runs" on the dead n1 until it is fenced: nobody may start it
        c.await("n2 sees n1 awaiting fence", () -> c.daemons.get(2).published().awaitingFence().contains("n1"));
        c.holds("web not started elsewhere before the fence", 300, () -> c.world.where(WEB).equals(java.util.Set.of("n1")));
        c.world.fence("n1");
        c.await("web taken over by n2", () -> c.allSee(WEB, "started n2") && c.world.where(WEB).equals(java.util.Set.of("n2")));
        assertTrue(c.log(2).contains("<notice> Taking over service service:web from down member n1"), c.dump());
        assertTrue(c.log(2).contains("<notice> Service service:web started"), c.dump());
        assertEquals(2, c.client(3).status().master(), "the lowest surviving member decides");
        // n1 comes back: web fails back to it (ordered domain, failback allowed)
        c.start(1);
        c.await("web back on n1", () -> c.allSee(WEB, "started n1"));
        assertTrue(c.log(2).contains("<notice> Relocating service:web to better node n1"), c.dump());
        assertTrue(c.log(2).contains("<notice> Stopping service service:web"), c.dump());
        assertTrue(c.log(2).contains("<notice> Service service:web is stopped"), c.dump());
        assertEquals("started n3", c.state(1, DB), "the returning node got the table");
        c.await("identical tables", c::tablesAgree);
    }

    /**
     * Sim bug 1 (seed 378): a fence counts for the membership it ended, not for a window of
     * wall-clock time. fenced may fence before rgmanager applies the failure view (that fence
     * counts); a node fenced, back and failed again within seconds is not covered by its
     * previous fence (that one ended its previous life).
     */
    @Test void aFenceCoversOnlyTheMembershipItEnded() throws Exception {
        threeNodes();
        long beforeFailureSeen = System.currentTimeMillis();
        c.crash(1);
        c.world.fence("n1", beforeFailureSeen);
        c.await("web taken over on a fence older than the failure view", () -> c.allSee(WEB, "started n2"));
        c.start(1);
        c.await("web back on n1", () -> c.allSee(WEB, "started n1") && c.world.where(WEB).equals(java.util.Set.of("n1")));
        c.crash(1);
        c.await("n2 sees n1 awaiting fence", () -> c.daemons.get(2).published().awaitingFence().contains("n1"));
        c.holds("no takeover on the previous fence", 300, () -> c.world.where(WEB).equals(java.util.Set.of("n1")));
        c.world.fence("n1");
        c.await("web taken over after the new fence", () -> c.allSee(WEB, "started n2")
                && c.world.where(WEB).equals(java.util.Set.of("n2")));
    }

    @Test void nofailbackKeepsTheServiceWhereItRuns() throws Exception {
        threeNodes();
        c.crash(3);
        c.world.fence("n3");
        c.await("db taken over by n2", () -> c.allSee(DB, "started n2"));
        c.start(3);
        c.await("n3 back in the table", () -> c.daemons.get(1).published().members().contains(3)
                && c.state(3, DB).equals("started n2"));
        c.holds("db stays on n2", 300, () -> c.allSee(DB, "started n2"));
    }

    @Test void cleanStopRelocatesBeforeLeaving() throws Exception {
        threeNodes();
        c.daemons.remove(1).shutdown();
        assertEquals(java.util.Set.of("n2"), c.world.where(WEB), "moved before n1 left\n" + c.dump());
        c.await("everyone sees web on n2", () -> c.allSee(WEB, "started n2"));
        List<String> n2 = c.log(2);
        int shutting = n2.indexOf("<notice> Member 1 shutting down");
        int started = n2.lastIndexOf("<notice> Service service:web started");
        assertTrue(shutting >= 0 && started > shutting, c.dump());
        assertTrue(c.log(1).contains("<notice> Service service:web is stopped"), c.dump());
        assertTrue(c.daemons.get(2).published().awaitingFence().isEmpty(), "a clean leave needs no fence");
        c.await("identical tables", c::tablesAgree);
    }

    @Test void clusvcadmRequestsThroughTheSocket() throws Exception {
        threeNodes();
        RgClient rg = c.client(3);
        RgClient.Reply r = rg.request("relocate", WEB, "n3");
        assertEquals(RgResult.EXCLUSIVE.code() == 0 ? null : RgResult.SUCCESS, r.result(), c.dump());
        assertEquals("n3", r.owner());
        c.await("web on n3", () -> c.allSee(WEB, "started n3"));

        assertEquals(RgResult.SUCCESS, rg.request("disable", WEB, null).result());
        c.await("web disabled", () -> c.allSee(WEB, "disabled null"));
        assertTrue(c.world.where(WEB).isEmpty());
        c.holds("a disabled service is not autostarted", 200, () -> c.allSee(WEB, "disabled null"));

        r = c.client(2).request("enable", WEB, null);
        assertEquals(RgResult.SUCCESS, r.result());
        assertEquals("n1", r.owner());

        assertEquals(RgResult.SUCCESS, rg.request("freeze", WEB, null).result());
        assertEquals(RgResult.FROZEN, rg.request("relocate", WEB, "n2").result());
        assertEquals(RgResult.SUCCESS, rg.request("unfreeze", WEB, null).result());

        assertEquals(RgResult.NO_SERVICE, rg.request("enable", "service:nosuch", null).result());
        assertEquals(RgResult.NODE, rg.request("relocate", WEB, "n9").result());

        assertEquals(RgResult.SUCCESS, rg.request("stop", DB, null).result());
        c.await("db stopped", () -> c.allSee(DB, "stopped null"));

        assertTrue(rg.lock("lock"));
        c.await("n1 sees the lock", () -> c.client(1).lock("lock_state"));
        assertTrue(!rg.lock("unlock"));
    }

    @Test void failedStatusRestartsThenRelocatesAfterMaxRestarts() throws Exception {
        threeNodes();
        c.world.failStatus(WEB, "n1", true);
        c.await("web restarted once on n1", () -> c.daemons.get(1).published().services().stream()
                .anyMatch(s -> s.name().equals(WEB) && s.restarts().size() == 1));
        c.await("recovery logged on n1", () -> c.log(1).contains("<notice> Service service:web is recovering"));
        c.await("web relocated to n2 after max_restarts", () -> c.allSee(WEB, "started n2"));
        assertEquals(java.util.Set.of("n2"), c.world.where(WEB));
    }

    @Test void aFrozenServiceIsNeitherCheckedNorMoved() throws Exception {
        threeNodes();
        RgClient rg = c.client(2);
        assertEquals(RgResult.SUCCESS, rg.request("freeze", WEB, null).result());
        int before = c.world.journal().size();
        c.world.failStatus(WEB, "n1", true);
        c.holds("no check, no recovery while frozen", 400, () -> c.world.journal().size() == before
                && c.allSee(WEB, "started n1"));
        // its owner crashes and is fenced: a frozen service is not taken over either
        c.crash(1);
        c.world.fence("n1");
        c.holds("a frozen service is not moved", 400, () -> c.state(2, WEB).equals("started n1"));
        assertEquals(RgResult.SUCCESS, rg.request("unfreeze", WEB, null).result());
        c.await("taken over once thawed", () -> c.allSee(WEB, "started n2"));
    }

    @Test void aServiceWhoseStopFailsGoesFailedUntilDisabled() throws Exception {
        threeNodes();
        RgClient rg = c.client(2);
        c.world.failStop(WEB, "n1", true);
        assertEquals(RgResult.ABORT, rg.request("relocate", WEB, "n2").result(), "Aborted; service failed");
        c.await("web failed", () -> c.allSee(WEB, "failed null"));
        c.holds("a failed service starts nowhere", 300, () -> c.world.where(WEB).equals(java.util.Set.of("n1")));
        assertEquals(RgResult.INVALID, rg.request("enable", WEB, null).result(), "enable needs a disable first");
        c.world.failStop(WEB, "n1", false);
        assertEquals(RgResult.SUCCESS, rg.request("disable", WEB, null).result());
        c.await("disabled", () -> c.allSee(WEB, "disabled null"));
        assertEquals(RgResult.SUCCESS, rg.request("enable", WEB, null).result());
        c.await("web runs again", () -> c.allSee(WEB, "started n1"));
    }

    @Test void migrateIsRefusedForAServiceAsRhcsDoes() throws Exception {
        threeNodes();
        assertEquals(RgResult.INVALID, c.client(2).request("migrate", WEB, "n2").result());
        c.holds("nothing moved", 200, () -> c.allSee(WEB, "started n1"));
    }

    @Test void startThatFailsEverywhereLeavesTheServiceStopped() throws Exception {
        c = new TestCluster(dir, CONF);
        for (String n : List.of("n1", "n2", "n3")) c.world.failStart(WEB, n, true);
        for (int id = 3; id >= 1; id--) c.start(id);
        c.await("db started", () -> c.allSee(DB, "started n3"));
        c.await("web stopped after failing on every node", () -> c.allSee(WEB, "stopped null")
                && c.daemons.get(1).published().services().get(0).avoid().size() == 3);
        long starts = c.world.journal().stream().filter(l -> l.startsWith("start service:web")).count();
        assertTrue(starts >= 3, c.dump());
        c.holds("no retry loop", 300, () -> c.world.journal().stream().filter(l -> l.startsWith("start service:web")).count() == starts);
    }

    @Test void losingQuorumStopsEverythingAndRegainingItStartsAgain() throws Exception {
        threeNodes();
        c.groups.setQuorate(false);
        c.await("everything stopped", () -> c.world.where(WEB).isEmpty() && c.world.where(DB).isEmpty()
                && c.allSee(WEB, "stopped null"));
        assertEquals(RgResult.QUORUM, c.client(2).request("enable", WEB, null).result());
        c.holds("nothing starts while inquorate", 200, () -> c.world.where(WEB).isEmpty());
        c.groups.setQuorate(true);
        c.await("started again", () -> c.allSee(WEB, "started n1") && c.allSee(DB, "started n3"));
    }

    @Test void aNewConfigurationAddsAndRemovesServicesEverywhereAtOnce() throws Exception {
        threeNodes();
        String next = CONF.replace("config_version=\"1\"", "config_version=\"2\"")
                .replace("<service name=\"db\" domain=\"db-dom\"/>", "<service name=\"cache\"/>");
        c.update(2, next);
        c.await("db gone, cache started", () -> c.daemons.values().stream().allMatch(d ->
                d.published().services().stream().map(s -> s.name()).toList().equals(List.of(WEB, "service:cache"))
                        && d.published().services().get(1).state().text().equals("started")));
        assertTrue(c.world.where(DB).isEmpty(), "the removed service was stopped");
        assertEquals("started n1", c.state(2, WEB), "untouched services stay where they are");
        assertTrue(c.log(3).stream().anyMatch(l -> l.startsWith("<notice> Reconfiguring: cluster.conf version 2")), c.dump());
    }

    @Test void exclusiveAndDependAreHonoured() throws Exception {
        c = new TestCluster(dir, """
                <cluster name="x" config_version="1">
                  <clusternodes><clusternode name="n1" nodeid="1"/><clusternode name="n2" nodeid="2"/></clusternodes>
                  <rm>
                    <service name="big" exclusive="1"/>
                    <service name="db"/>
                    <service name="app" depend="service:db"/>
                  </rm>
                </cluster>
                """);
        c.start(1);
        c.start(2);
        c.await("all placed", () -> c.allSee("service:big", "started n1") || c.allSee("service:big", "started n2"));
        c.await("db and app started", () -> c.daemons.values().stream().allMatch(d -> d.published().services().stream()
                .allMatch(s -> s.state().text().equals("started"))));
        String big = c.world.where("service:big").iterator().next();
        assertTrue(!c.world.where("service:db").contains(big) && !c.world.where("service:app").contains(big),
                "nothing runs beside the exclusive service\n" + c.dump());
        // db stops: app, which needs it, stops too
        assertEquals(RgResult.SUCCESS, c.client(1).request("disable", "service:db", null).result());
        c.await("app stopped with its dependency", () -> c.world.where("service:app").isEmpty());
        assertEquals(RgResult.DEPEND, c.client(1).request("enable", "service:app", null).result());
    }
}
