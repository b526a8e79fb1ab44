package org.jrhcs.rg.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.jrhcs.rg.client.RgClient;
import org.jrhcs.rg.client.RgResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale and timing of the service manager's mechanism (fake agents, in-memory group):
 * 1,000 services placed on three nodes, the status op over 1 and 1,000 services, a
 * relocation and a status-failure recovery. Prints the numbers for BENCHMARKS.md;
 * asserts only generous bounds so a slow CI machine does not fail it.
 */
class RgScaleTest {
    @TempDir Path dir;
    TestCluster c;

    @AfterEach void stop() {
        if (c != null) c.close();
    }

    static String conf(int services) {
        StringBuilder b = new StringBuilder("<cluster name=\"scale\" config_version=\"1\"><clusternodes>");
        for (int i = 1; i <= 3; i++) b.append("<clusternode name=\"n").append(i).append("\" nodeid=\"").append(i).append("\"/>");
        b.append("</clusternodes><rm>");
        for (int i = 0; i < services; i++) b.append("<service name=\"s").append(i).append("\"/>");
        return b.append("</rm></cluster>").toString();
    }

    private long startAndPlace(int services) throws Exception {
        c = new TestCluster(dir, conf(services));
        long t0 = System.nanoTime();
        for (int id = 1; id <= 3; id++) c.start(id);
        c.await(services + " services started", () -> c.daemons.values().stream().allMatch(d ->
                d.published().services().stream().allMatch(s -> s.state().text().equals("started"))));
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static long statusMicros(RgClient rg) {
        for (int i = 0; i < 20; i++) rg.status(); // warm up
        long t0 = System.nanoTime();
        int n = 50;
        for (int i = 0; i < n; i++) rg.status();
        return (System.nanoTime() - t0) / 1000 / n;
    }

    @Test void oneService() throws Exception {
        long place = startAndPlace(1);
        long status = statusMicros(c.client(2));
        RgClient rg = c.client(3);
        String owner = c.daemons.get(1).published().services().get(0).owner();
        String target = owner.equals("n3") ? "n2" : "n3";
        long t0 = System.nanoTime();
        assertEquals(RgResult.SUCCESS, rg.request("relocate", "service:s0", target).result());
        long relocate = (System.nanoTime() - t0) / 1_000_000;
        c.world.checkIntervalMs = 20;
        t0 = System.nanoTime();
        c.world.failStatus("service:s0", target, true);
        c.await("recovered", () -> c.daemons.get(1).published().services().get(0).restarts().size() == 1
                && c.allSee("service:s0", "started " + target));
        long recover = (System.nanoTime() - t0) / 1_000_000;
        c.world.failStatus("service:s0", target, false);
        System.out.printf("RgScaleTest: 1 service: placed in %d ms, status op %d us, relocation %d ms, "
                + "status failure to running again %d ms (check interval 20 ms)%n", place, status, relocate, recover);
        assertTrue(relocate < 2000 && recover < 5000);
    }

    @Test void thousandServices() throws Exception {
        long place = startAndPlace(1000);
        long status = statusMicros(c.client(2));
        System.out.printf("RgScaleTest: 1000 services: all started in %d ms, status op over the socket %d us%n", place, status);
        assertTrue(place < 60_000);
    }
}
