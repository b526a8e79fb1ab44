package org.jrhcs.test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.fence.client.FencedClient;
import org.jrhcs.rg.client.RgClient;
import org.jrhcs.rg.client.ServiceInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real faults in a loopback sandbox (issue 11, "Real faults"): real cman, fenced and
 * rgmanager, a service (an LSB script) on n1, and a first fence method whose agent hangs.
 *
 * <ol>
 * <li><b>rgmanager killed (-9) on the owner</b>: rgmanager runs as the child of its
 *     watchdog ({@code tools/bin/rgmanager-watchdog}, started by the init script), which
 *     logs {@code Watchdog: Daemon died, rebooting...} and reboots n1 - in the sandbox, a
 *     crash of the node ({@code RGMGR_REBOOT_CMD}). n1 fails, is fenced (the hanging
 *     agent, then {@code fence_sandbox}), and only then is the service taken over: never
 *     two copies, the takeover's start later than n1's power-off. n1 then boots again and
 *     gets the service back (ordered domain).
 * <li><b>cman killed (-9) on the owner</b>: the node fails; fenced on n2 runs method 1,
 *     whose agent hangs, kills it at the agent timeout ({@code fenced -t 3}), goes on to
 *     method 2 ({@code fence_sandbox}, which kills every process of n1, the service's
 *     too), and only after {@code fence "n1" success} does rgmanager take the service over.
 *     The takeover's start is later than the moment n1 was powered off.
 * </ol>
 */
class FaultSandboxTest {
    static final int AGENT_TIMEOUT_S = 3;
    static final List<String> NODES = List.of("n1", "n2", "n3");

    static String conf(Path script, Path hangAgent) {
        StringBuilder nodes = new StringBuilder();
        for (int i = 1; i <= 3; i++)
            nodes.append("""
                        <clusternode name="n%d" nodeid="%d"><fence>
                          <method name="1"><device name="hang"/></method>
                          <method name="2"><device name="sandbox" port="n%d"/></method>
                        </fence></clusternode>
                    """.formatted(i, i, i));
        return """
                <?xml version="1.0"?>
                <cluster name="faults" config_version="1">
                  <cman expected_votes="3"/>
                  <totem token="1000"/>
                  <fence_daemon post_fail_delay="0" post_join_delay="3"/>
                  <clusternodes>
                %s  </clusternodes>
                  <fencedevices>
                    <fencedevice name="hang" agent="%s"/>
                    <fencedevice name="sandbox" agent="fence_sandbox"/>
                  </fencedevices>
                  <rm>
                    <failoverdomains>
                      <failoverdomain name="web-dom" ordered="1">
                        <failoverdomainnode name="n1" priority="1"/><failoverdomainnode name="n2" priority="2"/>
                      </failoverdomain>
                    </failoverdomains>
                    <service name="web" domain="web-dom" recovery="relocate">
                      <script name="testsvc" file="%s"/>
                    </service>
                  </rm>
                </cluster>
                """.formatted(nodes, hangAgent, script);
    }

    Sandbox sb;

    /** cman everywhere first (a node still absent when the domain forms would be startup-fenced). */
    void startDaemons(List<String> nodes) {
        // The first node alone, then the others, as cluster-drill does: cman daemons started
        // at the same instant can form memberships apart whose merge flaps and leaves two
        // nodes disallowed to each other (an open startup problem, see the issue notes).
        String first = nodes.get(0);
        sb.start(first);
        Sandbox.await(first + "'s cman up", 30_000, () -> sb.cman(first).status().nodes() >= 1);
        sb.start(nodes.subList(1, nodes.size()).toArray(String[]::new));
        Sandbox.await("one membership of every node", 30_000,
                () -> nodes.stream().allMatch(n -> sb.cman(n).status().nodes() == nodes.size()));
        for (String n : nodes) startFenceAndRgmanager(n);
    }

    void startFenceAndRgmanager(String node) {
        sb.exec(node, "sh", "-c", "setsid fenced -t " + AGENT_TIMEOUT_S
                + " >> \"$CLUSTER_ROOT/var/log/cluster/fenced.out\" 2>&1 < /dev/null &");
        // fence_tool join would start a fenced of its own (without -t) if ours did not answer yet.
        // Answering, not its socket file: after a crash the old one is still there (n1, booted
        // again, ran two fenced and its fence domain never settled).
        Sandbox.await(node + " fenced answers", 30_000, () -> new FencedClient(new ClusterRoot(sb.root(node))).isRunning());
        for (int attempt = 1; ; attempt++) { // a node that just joined cman may be refused for a moment
            Sandbox.Result r = sb.tryRun("exec", sb.root(node).getParent().toString(), node, "fence_tool", "join");
            if (r.rc() == 0) break;
            if (attempt == 10) throw new AssertionError("fence_tool join on " + node + " failed: " + r.output());
            pause();
        }
        // through the init script, as on a real node: under its watchdog
        sb.exec(node, "sh", "-c", "RGMGR_OPTS='-a " + RgmanagerSandboxTest.AGENTS + "' \"$CLUSTER_ROOT/etc/init.d/rgmanager\" start");
        Sandbox.await(node + " rgmanager answers", 30_000, () -> new RgClient(new ClusterRoot(sb.root(node))).status() != null);
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }


    /**
     * Every node's fence domain holds all three and waits for nothing, as cluster-drill
     * waits before a fault: a node that crashed seconds after the domain formed was once
     * never fenced (n2's fenced logged nothing after the membership change; see the report
     * of helper "watchdog").
     */
    void awaitFenceDomainSettled() {
        java.util.regex.Pattern members = java.util.regex.Pattern.compile("(?m)^member count\\s+3\\s*$");
        java.util.regex.Pattern none = java.util.regex.Pattern.compile("(?m)^wait state\\s+none\\s*$");
        Sandbox.await("every fence domain settled with 3 members", 60_000, () -> NODES.stream().allMatch(n -> {
            String ls = sb.exec(n, "fence_tool", "ls");
            return members.matcher(ls).find() && none.matcher(ls).find();
        }));
    }

    ServiceInfo web(String node) {
        return new RgClient(new ClusterRoot(sb.root(node))).status().services().stream()
                .filter(s -> s.name().equals("service:web")).findFirst().orElseThrow();
    }

    boolean webOn(String asSeenBy, String owner) {
        ServiceInfo s = web(asSeenBy);
        return s.state().equals("started") && owner.equals(s.owner());
    }

    long pidOf(String node, String daemon) throws IOException {
        return Long.parseLong(Files.readString(sb.root(node).resolve("var/run/cluster/" + daemon + ".pid")).trim());
    }

    boolean serviceRunsOn(String node) {
        try {
            Path p = sb.root(node).resolve("var/run/testsvc.pid");
            return Files.exists(p) && QdiskSandboxTest.SeedCluster.alive(Long.parseLong(Files.readString(p).trim()));
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    @Test
    void killedDaemonsAndAHangingFenceAgentNeverLetTheServiceRunTwice(@TempDir Path tmp) throws Exception {
        Path script = tmp.resolve("testsvc");
        Files.writeString(script, RgmanagerSandboxTest.SCRIPT);
        script.toFile().setExecutable(true);
        Path hang = tmp.resolve("fence_hang");
        Files.writeString(hang, "#!/bin/sh\n# a fence agent whose device never answers\ncat > /dev/null\nexec sleep 1000\n");
        hang.toFile().setExecutable(true);
        sb = Sandbox.create(tmp.resolve("sb"), conf(script, hang));
        try (Sandbox s = sb) {
            s.diagnosing(NODES, () -> faults(hang));
        } finally {
            for (String n : NODES) {
                try {
                    Path p = sb.root(n).resolve("var/run/testsvc.pid");
                    if (Files.exists(p)) ProcessHandle.of(Long.parseLong(Files.readString(p).trim())).ifPresent(ProcessHandle::destroy);
                } catch (IOException | RuntimeException ignored) {
                    // nothing left to stop
                }
            }
        }
    }

    void faults(Path hang) throws Exception {
        startDaemons(NODES);
        Sandbox.await("web started on n1, as every member sees it", 60_000, () -> webOn("n1", "n1") && webOn("n2", "n1") && webOn("n3", "n1"));
        awaitFenceDomainSettled();

        // 1. rgmanager's worker dies on the owner: its watchdog reboots (crashes) n1, which
        //    is fenced; only then is web taken over.
        long watchdog = pidOf("n1", "rgmanager-watchdog");
        new ProcessBuilder("kill", "-KILL", String.valueOf(pidOf("n1", "rgmanager"))).start().waitFor();
        long t1 = System.nanoTime();
        long rebootTakeover = Sandbox.await("web taken over by n2 after n1's watchdog rebooted it", 60_000, () -> {
            assertFalse(serviceRunsOn("n2") && serviceRunsOn("n1"), "web runs on n1 and n2 at once");
            return webOn("n3", "n2") && webOn("n2", "n2");
        });
        assertTrue(sb.logs("n1").contains("clurgmgrd[" + watchdog + "]: <crit> Watchdog: Daemon died, rebooting..."),
                "n1's watchdog logs the reboot:\n" + sb.logs("n1"));
        String left = sb.tryRun("pids", sb.root("n1").getParent().toString(), "n1").output();
        assertFalse(left.contains("cman ") || left.contains("rgmanager-watchdog "), "the reboot took n1's daemons down: " + left);
        assertTakeoverAfterFence(sb.logs("n2"), hang);
        assertFalse(serviceRunsOn("n1") || serviceRunsOn("n3"), "web runs on n2 only");
        System.out.println("FaultSandboxTest: rgmanager killed -> watchdog reboot -> takeover after "
                + (System.nanoTime() - t1) / 1_000_000 + " ms (3 s watchdog grace, agent timeout " + AGENT_TIMEOUT_S
                + " s, then fence_sandbox; await " + rebootTakeover + " ms)");

        // n1 boots again and gets web back (ordered domain)
        sb.run("power", sb.root("n1").getParent().toString(), "n1", "on");
        sb.start("n1");
        Sandbox.await("n1 back in every membership", 30_000, () -> NODES.stream().allMatch(n -> sb.cman(n).status().nodes() == 3));
        startFenceAndRgmanager("n1");
        Sandbox.await("web back on n1", 60_000, () -> webOn("n1", "n1") && webOn("n3", "n1"));
        awaitFenceDomainSettled();

        // 2. cman dies on the owner: fenced on n2 runs the hanging agent, kills it at the
        //    timeout, falls through to fence_sandbox; only then is web taken over.
        int mark = sb.logs("n2").length();
        new ProcessBuilder("kill", "-KILL", String.valueOf(pidOf("n1", "cman"))).start().waitFor();
        long t0 = System.nanoTime();
        long takeover = Sandbox.await("web taken over by n2", 60_000, () -> webOn("n3", "n2"));
        assertTakeoverAfterFence(sb.logs("n2").substring(mark), hang);
        assertFalse(serviceRunsOn("n1"), "fence_sandbox killed n1's copy");
        System.out.println("FaultSandboxTest: cman killed -> takeover after " + (System.nanoTime() - t0) / 1_000_000
                + " ms (agent timeout " + AGENT_TIMEOUT_S + " s, then fence_sandbox; await " + takeover + " ms)");
    }

    /**
     * n2's log {@code m2} shows n1's fencing (the hanging agent timed out, then success) before
     * the takeover, and n2's start of web came after n1's power-off.
     */
    void assertTakeoverAfterFence(String m2, Path hang) throws IOException {
        int timedOut = m2.indexOf("fence \"n1\" dev 0.0 agent " + hang + " result: agent timed out");
        int success = m2.indexOf("fence \"n1\" success");
        int take = m2.indexOf("Taking over service service:web from down member n1");
        assertTrue(timedOut >= 0 && success > timedOut && take > success,
                "expected: agent timed out, then fence success, then the takeover:\n" + m2);
        long poweredOff = Files.getLastModifiedTime(sb.root("n1").resolve("var/lib/cluster/sandbox-power")).toMillis();
        long startedOnN2 = journalStart("n2");
        assertTrue(startedOnN2 >= poweredOff, "n2 started web (" + startedOnN2 + ") before n1 was powered off (" + poweredOff + ")");
    }

    /** Epoch ms of the node's last "start" line in the service's journal. */
    long journalStart(String node) throws IOException {
        long t = -1;
        for (String line : Files.readAllLines(sb.root(node).resolve("var/log/testsvc.journal")))
            if (line.startsWith("start ")) t = Long.parseLong(line.split(" ")[1]) / 1_000_000;
        return t;
    }
}
