package org.jrhcs.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tools/bin/jrhcs-install ROOT} into a temporary root: the layout the README's
 * "Install on real nodes" promises, kept sysconfig files, and installed tools that run
 * from the installed jars (not the source tree's).
 */
class InstallTest {
    record Run(int rc, String output) {}

    static Run run(Path root, List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("CLUSTER_ROOT", root.toString());
        pb.environment().remove("JRHCS_LIB");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd) + " timed out");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void installsTheLayoutAndTheToolsRunFromIt(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("root");
        Path install = Sandbox.TOOLS_BIN.resolve("jrhcs-install");
        Files.createDirectories(root.resolve("etc/sysconfig"));
        Files.writeString(root.resolve("etc/sysconfig/cman"), "NODENAME=kept\n");

        Run r = run(root, List.of(install.toString(), root.toString()));
        assertEquals(0, r.rc(), r.output());

        List<String> missing = new ArrayList<>();
        for (String f : List.of("usr/sbin/cman_tool", "usr/sbin/ccs_config_validate", "usr/sbin/cman", "usr/sbin/ccsd",
                "usr/sbin/fenced", "usr/sbin/fence_tool", "usr/sbin/qdiskd", "usr/sbin/mkqdisk", "usr/sbin/rgmanager",
                "usr/sbin/clustat", "usr/sbin/clusvcadm", "usr/sbin/jrhcs-launch",
                "usr/share/java/jrhcs/cman.jar", "usr/share/java/jrhcs/rgmanager.jar", "usr/share/java/jrhcs/jgroups.jar",
                "usr/share/cluster/script.sh", "usr/share/cluster/ip.sh",
                "etc/init.d/cman", "etc/init.d/rgmanager", "etc/init.d/qdiskd", "etc/init.d/jrhcs-functions",
                "etc/sysconfig/cman", "etc/sysconfig/rgmanager", "etc/sysconfig/qdiskd",
                "usr/lib/systemd/system/cman.service", "usr/lib/systemd/system/rgmanager.service",
                "usr/lib/systemd/system/qdiskd.service")) {
            if (!Files.exists(root.resolve(f))) missing.add(f);
        }
        for (String d : List.of("etc/cluster", "var/log/cluster", "var/run/cluster", "var/lib/cluster"))
            if (!Files.isDirectory(root.resolve(d))) missing.add(d + "/");
        assertTrue(missing.isEmpty(), "not installed: " + missing);
        for (String s : List.of("cman", "rgmanager", "qdiskd"))
            assertTrue(Files.isExecutable(root.resolve("etc/init.d/" + s)), s + " init script is executable");
        assertTrue(Files.isRegularFile(root.resolve("usr/share/java/jrhcs/cman.jar")) && !Files.isSymbolicLink(root.resolve("usr/share/java/jrhcs/cman.jar")),
                "jars are copied without --link");
        String initScript = Files.readString(root.resolve("etc/init.d/cman"));
        assertTrue(initScript.contains("# chkconfig: - 21 79") && initScript.contains("### BEGIN INIT INFO"), "chkconfig and LSB headers");
        assertEquals("NODENAME=kept\n", Files.readString(root.resolve("etc/sysconfig/cman")), "an existing sysconfig file is kept");

        // installed tools run, from the installed jars
        Run validate = run(root, List.of(root.resolve("usr/sbin/ccs_config_validate").toString(), "-h"));
        assertEquals(0, validate.rc(), validate.output());
        assertTrue(validate.output().contains("ccs_config_validate"), validate.output());
        Run version = run(root, List.of(root.resolve("usr/sbin/cman_tool").toString(), "version"));
        assertEquals(1, version.rc(), "cman_tool version without cman exits 1: " + version.output());
        assertTrue(version.output().contains("Cannot open connection to cman, is it running ?"), version.output());
        String launcher = Files.readString(root.resolve("usr/sbin/jrhcs-launch"));
        assertTrue(launcher.contains(root.resolve("usr/share/java/jrhcs").toString()), "installed launcher uses the installed jars");

        // the init script finds nothing to run: stopped (3), and not configured (6) to start
        assertEquals(3, run(root, List.of(root.resolve("etc/init.d/cman").toString(), "status")).rc());
        assertEquals(6, run(root, List.of(root.resolve("etc/init.d/cman").toString(), "start")).rc());

        // a second install over the first works (upgrades), and bad usage is refused
        assertEquals(0, run(root, List.of(install.toString(), "--root", root.toString())).rc());
        Run bad = run(root, List.of(install.toString(), "--bogus"));
        assertEquals(2, bad.rc(), bad.output());
        assertTrue(bad.output().contains("unknown option --bogus"), bad.output());
    }
}
