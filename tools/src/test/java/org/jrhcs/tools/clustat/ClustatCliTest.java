package org.jrhcs.tools.clustat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.jrhcs.client.ipc.IpcException;
import org.junit.jupiter.api.Test;

/** clustat's options, exit statuses, refresh loop and terminal width, against a fake cluster at the socket seam. */
class ClustatCliTest {
    private boolean quorate = true, cmanDown, rgDown;
    private int columns;              // 0: not a terminal
    private int pausesLeft;
    private int snapshots;

    private final Clustat.Cluster fake = new Clustat.Cluster() {
        public boolean quorate() {
            if (cmanDown) throw new IpcException("no cman socket");
            return quorate;
        }
        public int localNodeId() {
            if (cmanDown) throw new IpcException("no cman socket");
            return 1;
        }
        public ClusterSnapshot snapshot(boolean wantServices) {
            if (cmanDown) throw new IpcException("no cman socket");
            snapshots++;
            ClusterSnapshot s = ClustatFormatTest.seed000();
            return rgDown || !wantServices ? new ClusterSnapshot(s.clusterName(), s.clusterId(), s.generation(), s.quorate(),
                    s.members(), null) : s;
        }
        public int terminalColumns() { return columns; }
        public boolean pause(long millis) { return pausesLeft-- > 0; }
    };

    private record Run(String out, int rc) {}

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = new Clustat(fake).run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()));
        // the header's date is the wall clock's
        return new Run(out.toString(StandardCharsets.UTF_8).replaceAll("@ .*\n", "@ DATE\n"), rc);
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = ClustatCliTest.class.getResourceAsStream("/clustat/" + name)) {
            if (in == null) throw new IOException("missing golden file " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test void quietQuorumCheck() {
        assertEquals(new Run("", 0), run("-Q"));
        quorate = false;
        assertEquals(new Run("", 1), run("-Q"));
        cmanDown = true;
        assertEquals(new Run("", 1), run("-Q"), "no cman: not quorate, still silent");
    }

    @Test void localNodeId() {
        assertEquals(new Run("0x00000001\n", 0), run("-I"));
    }

    @Test void memberExitStatus() {
        assertEquals(0, run("-m", "web2").rc());
        Run off = run("-m", "web1");
        assertEquals(1, off.rc(), "offline member");
        assertTrue(off.out().contains(" web1 ") && off.out().contains("Offline"), off.out());
        assertEquals(-1, run("-m", "nosuch").rc(), "unknown member");
        assertEquals(0, run("-m", "/dev/sdb1").rc(), "the quorum disk is a member line");
    }

    @Test void serviceExitStatus() {
        assertEquals(0, run("-s", "webserver").rc());
        assertEquals(119, run("-s", "backup").rc(), "disabled: its state code");
        assertEquals(-1, run("-s", "nosuch").rc());
        assertEquals(0, run("-x", "-s", "service:webserver").rc());
        assertEquals(119, run("-x", "-s", "service:backup").rc());
        assertEquals(1, run("-x", "-m", "web1").rc());
    }

    @Test void refreshRedrawsUntilInterrupted() {
        pausesLeft = 2;
        Run r = run("-i", "2");
        assertEquals(3, snapshots);
        assertEquals(3, r.out().split("\033\\[H\033\\[2J", -1).length - 1, "one clear screen per refresh");
        assertEquals(0, r.rc());
    }

    @Test void refreshAndXmlAreExclusive() {
        assertEquals(new Run("Error: Options '-i' and '-x' are mutually exclusive\n", 1), run("-i", "1", "-x"));
    }

    @Test void columnsFollowTheTerminal() throws IOException {
        columns = 120;
        assertEquals(golden("seed000-tty120.txt"), run().out());
        columns = 0;
        assertEquals(golden("seed000-80cols.txt").replaceAll("@ .*\n", "@ DATE\n"), run().out(), "not a terminal: 80 columns");
    }

    @Test void longFormForAService() {
        Run r = run("-l", "-s", "webserver");
        assertTrue(r.out().startsWith("Service Information\n------- -----------\n\nService Name      : service:webserver\n"), r.out());
        assertEquals(0, r.rc());
    }

    @Test void withoutRgmanager() {
        rgDown = true;
        Run r = run();
        assertTrue(r.out().contains("Resource Group Manager not running; no service information available."), r.out());
        assertEquals(0, r.rc());
    }

    @Test void withoutCman() {
        cmanDown = true;
        assertEquals(new Run("Could not connect to cluster service\n", 1), run());
        assertEquals(new Run("Could not connect to CMAN: no cman socket\n", 1), run("-I"));
    }

    @Test void terminalWidthParsing() {
        assertEquals(132, TerminalWidth.fromStty("43 132\n"));
        assertEquals(null, TerminalWidth.fromStty(""));
        assertEquals(40, TerminalWidth.parse("20"), "RHCS's layout needs 40 columns");
        assertEquals(null, TerminalWidth.parse("x"));
    }
}
