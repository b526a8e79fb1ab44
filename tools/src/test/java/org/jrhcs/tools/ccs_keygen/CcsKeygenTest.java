package org.jrhcs.tools.ccs_keygen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.cman.daemon.ClusterKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CcsKeygenTest {
    @TempDir Path root;
    final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return CcsKeygen.run(args, new ClusterRoot(root), new SecureRandom(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void writesARandomKeyThatCmanAccepts() throws Exception {
        assertEquals(0, run());
        Path f = root.resolve("etc/ais/authkey");
        assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        byte[] key = Files.readAllBytes(f);
        assertEquals(128, key.length);
        assertFalse(Arrays.equals(key, new byte[128]));
        assertEquals(System.getProperty("user.name"), Files.getOwner(f).getName());
        assertEquals(128, ClusterKey.load(f).material().length);
        try (var s = Files.list(f.getParent())) { assertEquals(1, s.count(), "temporary file left behind"); }
    }

    @Test
    void refusesToOverwriteWithoutF() throws Exception {
        assertEquals(0, run("-b", "32", "/etc/cluster/cman.key"));
        Path f = root.resolve("etc/cluster/cman.key");
        byte[] first = Files.readAllBytes(f);
        assertEquals(1, run("/etc/cluster/cman.key"));
        assertTrue(err.toString().contains(f + " already exists; use -f"), err.toString());
        assertTrue(Arrays.equals(first, Files.readAllBytes(f)), "key changed without -f");
        assertEquals(0, run("-f", "/etc/cluster/cman.key"));
        assertEquals(128, Files.readAllBytes(f).length);
        assertFalse(Arrays.equals(first, Files.readAllBytes(f)));
    }

    @Test
    void badUsageIsExitTwoWithAReason() {
        assertEquals(2, run("-b", "8"));
        assertTrue(err.toString().contains("-b must be 16 to 4096"), err.toString());
        assertEquals(2, run("-x"));
        assertTrue(err.toString().contains("invalid option"), err.toString());
        assertEquals(2, run("a", "b"));
        assertEquals(2, run("-b", "many"));
        assertTrue(err.toString().contains("not \"many\""));
    }
}
