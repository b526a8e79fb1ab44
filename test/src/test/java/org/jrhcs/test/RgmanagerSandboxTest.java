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
 * Real cman, fenced and rgmanager processes in a loopback sandbox, a service made of an
 * LSB script (seed 000's drills in seed 002's shape): autostart on the preferred node;
 * its crash → takeover only after {@code fence "n1" success}; failback when it returns;
 * a clean rgmanager stop → the service moves before the node leaves; a failing status
 * → {@code Service service:web is recovering} and a restart; clusvcadm -r -m. Every
 * start and stop of the script is journaled with a nanosecond time; at the end the
 * test replays the journals and fails if two nodes ever ran the service at once.
 */
class RgmanagerSandboxTest {
    static final Path AGENTS = Sandbox.TOOLS_BIN.resolve("../../rgmanager/agents").normalize();

    static final String SCRIPT = """
            #!/bin/sh
            pidf=$CLUSTER_ROOT/var/run/testsvc.pid
            j=$CLUSTER_ROOT/var/log/testsvc.journal
            running() { [ -f "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null; }
            case "$1" in
            start) running && exit 0; sleep 100000 >/dev/null 2>&1 & echo $! > "$pidf"; echo "start $(date +%s%N) $CLUSTER_NODE" >> "$j"; exit 0 ;;
            stop) running && kill "$(cat "$pidf")"; rm -f "$pidf"; echo "stop $(date +%s%N) $CLUSTER_NODE" >> "$j"; exit 0 ;;
            status) [ -f "$CLUSTER_ROOT/var/run/testsvc.fail" ] && exit 3; running && exit 0; exit 3 ;;
            *) exit 3 ;;
            esac
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
                  <fencedevices><fencedevice name="dummy" agent="fence_dummy"/></fencedevices>
                  <rm>
                    <failoverdomains>
                      <failoverdomain name="web-dom" ordered="1">
                        <failoverdomainnode name="n1" priority="1"/><failoverdomainnode name="n2" priority="2"/>
                      </failoverdomain>
                    </failoverdomains>
                    <service name="web" domain="web-dom" recovery="restart" max_restarts="3" restart_expire_time="300">
                      <script name="testsvc" file="%s"/>
                    </service>
                  </rm>
                </cluster>
                """.formatted(script);
    }

    Sandbox sb;
    Path script;
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
        Sandbox.await(node + " rgmanager up", 20_000, () -> Files.exists(sb.root(node).resolve("var/run/cluster/rgmanager.sock")));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    ServiceInfo web(String node) {
        return new RgClient(new ClusterRoot(sb.root(node))).status().services().stream()
                .filter(s -> s.name().equals("service:web")).findFirst().orElseThrow();
    }

    boolean webOn(String asSeenBy, String owner) {
        ServiceInfo s = web(asSeenBy);
        return s.state().equals("started") && owner.equals(s.owner());
    }

    @Test
    void sandboxDrills(@TempDir Path tmp) throws Exception {
        script = tmp.resolve("testsvc");
        Files.writeString(script, SCRIPT);
        script.toFile().setExecutable(true);
        sb = Sandbox.create(tmp.resolve("sb"), conf(script));
        try (Sandbox s = sb) {
            drills();
        }
    }

    private void drills() throws Exception {
        try {
            for (String n : List.of("n1", "n2", "n3")) startDaemons(n);
            Sandbox.await("web started on n1", 30_000, () -> webOn("n3", "n1"));

            // Drill 4: n1 crashes; n2 takes over only after fenced says n1 is fenced.
            crashedAt.put("n1", System.currentTimeMillis() * 1_000_000L);
            sb.crash("n1");
            long takeover = Sandbox.await("web taken over by n2", 30_000, () -> webOn("n3", "n2"));
            String m2 = sb.logs("n2");
            int fence = m2.indexOf("fence \"n1\" success"), take = m2.indexOf("Taking over service service:web from down member n1");
            assertTrue(fence >= 0 && take > fence, "takeover must follow the fence:\n" + m2);
            System.out.println("RgmanagerSandboxTest: crash to takeover " + takeover + " ms (token 1000 ms)");

            // n1 returns: the service fails back (ordered domain).
            startDaemons("n1");
            Sandbox.await("web back on n1", 30_000, () -> webOn("n2", "n1"));
            assertTrue(sb.logs("n2").contains("Relocating service:web to better node n1"), sb.logs("n2"));

            // Drill 3: clean stop of n1's rgmanager: the service moves before it leaves.
            String pid = Files.readString(sb.root("n1").resolve("var/run/cluster/rgmanager.pid")).trim();
            long t0 = System.nanoTime();
            new ProcessBuilder("kill", "-TERM", pid).start().waitFor();
            Sandbox.await("rgmanager on n1 exited", 30_000, () -> !ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false));
            assertTrue(webOn("n3", "n2"), "web already runs on n2 when n1's rgmanager is gone");
            System.out.println("RgmanagerSandboxTest: clean stop with hand-over " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            String m3 = sb.logs("n3");
            assertTrue(m3.contains("clurgmgrd[") && m3.contains("Member 1 shutting down"), m3);

            // A failing status check: stop, "is recovering", restart in place.
            Files.writeString(sb.root("n2").resolve("var/run/testsvc.fail"), "");
            long rec = Sandbox.await("recovery logged", 60_000, () -> sb.logs("n2").contains("Service service:web is recovering"));
            Files.delete(sb.root("n2").resolve("var/run/testsvc.fail"));
            Sandbox.await("web running again", 30_000, () -> webOn("n3", "n2") && web("n3").restarts() >= 1);
            System.out.println("RgmanagerSandboxTest: status failure noticed within " + rec + " ms (script interval 30 s)");
            assertTrue(sb.logs("n2").contains("status on script \"testsvc\" returned 1 (generic error)"), sb.logs("n2"));

            // clusvcadm -r -m through the real tools.
            String out = sb.exec("n3", "clusvcadm", "-r", "web", "-m", "n3");
            assertEquals("Trying to relocate service:web to n3...Success\nservice:web is now running on n3\n", out);
            Sandbox.await("n2 sees web on n3", 5_000, () -> webOn("n2", "n3"));

            // A new cluster.conf (as ccsd would write it on every node): a second service appears.
            String v2 = conf(script).replace("config_version=\"1\"", "config_version=\"2\"").replace("</rm>",
                    "  <service name=\"extra\" autostart=\"1\"/>\n  </rm>");
            for (String n : List.of("n1", "n2", "n3")) Files.writeString(sb.root(n).resolve("etc/cluster/cluster.conf"), v2);
            Sandbox.await("service:extra started after the reload", 30_000, () ->
                    new RgClient(new ClusterRoot(sb.root("n3"))).status().services().stream()
                            .anyMatch(x -> x.name().equals("service:extra") && x.state().equals("started")));
            assertTrue(webOn("n2", "n3"), "the reload left web alone");

            checkJournals(List.of("n1", "n2", "n3"));
        } finally {
            killLeftovers();
        }
    }

    /** Replays every node's journal: at no moment may two nodes run the service. */
    void checkJournals(List<String> nodes) throws IOException {
        record Event(long t, String what, String node) {}
        List<Event> events = new ArrayList<>();
        for (String n : nodes) {
            Path j = sb.root(n).resolve("var/log/testsvc.journal");
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
                    throw new AssertionError("two owners: " + e.node() + " started while " + running + " ran it; " + events);
                if (!running.contains(e.node())) running.add(e.node());
            } else {
                running.remove(e.node());
            }
        }
    }

    void killLeftovers() {
        for (String n : List.of("n1", "n2", "n3")) {
            try {
                Path p = sb.root(n).resolve("var/run/testsvc.pid");
                if (Files.exists(p)) ProcessHandle.of(Long.parseLong(Files.readString(p).trim())).ifPresent(ProcessHandle::destroy);
            } catch (IOException | RuntimeException ignored) {
                // nothing left to stop
            }
        }
    }
}
