package org.jrhcs.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tools/bin/rgmanager-watchdog}, rgmanager's watchdog parent: its decision as a table
 * ({@code --verdict}), then the script itself with a stand-in worker ({@code RGMGR_WORKER},
 * a shell script) and a reboot command that leaves a mark ({@code RGMGR_REBOOT_CMD}).
 */
class RgmanagerWatchdogTest {
    static final Path WATCHDOG = Sandbox.TOOLS_BIN.resolve("rgmanager-watchdog");
    static final String DIED = "<crit> Watchdog: Daemon died, rebooting...";

    /** A worker that does what its first argument says, after writing its pid. */
    static final String WORKER = """
            #!/bin/sh
            echo $$ > "$CLUSTER_ROOT/worker.pid"
            case "$1" in
                exit3) exit 3 ;;
                segv) kill -SEGV $$ ;;
                # the JVM's way with SIGTERM: shutdown hooks, then exit 128 + 15
                wait) trap 'echo term >> "$CLUSTER_ROOT/worker.signals"; exit 143' TERM
                      while :; do sleep 0.05; done ;;
            esac
            """;

    @TempDir Path root;
    Path marker;

    @BeforeEach
    void worker() throws IOException {
        Path w = root.resolve("worker");
        Files.writeString(w, WORKER);
        assertTrue(w.toFile().setExecutable(true));
        marker = root.resolve("rebooted");
    }

    @Test
    void verdictOfEveryKindOfEnd() throws Exception {
        Map<String, String> want = new LinkedHashMap<>();
        for (String s : List.of("0", "1", "2", "3", "127", "128", "193", "255")) want.put(s, "exit"); // exited by itself
        for (String s : List.of("129", "130", "143")) want.put(s, "exit"); // HUP, INT, TERM: the JVM's shutdown (hand-over) ran
        want.put("137", "killed"); // SIGKILL: wait for a killall to reach the watchdog, then reboot
        for (String s : List.of("131", "134", "135", "139", "136", "138", "192")) want.put(s, "died"); // QUIT, ABRT, BUS, SEGV, FPE, USR1, 64
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> e : want.entrySet()) {
            Run r = run(List.of(WATCHDOG.toString(), "--verdict", e.getKey()), Map.of(), 10);
            if (r.rc != 0 || !r.out.strip().equals(e.getValue())) wrong.add(e.getKey() + " -> " + r.rc + " " + r.out.strip() + ", expected " + e.getValue());
        }
        for (String bad : List.of("256", "x", "", "-1", "0137")) {
            Run r = run(List.of(WATCHDOG.toString(), "--verdict", bad), Map.of(), 10);
            if (r.rc != 2 || !r.out.contains("not '" + bad + "'")) wrong.add("'" + bad + "' -> " + r.rc + " " + r.out.strip() + ", expected exit 2 naming it");
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void anExitIsPassedOnAndNothingReboots() throws Exception {
        Run r = run(List.of(WATCHDOG.toString(), "exit3"), env(), 30);
        assertEquals(3, r.rc, r.out);
        assertFalse(Files.exists(marker), "no reboot");
        assertFalse(Files.exists(root.resolve("var/run/cluster/rgmanager-watchdog.pid")), "the watchdog's pid file is gone");
        assertFalse(log().contains("Watchdog"), log());
    }

    @Test
    void sigtermToTheWatchdogStopsTheWorkerCleanly() throws Exception {
        Process p = start(List.of(WATCHDOG.toString(), "wait"), env());
        Path pidFile = root.resolve("var/run/cluster/rgmanager-watchdog.pid");
        Sandbox.await("worker started", 10_000, () -> Files.exists(root.resolve("worker.pid")) && Files.exists(pidFile));
        assertEquals(String.valueOf(p.pid()), Files.readString(pidFile).strip(), "the watchdog's pid file");
        new ProcessBuilder("kill", "-TERM", String.valueOf(p.pid())).start().waitFor();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the watchdog exits with its worker");
        assertEquals(143, p.exitValue());
        assertEquals("term", Files.readString(root.resolve("worker.signals")).strip(), "SIGTERM passed on to the worker");
        assertFalse(Files.exists(marker), "a clean stop does not reboot");
    }

    @Test
    void aWorkerDeadOfASignalRebootsTheNode() throws Exception {
        Process p = start(List.of(WATCHDOG.toString(), "segv"), env());
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(255, p.exitValue(), "the reboot command returned: the watchdog gives up");
        assertTrue(Files.exists(marker), "the reboot command ran");
        String line = "n7 clurgmgrd[" + p.pid() + "]: " + DIED;
        assertTrue(log().lines().anyMatch(l -> l.matches("[A-Z][a-z]{2} [ 123]\\d \\d\\d:\\d\\d:\\d\\d " + java.util.regex.Pattern.quote(line))), log());
        assertTrue(Files.readString(root.resolve("var/log/cluster/clurgmgrd.log")).contains(line), "also in clurgmgrd.log");
    }

    @Test
    void sigkillOfTheWorkerAloneReboots() throws Exception {
        Process p = start(List.of(WATCHDOG.toString(), "wait"), env());
        long worker = awaitWorker();
        long t0 = System.nanoTime();
        new ProcessBuilder("kill", "-KILL", String.valueOf(worker)).start().waitFor();
        Sandbox.await("the reboot", 15_000, () -> Files.exists(marker));
        System.out.println("RgmanagerWatchdogTest: worker SIGKILL -> reboot command " + (System.nanoTime() - t0) / 1_000_000 + " ms (grace 3 s)");
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertTrue(log().contains(DIED), log());
    }

    @Test
    void sigkillOfBothProcessesRebootsNothing() throws Exception {
        Process p = start(List.of(WATCHDOG.toString(), "wait"), env());
        long worker = awaitWorker();
        // an administrator's kill of every rgmanager process reaches the worker first
        new ProcessBuilder("kill", "-KILL", String.valueOf(worker)).start().waitFor();
        new ProcessBuilder("kill", "-KILL", String.valueOf(p.pid())).start().waitFor();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertFalse(Files.exists(marker), "killed within its grace, the watchdog rebooted nothing");
        assertFalse(log().contains("Watchdog"), log());
    }

    @Test
    void aSandboxRootIsNeverRebootedWithoutACommand() throws Exception {
        Map<String, String> env = env();
        env.remove("RGMGR_REBOOT_CMD");
        Run r = run(List.of(WATCHDOG.toString(), "segv"), env, 30);
        assertEquals(255, r.rc, r.out);
        assertTrue(log().contains("<crit> Watchdog: Daemon died, but not rebooting because CLUSTER_ROOT is " + root
                + " and RGMGR_REBOOT_CMD is not set"), log());
    }

    @Test
    void dashWRunsTheWorkerWithoutAWatchdog() throws Exception {
        Process p = start(List.of(WATCHDOG.toString(), "-w", "wait"), env());
        long worker = awaitWorker();
        assertEquals(p.pid(), worker, "-w: the worker replaces the watchdog (exec)");
        assertFalse(Files.exists(root.resolve("var/run/cluster/rgmanager-watchdog.pid")));
        p.destroy();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    }

    long awaitWorker() throws IOException {
        Path f = root.resolve("worker.pid");
        Sandbox.await("worker started", 10_000, () -> {
            try {
                return Files.exists(f) && !Files.readString(f).isBlank();
            } catch (IOException e) {
                return false;
            }
        });
        return Long.parseLong(Files.readString(f).strip());
    }

    String log() throws IOException {
        Path m = root.resolve("var/log/messages");
        return Files.exists(m) ? Files.readString(m) : "";
    }

    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CLUSTER_ROOT", root.toString());
        env.put("CLUSTER_NODE", "n7");
        env.put("RGMGR_WORKER", root.resolve("worker").toString());
        env.put("RGMGR_REBOOT_CMD", "touch '" + marker + "'");
        return env;
    }

    Process start(List<String> cmd, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(root.resolve("watchdog.out").toFile());
        pb.environment().remove("RGMGR_REBOOT_CMD");
        pb.environment().putAll(env);
        return pb.start();
    }

    record Run(int rc, String out) {}

    Run run(List<String> cmd, Map<String, String> env, int seconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("RGMGR_REBOOT_CMD");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "finished: " + cmd);
        return new Run(p.exitValue(), out);
    }
}
