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
}
