package org.jrhcs.ccsd.daemon;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AtomicFileTest {

    @Test
    void replacesAndKeepsTheOldOneAsBackup(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("etc/cluster/cluster.conf");
        AtomicFile.write(f, bytes("one"), true);
        assertFalse(Files.exists(AtomicFile.sibling(f, ".bak")), "no backup of nothing");
        AtomicFile.write(f, bytes("two"), true);
        assertEquals("two", Files.readString(f));
        assertEquals("one", Files.readString(AtomicFile.sibling(f, ".bak")));
        assertFalse(Files.exists(AtomicFile.sibling(f, ".tmp")));
    }

    /** A real process death (halt: no finally blocks, no shutdown hooks) at each step. */
    @ParameterizedTest
    @ValueSource(strings = {"written", "before-rename"})
    void aCrashBeforeTheRenameLeavesTheOldFileIntact(String step, @TempDir Path dir) throws Exception {
        Path f = dir.resolve("cluster.conf");
        AtomicFile.write(f, bytes("<cluster config_version=\"1\"/>\n"), true);
        String next = "<cluster config_version=\"2\"/>\n";
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingWriter.class.getName(), f.toString(), next, step)
                .inheritIO().start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(9, p.exitValue(), "the writer died at " + step);
        assertEquals("<cluster config_version=\"1\"/>\n", Files.readString(f), "old file intact");
        assertEquals(next, Files.readString(AtomicFile.sibling(f, ".tmp")), "the new copy was complete in the temp file");
        if (step.equals("before-rename"))
            assertEquals("<cluster config_version=\"1\"/>\n", Files.readString(AtomicFile.sibling(f, ".bak")), "backup exists");
        assertTrue(AtomicFile.removeStaleTemp(f));
        AtomicFile.write(f, bytes(next), true);
        assertEquals(next, Files.readString(f));
        assertEquals("<cluster config_version=\"1\"/>\n", Files.readString(AtomicFile.sibling(f, ".bak")));
    }

    @Test
    void keepsTheFileMode(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("cluster.conf");
        AtomicFile.write(f, bytes("a"), false);
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        AtomicFile.write(f, bytes("b"), false);
        assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
