package org.jrhcs.rg.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.ccs.ConfNode;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.rg.core.ResourceNode;
import org.jrhcs.rg.core.ResourceTree;
import org.jrhcs.rg.core.TreeBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real service, as root: an ip (inside a network namespace joined to this one by a
 * veth pair, addresses from 198.18.0.0/15), an ext4 fs on a loop image, and an LSB
 * script serving HTTP from that file system. It starts in order, answers on its address
 * from outside the namespace, passes status, refuses an address another host owns, and
 * stops in reverse order leaving no address, mount, loop device or process behind.
 */
class RealServiceTest {
    // Per test process: two runs at once (parallel builds) must not route to each other's namespace.
    static final String NET = "198.18." + (220 + ProcessHandle.current().pid() % 30);
    static final String V6 = "2001:db8:" + Long.toHexString(0x7700 + ProcessHandle.current().pid() % 0xff) + "::";
    final String ns = "rgt" + ProcessHandle.current().pid();
    final String hostIf = "rgh" + ProcessHandle.current().pid() % 100000;

    static String sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed: " + out);
        return out;
    }

    static boolean works(String... cmd) {
        try {
            sh(cmd);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * The loop devices still attached to an image, once the kernel has finished with them:
     * an auto-clear device goes only when its last opener closes it, and on a busy machine
     * something scanning block devices (blkid, mkqdisk -L) can hold it for seconds.
     */
    static String loopDevicesOf(Path img) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        String attached = sh("losetup", "-j", img.toString()).trim();
        while (!attached.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            attached = sh("losetup", "-j", img.toString()).trim();
        }
        return attached;
    }

    @AfterEach
    void cleanup() {
        works("ip", "netns", "del", ns);
        works("ip", "link", "del", hostIf);
    }

    @Test
    void ipFsAndScriptStartAnswerAndStopClean(@TempDir Path tmp) throws Exception {
        assumeTrue(sh("id", "-u").trim().equals("0"), "needs root (network namespace, loop mount)");
        assumeTrue(works("ip", "netns", "add", ns), "cannot create a network namespace here");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "the test web server needs /usr/bin/python3");
        assumeTrue(works("losetup", "-f") && works("sh", "-c", "command -v mkfs.ext4"), "needs loop devices and mkfs.ext4");
        sh("ip", "link", "add", hostIf, "type", "veth", "peer", "name", "rgn0", "netns", ns);
        sh("ip", "addr", "add", NET + ".1/24", "dev", hostIf);
        sh("ip", "link", "set", hostIf, "up");
        sh("ip", "netns", "exec", ns, "ip", "addr", "add", NET + ".2/24", "dev", "rgn0");
        sh("ip", "netns", "exec", ns, "ip", "link", "set", "rgn0", "up");
        sh("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");

        Path img = tmp.resolve("disk.img"), mnt = tmp.resolve("mnt");
        sh("truncate", "-s", "16M", img.toString());
        sh("mkfs.ext4", "-q", "-F", img.toString());
        Path script = tmp.resolve("webserver");
        String lsb = new String(RealServiceTest.class.getResourceAsStream("/lsb/webserver").readAllBytes())
                .replace("@ADDR@", NET + ".10").replace("@PORT@", "8089").replace("@DOCROOT@", mnt.toString())
                .replace("@PIDFILE@", tmp.resolve("web.pid").toString());
        Files.writeString(script, lsb);
        script.toFile().setExecutable(true);

        String conf = """
                <cluster name="c" config_version="1"><rm>
                  <service name="web">
                    <script name="httpd" file="%s"/>
                    <ip address="%s.10" monitor_link="1"/>
                    <fs name="data" device="%s" mountpoint="%s" fstype="ext4" force_fsck="1" force_unmount="1"/>
                  </service>
                </rm></cluster>""".formatted(script, NET, img, mnt);
        AgentCatalog catalog = AgentCatalog.load(DummyAgentTest.projectAgents());
        ResourceTree tree = TreeBuilder.build(
                ConfNode.of(ConfDocument.parseDom(conf.getBytes(), "web.conf").getDocumentElement()), catalog.types());
        ResourceNode web = tree.service("web").orElseThrow();
        List<String> log = new ArrayList<>();
        AgentRunner inNs = new AgentRunner(List.of("nsenter", "--net=/run/netns/" + ns));
        ServiceRunner runner = new ServiceRunner(catalog, inNs, new ClusterRoot(tmp), "node1", log::add);

        try {
            assertTrue(runner.start(web).ok(), () -> String.join("", log));
            assertEquals(List.of("[start] service:web", "[start] fs:data", "[start] ip:" + NET + ".10", "[start] script:httpd"),
                    steps(log, "[start]"));

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + NET + ".10:8089/index.html"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals("hello from mnt on " + NET + ".10\n", r.body());

            assertTrue(runner.status(web, 20).ok(), () -> String.join("", log));

            // monitor_link: no carrier on the interface is a failed status of the ip.
            ResourceNode ip = web.children().get(1);
            sh("ip", "netns", "exec", ns, "ip", "link", "set", "rgn0", "down");
            AgentResult down = runner.run(ip, "status", 0);
            assertEquals(1, down.exitCode(), down.output());
            assertTrue(down.output().contains("no link on rgn0"), down.output());
            sh("ip", "netns", "exec", ns, "ip", "link", "set", "rgn0", "up");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (runner.run(ip, "status", 0).exitCode() != 0 && System.nanoTime() < deadline) Thread.sleep(50);
            assertEquals(0, runner.run(ip, "status", 0).exitCode(), "link back");

            // The host side owns .1: the ip agent must refuse to take it.
            AgentResult taken = inNs.run(catalog.agentPath("ip"), "start",
                    Map.of("OCF_RESKEY_address", NET + ".1", "OCF_RESKEY_monitor_link", "1"), Duration.ofSeconds(20));
            assertEquals(1, taken.exitCode(), taken.output());
            assertTrue(taken.output().contains("already in use"), taken.output());

            log.clear();
            assertTrue(runner.stop(web).ok(), () -> String.join("", log));
            assertEquals(List.of("[stop] script:httpd", "[stop] ip:" + NET + ".10", "[stop] fs:data", "[stop] service:web"),
                    steps(log, "[stop]"));
        } finally {
            runner.stop(web);
        }
        assertFalse(sh("ip", "netns", "exec", ns, "ip", "-o", "addr").contains(NET + ".10"), "address removed");
        assertFalse(Files.readString(Path.of("/proc/mounts")).contains(mnt.toString()), "file system unmounted");
        assertEquals("", loopDevicesOf(img), "loop device detached");
        assertFalse(Files.exists(tmp.resolve("web.pid")), "web server stopped");
        assertFalse(Files.exists(mnt.resolve("index.html")), "the page lived on the image, not the bare mount point");
    }

    @Test
    void ipv6AddressAndConflict() throws Exception {
        assumeTrue(sh("id", "-u").trim().equals("0"), "needs root (network namespace)");
        assumeTrue(works("ip", "netns", "add", ns), "cannot create a network namespace here");
        assumeTrue(works("ip", "link", "add", hostIf, "type", "veth", "peer", "name", "rgn0", "netns", ns)
                && works("ip", "-6", "addr", "add", V6 + "1/64", "dev", hostIf, "nodad"), "no IPv6 here");
        sh("ip", "link", "set", hostIf, "up");
        sh("ip", "netns", "exec", ns, "ip", "-6", "addr", "add", V6 + "2/64", "dev", "rgn0", "nodad");
        sh("ip", "netns", "exec", ns, "ip", "link", "set", "rgn0", "up");
        AgentRunner inNs = new AgentRunner(List.of("nsenter", "--net=/run/netns/" + ns));
        Path ip = DummyAgentTest.projectAgents().resolve("ip.sh");
        Map<String, String> env = Map.of("OCF_RESKEY_address", V6 + "10");
        Duration t = Duration.ofSeconds(20);
        long deadline = System.nanoTime() + 5_000_000_000L;
        AgentResult start;
        do start = inNs.run(ip, "start", env, t); // the veth link may take a moment to come up
        while (start.exitCode() != 0 && System.nanoTime() < deadline && !Thread.interrupted());
        assertEquals(0, start.exitCode(), start.output());
        assertTrue(sh("ip", "netns", "exec", ns, "ip", "-o", "-6", "addr").contains(V6 + "10/64"));
        assertEquals(0, inNs.run(ip, "status", env, t).exitCode());
        AgentResult taken = inNs.run(ip, "start", Map.of("OCF_RESKEY_address", V6 + "1"), t);
        assertEquals(1, taken.exitCode(), taken.output());
        assertEquals(0, inNs.run(ip, "stop", env, t).exitCode());
        assertEquals(7, inNs.run(ip, "status", env, t).exitCode());
        assertFalse(sh("ip", "netns", "exec", ns, "ip", "-o", "-6", "addr").contains(V6 + "10"));
    }

    /** A busy file system: force_unmount kills its users; self_fence fires when it stays mounted. */
    @Test
    void forceUnmountAndSelfFence(@TempDir Path tmp) throws Exception {
        assumeTrue(sh("id", "-u").trim().equals("0"), "needs root (loop mount)");
        assumeTrue(works("losetup", "-f") && works("sh", "-c", "command -v mkfs.ext4 && command -v fuser"),
                "needs loop devices, mkfs.ext4 and fuser");
        Path img = tmp.resolve("disk.img"), mnt = tmp.resolve("mnt"), fenced = tmp.resolve("fenced");
        sh("truncate", "-s", "16M", img.toString());
        sh("mkfs.ext4", "-q", "-F", img.toString());
        Path fs = DummyAgentTest.projectAgents().resolve("fs.sh");
        Duration t = Duration.ofSeconds(30);
        Map<String, String> env = new java.util.HashMap<>(Map.of("OCF_RESKEY_name", "d", "OCF_RESKEY_device", img.toString(),
                "OCF_RESKEY_mountpoint", mnt.toString(), "OCF_RESKEY_fstype", "ext4"));
        AgentRunner plain = new AgentRunner();
        // self_fence runs $RG_SELF_FENCE_CMD; here it leaves a mark instead of rebooting the machine.
        AgentRunner marking = new AgentRunner(List.of("env", "RG_SELF_FENCE_CMD=touch " + fenced));
        Process holder = null;
        try {
            assertEquals(0, plain.run(fs, "start", env, t).exitCode());
            holder = new ProcessBuilder("sleep", "120").directory(mnt.toFile()).start();

            env.put("OCF_RESKEY_self_fence", "1");
            AgentResult stuck = marking.run(fs, "stop", env, t);
            assertEquals(1, stuck.exitCode(), stuck.output());
            assertTrue(stuck.output().contains("self_fence is set"), stuck.output());
            assertTrue(Files.exists(fenced), "self-fence command ran");
            assertTrue(holder.isAlive());

            env.put("OCF_RESKEY_force_unmount", "1");
            AgentResult forced = plain.run(fs, "stop", env, t);
            assertEquals(0, forced.exitCode(), forced.output());
            assertTrue(holder.waitFor(5, java.util.concurrent.TimeUnit.SECONDS), "the user of the mount was killed");
            assertFalse(Files.readString(Path.of("/proc/mounts")).contains(mnt.toString()));
            assertEquals("", loopDevicesOf(img));
        } finally {
            if (holder != null) holder.destroyForcibly();
            works("umount", mnt.toString());
        }
    }

    static List<String> steps(List<String> log, String prefix) {
        return log.stream().filter(l -> l.startsWith(prefix)).map(String::strip).toList();
    }
}
