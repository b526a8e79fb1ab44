package org.jrhcs.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.rg.client.RgClient;
import org.jrhcs.rg.client.ServiceInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real cman, fenced and rgmanager processes in a loopback sandbox, services made of an
 * LSB script (seed 000's drills in seed 002's shape): autostart on the preferred node;
 * its crash → takeover only after {@code fence "n1" success}; failback when it returns,
 * while a {@code nofailback} service stays where it was taken over; a clean rgmanager stop
 * → the service moves before the node leaves; a failing status → {@code Service
 * service:web is recovering} and a restart, then relocation once {@code max_restarts} is
 * used up; clusvcadm -r -m, -Z/-U (a frozen service's failing check is ignored), -d, -e.
 * Every start and stop of a script is journaled with a nanosecond time; at the end the
 * test replays every node's journal and fails if two nodes ever ran a service at once.
 * As root, {@link #ipAddressFollowsTheOwner} adds a namespace sandbox whose service has an
 * {@code ip} resource on the public network.
 *
 * <p>The scripts' status checks run every 2 s instead of the script agent's 30 s, through
 * RHCS's per-resource {@code <action name="status" depth="*" interval="2"/>} override, to
 * keep the run short.
 */
class RgmanagerSandboxTest {
    static final Path AGENTS = Sandbox.TOOLS_BIN.resolve("../../rgmanager/agents").normalize();

    static final String SCRIPT = """
            #!/bin/sh
            svc=$(basename "$0")
            pidf=$CLUSTER_ROOT/var/run/$svc.pid
            j=$CLUSTER_ROOT/var/log/$svc.journal
            running() { [ -f "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null; }
            case "$1" in
            start) running && exit 0; sleep 100000 >/dev/null 2>&1 & echo $! > "$pidf"; echo "start $(date +%s%N) $CLUSTER_NODE" >> "$j"; exit 0 ;;
            stop) running && kill "$(cat "$pidf")"; rm -f "$pidf"; echo "stop $(date +%s%N) $CLUSTER_NODE" >> "$j"; exit 0 ;;
            status) [ -f "$CLUSTER_ROOT/var/run/$svc.fail" ] && exit 3; running && exit 0; exit 3 ;;
            *) exit 3 ;;
            esac
            """;

    /**
     * The fence agent: Debian's fence_dummy after a second (a takeover that did not wait for
     * the fence would start inside that second), then the time it succeeded, in the fencer's
     * {@code var/log/fence.done}.
     */
    static final String FENCE_AGENT = """
            #!/bin/sh
            args=$(cat)
            sleep 1
            printf '%s\\n' "$args" | /usr/sbin/fence_dummy || exit 1
            echo "$(date +%s%N)" >> "$CLUSTER_ROOT/var/log/fence.done"
            """;

    static String conf(Path script) {
        return """
                <?xml version="1.0"?>
                <cluster name="rgsbx" config_version="1">
                  <cman expected_votes="3"/>
                  <totem token="1000"/>
                  <fence_daemon post_fail_delay="0" post_join_delay="3"/>
                  <clusternodes>
                    <clusternode name="n1" nodeid="1"><fence><method name="1"><device name="dummy"/></method></fence></clusternode>
                    <clusternode name="n2" nodeid="2"><fence><method name="1"><device name="dummy"/></method></fence></clusternode>
                    <clusternode name="n3" nodeid="3"><fence><method name="1"><device name="dummy"/></method></fence></clusternode>
                  </clusternodes>
                  <fencedevices><fencedevice name="dummy" agent="%s"/></fencedevices>
                  <rm>
                    <failoverdomains>
                      <failoverdomain name="web-dom" ordered="1">
                        <failoverdomainnode name="n1" priority="1"/><failoverdomainnode name="n2" priority="2"/>
                      </failoverdomain>
                      <failoverdomain name="db-dom" ordered="1" nofailback="1">
                        <failoverdomainnode name="n1" priority="1"/><failoverdomainnode name="n3" priority="2"/>
                      </failoverdomain>
                    </failoverdomains>
                    <service name="web" domain="web-dom" recovery="restart" max_restarts="1" restart_expire_time="300">
                      <script name="testsvc" file="%s"><action name="status" depth="*" interval="2"/></script>
                    </service>
                    <service name="db" domain="db-dom">
                      <script name="dbsvc" file="%s"><action name="status" depth="*" interval="2"/></script>
                    </service>
                  </rm>
                </cluster>
                """.formatted(script.resolveSibling("fence_slow"), script, script.resolveSibling("dbsvc"));
    }

    Sandbox sb;
    Path script;
    final List<String> services = new ArrayList<>(List.of("testsvc", "dbsvc"));
    final Map<String, Long> crashedAt = new HashMap<>();

    void startDaemons(String node) {
        sb.start(node);
        // fence_tool join starts fenced (as conf/init.d/cman does) and joins the domain
        // (a node that just rejoined cman may be refused for a moment: try again)
        for (int attempt = 1; ; attempt++) {
            Sandbox.Result r = sb.tryRun("exec", sb.root(node).getParent().toString(), node, "fence_tool", "join");
            if (r.rc() == 0) break;
            if (attempt == 5) throw new AssertionError("fence_tool join on " + node + " failed: " + r.output());
            sleep(500);
        }
        sb.exec(node, "sh", "-c", "setsid rgmanager -a " + AGENTS + " > \"$CLUSTER_ROOT/rgmanager.out\" 2>&1 < /dev/null &");
        // answering, not its socket file: a crashed rgmanager's is still there
        Sandbox.await(node + " rgmanager answers", 20_000, () -> new RgClient(new ClusterRoot(sb.root(node))).status() != null);
    }

    /** {@code cond} stays true for {@code ms} (a "nothing happens" check), polled every 50 ms. */
    static void holds(String what, long ms, java.util.function.BooleanSupplier cond) {
        long end = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < end) {
            boolean ok;
            try {
                ok = cond.getAsBoolean();
            } catch (RuntimeException e) {
                ok = false;
            }
            if (!ok) throw new AssertionError("no longer true: " + what);
            sleep(50);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    ServiceInfo service(String node, String name) {
        return new RgClient(new ClusterRoot(sb.root(node))).status().services().stream()
                .filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    ServiceInfo web(String node) { return service(node, "service:web"); }

    boolean on(String asSeenBy, String name, String owner) {
        ServiceInfo s = service(asSeenBy, name);
        return s.state().equals("started") && owner.equals(s.owner());
    }

    boolean webOn(String asSeenBy, String owner) { return on(asSeenBy, "service:web", owner); }

    /** The LSB scripts {@code names}, and {@link #FENCE_AGENT} as {@code fence_slow}, in {@code tmp}. */
    static void writeScripts(Path tmp, String... names) throws IOException {
        for (String n : names) {
            Path p = tmp.resolve(n);
            Files.writeString(p, SCRIPT);
            p.toFile().setExecutable(true);
        }
        Path agent = tmp.resolve("fence_slow");
        Files.writeString(agent, FENCE_AGENT);
        agent.toFile().setExecutable(true);
    }

    String clusvcadm(String node, String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "clusvcadm";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return sb.exec(node, cmd);
    }

    @Test
    void sandboxDrills(@TempDir Path tmp) throws Exception {
        writeScripts(tmp, "testsvc", "dbsvc");
        script = tmp.resolve("testsvc");
        sb = Sandbox.create(tmp.resolve("sb"), conf(script));
        try (Sandbox s = sb) {
            s.diagnosing(List.of("n1", "n2", "n3"), this::drills);
        }
    }

    private void drills() throws Exception {
        try {
            for (String n : List.of("n1", "n2", "n3")) startDaemons(n);
            Sandbox.await("web and db started on n1", 30_000, () -> webOn("n3", "n1") && on("n3", "service:db", "n1"));

            // Drill 4: n1 crashes; n2 takes over only after fenced says n1 is fenced.
            crashedAt.put("n1", System.currentTimeMillis() * 1_000_000L);
            sb.crash("n1");
            long takeover = Sandbox.await("web taken over by n2, db by n3", 30_000,
                    () -> webOn("n3", "n2") && on("n3", "service:db", "n3"));
            String m2 = sb.logs("n2");
            int fence = m2.indexOf("fence \"n1\" success"), take = m2.indexOf("Taking over service service:web from down member n1");
            assertTrue(fence >= 0 && take > fence, "takeover must follow the fence:\n" + m2);
            // fenced's events wake rgmanager (no poll): still, n2's start comes after the agent
            // succeeded (nanosecond stamps; the agent takes a second, events came meanwhile)
            List<String> fenceDone = Files.readAllLines(sb.root("n2").resolve("var/log/fence.done"));
            long fencedAt = Long.parseLong(fenceDone.get(fenceDone.size() - 1).trim());
            long startedAt = Files.readAllLines(sb.root("n2").resolve("var/log/testsvc.journal")).stream()
                    .filter(l -> l.startsWith("start ")).mapToLong(l -> Long.parseLong(l.split(" ")[1])).max().orElseThrow();
            assertTrue(startedAt > fencedAt, "web started on n2 at " + startedAt + ", before the fence agent succeeded at " + fencedAt);
            for (String n : List.of("n2", "n3"))
                assertTrue(!sb.logs(n).contains("No fence events from fenced"), n + "'s rgmanager fell back to polling:\n" + sb.logs(n));
            System.out.println("RgmanagerSandboxTest: crash to takeover " + takeover + " ms (token 1000 ms)");

            // n1 returns: web fails back (ordered domain); db stays on n3 (nofailback).
            startDaemons("n1");
            Sandbox.await("web back on n1", 30_000, () -> webOn("n2", "n1"));
            assertTrue(sb.logs("n2").contains("Relocating service:web to better node n1"), sb.logs("n2"));
            Sandbox.await("n1 probed (failback decided)", 10_000, () -> webOn("n1", "n1"));
            holds("db stays on n3 (nofailback)", 3_000, () -> on("n1", "service:db", "n3"));
            assertTrue(!sb.logs("n3").contains("Relocating service:db"), sb.logs("n3"));

            // Drill 3: clean stop of n1's rgmanager: the service moves before it leaves.
            String pid = Files.readString(sb.root("n1").resolve("var/run/cluster/rgmanager.pid")).trim();
            long t0 = System.nanoTime();
            new ProcessBuilder("kill", "-TERM", pid).start().waitFor();
            Sandbox.await("rgmanager on n1 exited", 30_000, () -> !ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false));
            assertTrue(webOn("n3", "n2"), "web already runs on n2 when n1's rgmanager is gone");
            System.out.println("RgmanagerSandboxTest: clean stop with hand-over " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            String m3 = sb.logs("n3");
            assertTrue(m3.contains("clurgmgrd[") && m3.contains("Member 1 shutting down"), m3);

            // A failing status check: stop, "is recovering", restart in place; still failing
            // with max_restarts="1" used up: relocation (n1 has no rgmanager, so to n3).
            Path fail = sb.root("n2").resolve("var/run/testsvc.fail");
            Files.writeString(fail, "");
            long rec = Sandbox.await("recovery logged", 30_000, () -> sb.logs("n2").contains("Service service:web is recovering"));
            System.out.println("RgmanagerSandboxTest: status failure noticed within " + rec + " ms (status interval 2 s)");
            Sandbox.await("web restarted in place once", 30_000, () -> web("n3").restarts() >= 1 || webOn("n3", "n3"));
            long moved = Sandbox.await("web relocated to n3 after max_restarts", 30_000, () -> webOn("n2", "n3"));
            System.out.println("RgmanagerSandboxTest: restart, second failure, relocation within " + (rec + moved) + " ms");
            Files.delete(fail);
            assertTrue(sb.logs("n2").contains("status on script \"testsvc\" returned 1 (generic error)"), sb.logs("n2"));

            // clusvcadm -r -m through the real tools.
            String out = clusvcadm("n3", "-r", "web", "-m", "n2");
            assertEquals("Trying to relocate service:web to n2...Success\nservice:web is now running on n2\n", out);
            Sandbox.await("n3 sees web on n2", 5_000, () -> webOn("n3", "n2"));

            // -Z: a frozen service's failing check is ignored; -U thaws it.
            assertEquals("Local machine freezing service:web...Success\n", clusvcadm("n3", "-Z", "web"));
            Sandbox.await("frozen everywhere", 5_000, () -> web("n2").frozen() && web("n3").frozen());
            assertTrue(sb.exec("n3", "clustat", "-s", "web").contains("[Z]"), "clustat shows the frozen flag");
            int restarts = web("n3").restarts();
            Files.writeString(fail, "");
            holds("a frozen service is not checked", 5_000, () -> webOn("n3", "n2") && web("n3").restarts() == restarts);
            Files.delete(fail);
            assertEquals("Local machine unfreezing service:web...Success\n", clusvcadm("n3", "-U", "web"));
            Sandbox.await("thawed", 5_000, () -> !web("n3").frozen());

            // -d, then -e (from n2, which the domain prefers while n1 runs no rgmanager).
            assertEquals("Local machine disabling service:web...Success\n", clusvcadm("n3", "-d", "web"));
            Sandbox.await("web disabled", 10_000, () -> web("n3").state().equals("disabled"));
            Sandbox.Result cs = sb.tryRun("exec", sb.root("n3").getParent().toString(), "n3", "clustat", "-s", "web");
            assertTrue(cs.output().contains("(n2)") && cs.output().contains("disabled"), "clustat shows the last owner: " + cs.output());
            assertEquals(119, cs.rc(), "clustat -s exits with a stopped service's state code");
            assertEquals("Local machine trying to enable service:web...Success\nservice:web is now running on n2\n",
                    clusvcadm("n2", "-e", "web"));
            Sandbox.await("web enabled on n2", 10_000, () -> webOn("n3", "n2"));

            // A new cluster.conf (as ccsd would write it on every node): a second service appears.
            String v2 = conf(script).replace("config_version=\"1\"", "config_version=\"2\"").replace("</rm>",
                    "  <service name=\"extra\" autostart=\"1\"/>\n  </rm>");
            for (String n : List.of("n1", "n2", "n3")) Files.writeString(sb.root(n).resolve("etc/cluster/cluster.conf"), v2);
            Sandbox.await("service:extra started after the reload", 30_000, () ->
                    new RgClient(new ClusterRoot(sb.root("n3"))).status().services().stream()
                            .anyMatch(x -> x.name().equals("service:extra") && x.state().equals("started")));
            assertTrue(webOn("n3", "n2"), "the reload left web alone");

            for (String svc : services) checkJournals(svc, List.of("n1", "n2", "n3"));
        } finally {
            killLeftovers();
        }
    }

    /**
     * Namespace mode (root only): a service of an {@code ip} resource on the public network
     * and the LSB script. The address is on the owner's eth1 and nowhere else — after
     * autostart, after {@code clusvcadm -r -m}, and after a disable it is gone everywhere.
     */
    @Test
    void ipAddressFollowsTheOwner(@TempDir Path tmp) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("0".equals(new String(new ProcessBuilder("id", "-u").start()
                .getInputStream().readAllBytes()).trim()), "namespace mode needs root");
        writeScripts(tmp, "testsvc", "dbsvc");
        script = tmp.resolve("testsvc");
        services.remove("dbsvc");
        // only n1 and n2 run (quorum 2 of 3); n3 is fenced at domain start like any absent node
        String conf = conf(script).replace("<script name=\"testsvc\"", "<ip address=\"@VIP@\" monitor_link=\"1\"/>\n"
                + "                      <script name=\"testsvc\"").replaceAll("(?s)<service name=\"db\".*?</service>", "");
        Path dir = tmp.resolve("sb");
        // the public network's prefix is known only after create: write the VIP in afterwards
        sb = Sandbox.create(dir, conf, "--net", "netns");
        try (Sandbox s = sb) {
            java.util.Properties env = new java.util.Properties();
            try (var in = Files.newBufferedReader(dir.resolve("nodes/netns.env"))) { env.load(in); }
            java.util.Properties sbEnv = new java.util.Properties();
            try (var in = Files.newBufferedReader(dir.resolve("nodes/sandbox.env"))) { sbEnv.load(in); }
            String vip = env.getProperty("PUBLIC") + ".100";
            String id = sbEnv.getProperty("ID").replace("\"", "");
            for (String n : List.of("n1", "n2", "n3")) {
                Path cc = sb.root(n).resolve("etc/cluster/cluster.conf");
                Files.writeString(cc, Files.readString(cc).replace("@VIP@", vip));
            }
            try {
                for (String n : List.of("n1", "n2")) startDaemons(n);
                Sandbox.await("web started on n1", 40_000, () -> webOn("n2", "n1"));
                assertVipOnlyOn(id, vip, "n1");
                assertEquals("Trying to relocate service:web to n2...Success\nservice:web is now running on n2\n",
                        clusvcadm("n1", "-r", "web", "-m", "n2"));
                assertVipOnlyOn(id, vip, "n2");
                assertEquals("Local machine disabling service:web...Success\n", clusvcadm("n1", "-d", "web"));
                assertVipOnlyOn(id, vip, null);
                checkJournals("testsvc", List.of("n1", "n2"));
            } finally {
                killLeftovers();
            }
        }
    }

    private void assertVipOnlyOn(String id, String vip, String owner) throws Exception {
        for (int i = 1; i <= 2; i++) {
            String node = "n" + i;
            Process p = new ProcessBuilder("ip", "-n", "jrhcs-" + id + "-" + i, "-4", "addr", "show", "dev", "eth1")
                    .redirectErrorStream(true).start();
            String addrs = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            boolean has = addrs.contains(" " + vip + "/");
            assertEquals(node.equals(owner), has, node + "'s eth1 " + (has ? "holds" : "lacks") + " " + vip + ":\n" + addrs);
        }
    }

    /** Replays every node's journal: at no moment may two nodes run the service. */
    void checkJournals(String svc, List<String> nodes) throws IOException {
        record Event(long t, String what, String node) {}
        List<Event> events = new ArrayList<>();
        for (String n : nodes) {
            Path j = sb.root(n).resolve("var/log/" + svc + ".journal");
            if (!Files.exists(j)) continue;
            for (String line : Files.readAllLines(j)) {
                String[] w = line.split(" ");
                events.add(new Event(Long.parseLong(w[1]), w[0], w[2]));
            }
        }
        // a crashed node's copy counts as gone at the crash (a real fence powers it off)
        crashedAt.forEach((n, t) -> events.add(new Event(t, "stop", n)));
        events.sort(Comparator.comparingLong(Event::t));
        List<String> running = new ArrayList<>();
        for (Event e : events) {
            if (e.what().equals("start")) {
                if (!running.isEmpty() && !running.contains(e.node()))
                    throw new AssertionError(svc + ": two owners: " + e.node() + " started while " + running + " ran it; " + events);
                if (!running.contains(e.node())) running.add(e.node());
            } else {
                running.remove(e.node());
            }
        }
    }

    void killLeftovers() {
        for (String n : List.of("n1", "n2", "n3")) {
            for (String svc : services) {
                try {
                    Path p = sb.root(n).resolve("var/run/" + svc + ".pid");
                    if (Files.exists(p)) ProcessHandle.of(Long.parseLong(Files.readString(p).trim())).ifPresent(ProcessHandle::destroy);
                } catch (IOException | RuntimeException ignored) {
                    // nothing left to stop
                }
            }
        }
    }
}
