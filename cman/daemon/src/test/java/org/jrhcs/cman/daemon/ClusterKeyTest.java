package org.jrhcs.cman.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.ccs.model.Cluster;
import org.jrhcs.client.ClusterRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterKeyTest {
    @TempDir Path dir;

    private static Cluster conf(String inner) throws Exception {
        String xml = "<?xml version=\"1.0\"?><cluster name=\"c\" config_version=\"1\">" + inner
                + "<clusternodes><clusternode name=\"a\" nodeid=\"1\"/></clusternodes></cluster>";
        Path f = Files.createTempFile("cluster", ".conf");
        try {
            Files.writeString(f, xml);
            return ConfDocument.load(f).cluster();
        } finally {
            Files.delete(f);
        }
    }

    @Test
    void whichKeyFileTheConfigurationNames() throws Exception {
        assertNull(ClusterKey.configuredPath(conf("")));
        assertEquals("/etc/cluster/k", ClusterKey.configuredPath(conf("<cman keyfile=\"/etc/cluster/k\"/>")));
        assertEquals("/etc/cluster/k", ClusterKey.configuredPath(conf("<cman keyfile=\"/etc/cluster/k\"/><totem secauth=\"off\"/>")));
        assertEquals(ClusterKey.AIS_AUTHKEY, ClusterKey.configuredPath(conf("<totem secauth=\"on\"/>")));
        assertEquals("/k2", ClusterKey.configuredPath(conf("<totem secauth=\"on\" keyfile=\"/k2\"/>")));
        assertEquals("/k2", ClusterKey.configuredPath(conf("<totem keyfile=\"/k2\"/>")));
        assertNull(ClusterKey.configuredPath(conf("<totem secauth=\"off\" keyfile=\"/k2\"/>")));
        assertNull(ClusterKey.configuredPath(conf("<totem token=\"5000\"/>")));
    }

    @Test
    void keyFileIsReadUnderTheClusterRoot() throws Exception {
        Path f = dir.resolve("etc/ais/authkey");
        Files.createDirectories(f.getParent());
        Files.write(f, new byte[128]);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--------"));
        ClusterKey k = ClusterKey.fromConfig(conf("<totem secauth=\"on\"/>"), new ClusterRoot(dir));
        assertEquals(f, k.file());
        assertEquals(128, k.material().length);
    }

    @Test
    void unsafeOrMissingKeyFilesAreStartupErrorsNamingTheFile() throws Exception {
        Path f = dir.resolve("key");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterKey.load(f)).getMessage()
                .contains(f + " does not exist"));
        Files.write(f, new byte[64]);
        for (String mode : new String[] {"rw-r-----", "rw----r--", "r-----r--", "rw--w----"}) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
            String m = assertThrows(IllegalArgumentException.class, () -> ClusterKey.load(f)).getMessage();
            assertTrue(m.contains(f.toString()) && m.contains("group or others") && m.contains("chmod 0400"), m);
        }
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        assertEquals(64, ClusterKey.load(f).material().length);
        Files.write(f, new byte[5]);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterKey.load(f)).getMessage().contains("has 5 bytes"));
        Path d = dir.resolve("adir");
        Files.createDirectory(d);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterKey.load(d)).getMessage().contains("not a regular file"));
    }

    @Test
    void ownerMustBeRootOrTheDaemonsUser() {
        var safe = PosixFilePermissions.fromString("r--------");
        assertNull(ClusterKey.permissionProblem(safe, "root", "cman"));
        assertNull(ClusterKey.permissionProblem(safe, "cman", "cman"));
        assertTrue(ClusterKey.permissionProblem(safe, "mallory", "root").contains("belongs to mallory"));
    }
}
