package org.jrhcs.qdisk.daemon;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.qdisk.core.SelfFenceReason;

/**
 * How this node removes itself (evicted, score too low, I/O stalled). On a real node that is
 * an immediate reboot; in the sandbox, where several "nodes" share one machine, the node's
 * daemons die instead. Chosen by {@code QDISKD_SELF_FENCE} in the environment or in
 * {@code etc/sysconfig/qdiskd}: {@code reboot}, {@code kill} (every daemon of this node's
 * root, by pid file), or {@code exit} (qdiskd alone). Default: {@code reboot} when the
 * cluster root is {@code /}, {@code kill} otherwise.
 *
 * <p>Contract: {@link #fence} does not return normally in production; test fakes may.
 */
public interface SelfFence {
    String SETTING = "QDISKD_SELF_FENCE";

    void fence(SelfFenceReason reason);

    static SelfFence configured(ClusterRoot root, Map<String, String> env, Properties sysconfig) {
        String how = env.getOrDefault(SETTING, sysconfig.getProperty(SETTING, ""));
        if (how.isBlank()) how = root.path().getParent() == null ? "reboot" : "kill";
        return switch (how.trim()) {
            case "reboot" -> reason -> reboot();
            case "kill" -> reason -> killDaemons(root);
            case "exit" -> reason -> Runtime.getRuntime().halt(1);
            default -> throw new IllegalArgumentException(SETTING + "=" + how + " is not one of reboot, kill, exit");
        };
    }

    /** Reboots at once, without syncing or unmounting, as RHCS qdiskd does. */
    private static void reboot() {
        try {
            Files.writeString(Path.of("/proc/sysrq-trigger"), "b");
        } catch (IOException | RuntimeException e) {
            try {
                new ProcessBuilder("reboot", "-f").inheritIO().start().waitFor();
            } catch (IOException | InterruptedException ignored) {
                // nothing else can be tried; halting below at least stops the votes
            }
        }
        Runtime.getRuntime().halt(1);
    }

    /** Kills every daemon whose pid file lies in this node's run directory, then this JVM. */
    private static void killDaemons(ClusterRoot root) {
        long me = ProcessHandle.current().pid();
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(root.runDir(), "*.pid")) {
            for (Path f : pids) {
                try {
                    long pid = Long.parseLong(Files.readString(f).trim());
                    if (pid != me) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                } catch (IOException | NumberFormatException ignored) {
                    // a stale or half-written pid file: nothing to kill
                }
            }
        } catch (IOException ignored) {
            // no run directory: no other daemons
        }
        Runtime.getRuntime().halt(1);
    }
}
