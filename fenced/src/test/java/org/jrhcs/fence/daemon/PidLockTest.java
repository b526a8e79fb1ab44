package org.jrhcs.fence.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only one fenced per root: a second process does not get the pid file's lock while the first
 * lives, and gets it once the first is killed (the kernel drops an fcntl lock with its
 * process; a pid file left behind does not matter). The holder is another JVM: fcntl locks
 * are per process.
 */
class PidLockTest {

    /** Holds the lock of {@code args[0]}, says "held", exits when its standard input closes. */
    public static void main(String[] args) throws Exception {
        PidLock lock = PidLock.acquire(Path.of(args[0]));
        System.out.println(lock == null ? "busy" : "held");
        System.out.flush();
        while (System.in.read() >= 0) { /* until the test closes our input or kills us */ }
    }

    @Test
    void aSecondFencedFindsTheLockHeldUntilTheFirstDies(@TempDir Path tmp) throws Exception {
        Path pid = tmp.resolve("run/fenced.pid");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), PidLockTest.class.getName(), pid.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("held", out.readLine());
            assertEquals(holder.pid() + "\n", Files.readString(pid));
            assertNull(PidLock.acquire(pid), "the lock of a live fenced");
            assertEquals(holder.pid() + "\n", Files.readString(pid), "a refused fenced leaves the pid file alone");
        } finally {
            holder.destroyForcibly();
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        // killed: the file (with its pid) is left, the lock is not
        try (PidLock mine = PidLock.acquire(pid)) {
            assertNotNull(mine, "the lock after the holder was killed");
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(pid));
        }
        assertFalse(Files.exists(pid), "the pid file goes at exit");
    }
}
