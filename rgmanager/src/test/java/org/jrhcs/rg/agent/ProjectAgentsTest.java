package org.jrhcs.rg.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The project's agents, action by action, without root. */
class ProjectAgentsTest {
    final AgentRunner runner = new AgentRunner();
    final Path agents = DummyAgentTest.projectAgents();

    AgentResult run(String agent, String action, Map<String, String> env) {
        return runner.run(agents.resolve(agent), action, env, Duration.ofSeconds(20));
    }

    @Test
    void scriptFollowsLsb(@TempDir Path tmp) throws Exception {
        Path state = tmp.resolve("running");
        Path lsb = tmp.resolve("svc");
        Files.writeString(lsb, """
                #!/bin/sh
                case "$1" in
                start) touch %1$s ;;
                stop) [ -f %1$s ] || exit 1; rm %1$s ;;
                status) [ -f %1$s ] && exit 0; exit 3 ;;
                esac
                """.formatted(state));
        lsb.toFile().setExecutable(true);
        Map<String, String> env = Map.of("OCF_RESKEY_name", "svc", "OCF_RESKEY_file", lsb.toString());

        AgentResult st = run("script.sh", "status", env);
        assertEquals(1, st.exitCode(), "LSB status 3 is a failed status check");
        assertTrue(st.output().contains("<err> script:svc: status of " + lsb + " failed (returned 3)"), st.output());
        assertEquals(0, run("script.sh", "stop", env).exitCode(), "stop of something not running succeeds");
        assertEquals(0, run("script.sh", "start", env).exitCode());
        assertEquals(0, run("script.sh", "status", env).exitCode());
        assertEquals(0, run("script.sh", "stop", env).exitCode());
        assertEquals(5, run("script.sh", "start", Map.of("OCF_RESKEY_name", "x", "OCF_RESKEY_file", tmp + "/none")).exitCode());
        assertEquals(3, run("script.sh", "migrate", env).exitCode(), "unimplemented action");
    }

    @Test
    void metadataStatusDepths() throws Exception {
        AgentCatalog c = AgentCatalog.load(agents);
        assertEquals(java.util.List.of(0, 10, 20),
                c.types().get("fs").statusChecks().stream().map(org.jrhcs.rg.core.ActionSpec::depth).toList());
        assertEquals(60, c.types().get("fs").statusChecks().get(0).intervalSeconds());
        assertEquals(10, c.types().get("ip").timeout("status", 0));
        assertEquals(20, c.types().get("ip").timeout("status", 10));
        assertEquals(java.util.List.of(), c.problems());
    }

    @Test
    void ipValidatesItsAddress() {
        AgentResult bad = run("ip.sh", "status", Map.of("OCF_RESKEY_address", "300.1.2.3"));
        assertEquals(6, bad.exitCode(), bad.output());
        assertEquals(7, run("ip.sh", "status", Map.of("OCF_RESKEY_address", "198.19.255.254")).exitCode(),
                "an address configured nowhere is not running");
        assertEquals(0, run("ip.sh", "stop", Map.of("OCF_RESKEY_address", "198.19.255.254")).exitCode());
        assertEquals(7, run("ip.sh", "status", Map.of("OCF_RESKEY_address", "2001:db8::99/64")).exitCode());
    }

    @Test
    void fsStatusAndStopOfSomethingNotMounted(@TempDir Path tmp) throws Exception {
        Path img = Files.createFile(tmp.resolve("img"));
        Map<String, String> env = Map.of("OCF_RESKEY_name", "d", "OCF_RESKEY_device", img.toString(),
                "OCF_RESKEY_mountpoint", tmp.resolve("m").toString());
        assertEquals(7, run("fs.sh", "status", env).exitCode());
        assertEquals(0, run("fs.sh", "stop", env).exitCode());
        Map<String, String> missing = new HashMap<>(env);
        missing.put("OCF_RESKEY_device", tmp + "/nodev");
        assertEquals(5, run("fs.sh", "start", missing).exitCode());
    }

    static Stream<Arguments> needsSoftware() {
        return Stream.of(
                Arguments.of("nfsclient.sh", "exportfs", Map.of("OCF_RESKEY_name", "c", "OCF_RESKEY_target", "*", "OCF_RESKEY_path", "/tmp")),
                Arguments.of("nfsexport.sh", "exportfs", Map.of("OCF_RESKEY_name", "e", "OCF_RESKEY_path", "/tmp")),
                Arguments.of("netfs.sh", "mount.nfs", Map.of("OCF_RESKEY_name", "n", "OCF_RESKEY_host", "h", "OCF_RESKEY_export", "/x",
                        "OCF_RESKEY_mountpoint", "/nonexistent/netfs")),
                Arguments.of("lvm.sh", "lvchange", Map.of("OCF_RESKEY_name", "l", "OCF_RESKEY_vg_name", "vg")),
                Arguments.of("apache.sh", "apache2", Map.of("OCF_RESKEY_name", "a")),
                Arguments.of("mysql.sh", "mysqld_safe", Map.of("OCF_RESKEY_name", "m")));
    }

    /** Where this machine lacks the software, the agent says so with exit 5; never faked. */
    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("needsSoftware")
    void missingSoftwareIsExit5(String agent, String program, Map<String, String> env) throws Exception {
        boolean present = Stream.of("/usr/sbin/", "/usr/bin/", "/sbin/", "/bin/").anyMatch(d -> Files.isExecutable(Path.of(d + program)))
                || (program.equals("apache2") && Files.isExecutable(Path.of("/usr/sbin/httpd")));
        assumeFalse(present, program + " is installed here, so " + agent + " would really start; not exercised");
        AgentResult r = run(agent, "start", env);
        assertEquals(5, r.exitCode(), r.output());
        assertTrue(r.output().contains("not installed"), r.output());
    }
}
