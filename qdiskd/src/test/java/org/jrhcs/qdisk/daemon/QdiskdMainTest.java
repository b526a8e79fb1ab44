package org.jrhcs.qdisk.daemon;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jrhcs.client.ClusterRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** qdiskd's start-up refusals: each names the problem and exits non-zero. */
class QdiskdMainTest {
    @TempDir Path root;
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setRoot() { System.setProperty(ClusterRoot.PROPERTY, root.toString()); }

    @AfterEach
    void clearRoot() { System.clearProperty(ClusterRoot.PROPERTY); }

    private int run(Map<String, String> env, String... args) {
        return Qdiskd.run(args, env, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() { return err.toString(StandardCharsets.UTF_8); }

    private void conf(String body) throws Exception {
        Path f = root.resolve("etc/cluster/cluster.conf");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "<?xml version=\"1.0\"?>\n<cluster name=\"c\" config_version=\"1\">\n" + body
                + "\n<clusternodes><clusternode name=\"n1\" nodeid=\"1\"/><clusternode name=\"n17\" nodeid=\"17\"/>"
                + "</clusternodes>\n</cluster>\n");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(2, run(Map.of(), "-x"));
        assertTrue(err().contains("unknown option -x"), err());
    }

    @Test
    void missingClusterConfIsNamed() {
        assertEquals(1, run(Map.of("CLUSTER_NODE", "n1")));
        assertTrue(err().contains(root.resolve("etc/cluster/cluster.conf") + ": no such file"), err());
    }

    @Test
    void configWithoutQuorumdIsRefused() throws Exception {
        conf("");
        assertEquals(1, run(Map.of("CLUSTER_NODE", "n1")));
        assertTrue(err().contains("no <quorumd> element"), err());
    }

    @Test
    void unknownNodeAndNodeIdAbove16AreRefused() throws Exception {
        conf("<quorumd label=\"q\"/>");
        assertEquals(1, run(Map.of("CLUSTER_NODE", "nosuch")));
        assertTrue(err().contains("cannot tell which <clusternode> this is"), err());
        err.reset();
        assertEquals(1, run(Map.of("CLUSTER_NODE", "n17")));
        assertTrue(err().contains("node id 17 of n17 is outside 1..16"), err());
    }

    @Test
    void labelNotFoundIsReportedAndLogged() throws Exception {
        conf("<quorumd label=\"nowhere\"/>");
        assertEquals(1, run(Map.of("CLUSTER_NODE", "n1", Qdiskd.SCAN, root.resolve("none.img").toString())));
        assertTrue(err().contains("Unable to match label 'nowhere' to any device"), err());
        String log = Files.readString(root.resolve("var/log/cluster/qdiskd.log"));
        assertTrue(log.contains("qdiskd[") && log.contains("<err> Unable to match label 'nowhere' to any device"), log);
    }
}
