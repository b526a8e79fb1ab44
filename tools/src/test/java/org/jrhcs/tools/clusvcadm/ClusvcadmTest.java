package org.jrhcs.tools.clusvcadm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jrhcs.client.ipc.IpcException;
import org.jrhcs.cman.client.CmanNode;
import org.jrhcs.rg.client.RgClient;
import org.jrhcs.rg.client.RgResult;
import org.junit.jupiter.api.Test;

/** clusvcadm's messages and exit codes, against a fake cluster at the socket seam. */
class ClusvcadmTest {
    private final List<String> requests = new ArrayList<>();
    private RgResult next = RgResult.SUCCESS;
    private String owner = "node2.upl.com";
    private boolean rgDown;

    private final Clusvcadm.Cluster fake = new Clusvcadm.Cluster() {
        public List<CmanNode> members() {
            return List.of(new CmanNode(1, "node1.upl.com", "M", 1, 1, 0, List.of()),
                    new CmanNode(2, "node2.upl.com", "M", 1, 1, 0, List.of()),
                    new CmanNode(3, "node3.upl.com", "X", 1, 1, 0, List.of()));
        }
        public RgClient.Reply request(String action, String service, String target) {
            if (rgDown) throw new IpcException("no such socket");
            requests.add(action + " " + service + " " + target);
            return new RgClient.Reply(next, owner);
        }
        public boolean lock(String op) { return true; }
    };

    private String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = new Clusvcadm(fake).run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        return new String[] {out.toString(StandardCharsets.UTF_8), Integer.toString(rc)};
    }

    @Test void relocateAsInSeed002() {
        String[] r = run("-r", "webserv", "-m", "node2.upl.com");
        assertEquals("Trying to relocate service:webserv to node2.upl.com...Success\n"
                + "service:webserv is now running on node2.upl.com\n", r[0]);
        assertEquals("0", r[1]);
        assertEquals(List.of("relocate service:webserv node2.upl.com"), requests);
    }

    @Test void enableLocally() {
        owner = "node1.upl.com";
        String[] r = run("-e", "service:webserv");
        assertEquals("Local machine trying to enable service:webserv...Success\nservice:webserv is now running on node1.upl.com\n", r[0]);
    }

    @Test void disableOnMember() {
        String[] r = run("-d", "webserv");
        assertEquals("Local machine disabling service:webserv...Success\n", r[0]);
    }

    @Test void failureGivesTheCode() {
        next = RgResult.NO_SERVICE;
        String[] r = run("-e", "nope");
        assertEquals("Local machine trying to enable service:nope...Service does not exist\n", r[0]);
        assertEquals("-4", r[1]);
    }

    @Test void alreadyRunningIsSuccess() {
        next = RgResult.RUNNING;
        assertEquals("0", run("-e", "webserv")[1]);
    }

    @Test void closestMemberMatch() {
        String[] r = run("-r", "webserv", "-m", "node2");
        assertEquals("'node2' not in membership list\nClosest match: 'node2.upl.com'\n"
                + "Trying to relocate service:webserv to node2.upl.com...Success\n"
                + "service:webserv is now running on node2.upl.com\n", r[0]);
    }

    @Test void migrateNeedsMember() {
        assertEquals("Migration requires a target cluster member\n", run("-M", "vm:guest")[0]);
        assertEquals("'node3.upl.com' is offline\n", run("-M", "vm:guest", "-m", "node3.upl.com")[0]);
    }

    @Test void rgmanagerNotRunning() {
        rgDown = true;
        String[] r = run("-d", "webserv");
        assertEquals("Local machine disabling service:webserv...Could not connect to resource group manager\n", r[0]);
        assertEquals("1", r[1]);
    }

    @Test void noServiceGivesUsage() {
        String[] r = run("-m", "node1.upl.com");
        assertEquals("1", r[1]);
        assertEquals(true, r[0].startsWith("usage: clusvcadm [command]"));
    }

    @Test void badOption() {
        assertEquals("1", run("-X")[1]);
    }

    @Test void migrateOfAServiceIsRefusedAsRhcsDoes() {
        next = RgResult.INVALID;
        String[] r = run("-M", "webserv", "-m", "node2.upl.com");
        assertEquals("Trying to migrate service:webserv to node2.upl.com...Invalid operation for resource\n", r[0]);
        assertEquals("-8", r[1]);
        assertEquals(List.of("migrate service:webserv node2.upl.com"), requests);
    }

    @Test void migrateOfAVm() {
        String[] r = run("-M", "vm:guest", "-m", "node2.upl.com");
        assertEquals("Trying to migrate vm:guest to node2.upl.com...Success\n", r[0]);
        assertEquals("0", r[1]);
    }

    @Test void refusalsCarryRgmanagersWordsAndCodes() {
        Object[][] cases = {
                {RgResult.QUORUM, "Operation requires quorum", "-9"},
                {RgResult.PERMISSION, "Permission denied", "-100"},
                {RgResult.DOMAIN, "Service not runnable: restricted failover domain offline", "-15"},
                {RgResult.FROZEN, "Service is frozen", "-11"},
                {RgResult.NODE, "Target node dead / nonexistent", "-12"}};
        for (Object[] c : cases) {
            next = (RgResult) c[0];
            String[] r = run("-r", "webserv", "-m", "node2.upl.com");
            assertEquals("Trying to relocate service:webserv to node2.upl.com..." + c[1] + "\n", r[0]);
            assertEquals(c[2], r[1]);
        }
    }

    @Test void memberNotInTheCluster() {
        String[] r = run("-r", "webserv", "-m", "other");
        assertEquals("'other' not in membership list\nNo matches for 'other' found\n", r[0]);
        assertEquals("1", r[1]);
    }

    @Test void freezeUnfreezeRestartStop() {
        assertEquals("Local machine freezing service:webserv...Success\n", run("-Z", "webserv")[0]);
        assertEquals("Local machine unfreezing service:webserv...Success\n", run("-U", "webserv")[0]);
        assertEquals("Local machine trying to restart service:webserv...Success\n", run("-R", "webserv")[0]);
        assertEquals("Local machine stopping service:webserv...Success\n", run("-s", "webserv")[0]);
        assertEquals("Member node2.upl.com trying to enable service:webserv...Success\n"
                + "service:webserv is now running on node2.upl.com\n", run("-e", "webserv", "-m", "node2.upl.com")[0]);
        assertEquals(List.of("freeze service:webserv null", "unfreeze service:webserv null", "restart service:webserv null",
                "stop service:webserv null", "enable service:webserv node2.upl.com"), requests);
    }

    @Test void locking() {
        assertEquals("Resource groups locked\n", run("-l")[0]);
        assertEquals("Resource groups unlocked\n", run("-u")[0]);
        assertEquals("Resource groups locked\n", run("-S")[0]);
    }

    @Test void quietPrintsNothing() {
        next = RgResult.FAIL;
        String[] r = run("-q", "-d", "webserv");
        assertEquals("", r[0]);
        assertEquals("-1", r[1]);
    }
}
