package org.jrhcs.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packet loss (and, where the kernel has sch_netem, delay) on the cluster network of a
 * three-node netns sandbox (root): real cman over TCP, real fenced with fence_sandbox.
 *
 * <p>Loss is made with {@code tc} on both ends of n3's cable (its eth0 inside the namespace
 * and the bridge side of its veth): an htb qdisc whose classifier, a classic BPF program
 * ({@code ld rand}), sends the chosen share of packets to a class whose queue holds none
 * ({@code pfifo limit 0}), so the kernel drops them. This kernel has no sch_netem (and
 * no act_gact), so {@code netem loss} is not available; the BPF classifier is.
 *
 * <p>Expectations (token 5000 ms: FD_ALL3 suspects after 3.5 s of silence, heartbeats every
 * 500 ms): 5 % loss each way only delays TCP segments (retransmitted after 200 ms, 400 ms,
 * ...; five losses in a row of one segment are needed to reach 3.5 s), so membership stays
 * as it is and nobody is fenced; at 80 % loss each way TCP backs off for seconds, n3 falls
 * silent, the others drop it and fenced powers it off with fence_sandbox.
 *
 * <p>At 80 % loss the cluster must keep one quorate membership of the healthy nodes (the
 * liveness assertion; safety — never two quorate settled partitions — is checked every
 * 100 ms throughout). It used to fail in about 1 run of 4: the healthy n1 and n2 dropped
 * each other (JGroups lets the coordinator — in these runs usually n3, the lossy node,
 * which merged the starting singletons — exclude on its suspicion alone) and cman
 * disallowed them when they met again: three inquorate singletons. cman now excludes a
 * suspect only when the other members confirm they do not hear it either
 * (cman/README.md, "Transport"); 11 runs in a row passed after that.
 */
class FaultNetnsTest {
    static final int TOKEN = 5000;

    static String conf() {
        StringBuilder b = new StringBuilder("""
                <?xml version="1.0"?>
                <cluster name="lossy" config_version="1">
                  <totem token="%d"/>
                  <fence_daemon post_fail_delay="0" post_join_delay="3"/>
                  <clusternodes>
                """.formatted(TOKEN));
        for (int i = 1; i <= 3; i++)
            b.append("    <clusternode name=\"n%d\" nodeid=\"%d\" votes=\"1\"><fence><method name=\"1\"><device name=\"sandbox\" port=\"n%d\"/></method></fence></clusternode>\n"
                    .formatted(i, i, i));
        return b.append("""
                  </clusternodes>
                  <fencedevices><fencedevice name="sandbox" agent="fence_sandbox"/></fencedevices>
                </cluster>
                """).toString();
    }

    /** Both ends of a node's cable: (namespace or null, device). */
    record Link(String netns, String dev) {}

    static List<Link> cable(Sandbox sb, String node) throws IOException {
        String env = Files.readString(sb.root(node).getParent().resolve("sandbox.env"));
        String id = env.replaceAll("(?s).*\\nID=(\\d+).*", "$1");
        int i = Integer.parseInt(node.substring(1));
        return List.of(new Link("jrhcs-" + id + "-" + i, "eth0"), new Link(null, "jv" + id + "-" + i));
    }

    /** {@code tc ARGS} on that end of the cable (inside its namespace when it has one). */
    static String[] tcAt(Link l, String... args) {
        List<String> cmd = new java.util.ArrayList<>();
        if (l.netns() != null) cmd.addAll(List.of("ip", "netns", "exec", l.netns()));
        cmd.add("tc");
        cmd.addAll(List.of(args));
        return cmd.toArray(String[]::new);
    }

    static void tc(Link l, String... args) { QdiskSandboxTest.run(tcAt(l, args)); }

    /** Drops {@code percent} % of the packets leaving each end of the node's cable (0: none). */
    static void loss(List<Link> cable, int percent) {
        long threshold = Math.round(percent / 100.0 * 4294967296.0);
        for (Link l : cable) {
            QdiskSandboxTest.tryRun(tcAt(l, "qdisc", "del", "dev", l.dev(), "root")); // none yet is fine
            if (percent == 0) continue;
            tc(l, "qdisc", "add", "dev", l.dev(), "root", "handle", "1:", "htb", "default", "10");
            tc(l, "class", "add", "dev", l.dev(), "parent", "1:", "classid", "1:10", "htb", "rate", "10gbit");
            tc(l, "class", "add", "dev", l.dev(), "parent", "1:", "classid", "1:20", "htb", "rate", "8bit");
            tc(l, "qdisc", "add", "dev", l.dev(), "parent", "1:20", "handle", "20:", "pfifo", "limit", "0");
            // A = random u32; A >= threshold: no match (default class); else class 1:20 (dropped)
            tc(l, "filter", "add", "dev", l.dev(), "parent", "1:", "bpf", "bytecode",
                    "4,32 0 0 4294963256,53 1 0 " + threshold + ",6 0 0 4294967295,6 0 0 0", "classid", "1:20");
        }
    }

    static long dropped(List<Link> cable) {
        long n = 0;
        for (Link l : cable) {
            String out = QdiskSandboxTest.tryRun(tcAt(l, "-s", "qdisc", "show", "dev", l.dev())).output();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("qdisc pfifo 20:.*?dropped (\\d+)", java.util.regex.Pattern.DOTALL).matcher(out);
            if (m.find()) n += Long.parseLong(m.group(1));
        }
        return n;
    }

    private static boolean netemProbe() {
        return QdiskSandboxTest.tryRun("sh", "-c", "ip netns add jrhcs-netem-probe && ip netns exec jrhcs-netem-probe "
                + "tc qdisc add dev lo root netem delay 1ms; rc=$?; ip netns del jrhcs-netem-probe; exit $rc").rc() == 0;
    }

    Sandbox start(Path tmp) {
        Sandbox sb;
        try {
            sb = Sandbox.create(tmp.resolve("ns"), conf(), "--net", "netns");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        sb.start();
        for (String n : List.of("n1", "n2", "n3"))
            Sandbox.await(n + " sees 3 members", 60_000, () -> CmanSandboxTest.members(sb.cman(n)).size() == 3);
        for (String n : List.of("n1", "n2", "n3")) sb.exec(n, "fence_tool", "join");
        Sandbox.await("fence domain of 3", 30_000, () -> sb.exec("n1", "fence_tool", "ls").contains("members       1 2 3"));
        return sb;
    }

    /** Watches for {@code ms}: every node keeps the three-node membership. No event marks "nothing happened". */
    static void membershipHolds(Sandbox sb, long ms) throws InterruptedException {
        long until = System.nanoTime() + ms * 1_000_000;
        while (System.nanoTime() < until) {
            for (String n : List.of("n1", "n2", "n3"))
                assertEquals(List.of(1, 2, 3), CmanSandboxTest.members(sb.cman(n)), n + "'s membership changed");
            Thread.sleep(250);
        }
        for (String n : List.of("n1", "n2", "n3")) assertFalse(sb.logs(n).contains("(failed)"), sb.logs(n));
    }

    @Test
    void moderateLossKeepsMembershipHeavyLossGetsTheNodeFenced(@TempDir Path tmp) throws Exception {
        assumeTrue(CmanNetnsTest.netnsAvailable(), "needs root and ip netns");
        try (Sandbox sb = start(tmp)) {
            List<Link> cable = cable(sb, "n3");
            loss(cable, 5);
            membershipHolds(sb, 2L * TOKEN);
            long moderateDrops = dropped(cable);
            assertTrue(moderateDrops > 0, "the filter dropped packets");
            assertFalse(sb.logs("n1").contains("fencing node"), "nobody fenced at 5 % loss");

            loss(cable, 80);
            long t0 = System.nanoTime();
            // Safety every 100 ms whatever happens: never two quorate settled partitions.
            // Liveness: n3 dropped and fenced, n1+n2 one quorate membership.
            long deadline = t0 + 30_000_000_000L, droppedMs = -1;
            boolean fenced = false;
            while (System.nanoTime() < deadline && !fenced) {
                Map<String, List<Integer>> views = new HashMap<>();
                for (String n : List.of("n1", "n2", "n3"))
                    if (settledQuorate(sb, n) && safeMembers(sb, n) instanceof List<?> m) // n3 may be powered off meanwhile
                        views.put(n, m.stream().map(Integer.class::cast).toList());
                String brain = QdiskNetnsTest.splitBrain(views, n -> Integer.parseInt(n.substring(1)));
                assertNull(brain, () -> "split brain under 80 % loss: " + brain);
                if (droppedMs < 0 && List.of(1, 2).equals(views.get("n1")) && List.of(1, 2).equals(views.get("n2")))
                    droppedMs = (System.nanoTime() - t0) / 1_000_000;
                fenced = droppedMs >= 0 && sb.logs("n1").contains("fence \"n3\" success");
                Thread.sleep(100);
            }
            if (!fenced)
                fail("80 % loss on n3 did not end with n1+n2 quorate and n3 fenced within 30 s; views: "
                        + List.of("n1", "n2", "n3").stream().map(n -> n + "=" + safeMembers(sb, n)).toList()
                        + "\n" + List.of("n1", "n2", "n3").stream().map(sb::logs).collect(java.util.stream.Collectors.joining("\n")));
            long fencedMs = (System.nanoTime() - t0) / 1_000_000 - droppedMs;
            assertTrue(sb.tryRun("pids", sb.root("n3").getParent().toString(), "n3").output().isBlank(), "fence_sandbox powered n3 off");
            assertTrue(sb.cman("n1").isQuorate());
            System.out.println("FaultNetnsTest: 5 % loss each way for " + 2 * TOKEN + " ms: membership held (" + moderateDrops
                    + " packets dropped); 80 % loss: n3 dropped after " + droppedMs + " ms, fenced " + fencedMs + " ms later (token " + TOKEN + ")");
        }
    }

    static boolean settledQuorate(Sandbox sb, String n) {
        try {
            var st = sb.cman(n).status();
            return st.quorate() && "Cluster-Member".equals(st.membershipState());
        } catch (RuntimeException e) {
            return false;
        }
    }

    static Object safeMembers(Sandbox sb, String n) {
        try {
            return CmanSandboxTest.members(sb.cman(n));
        } catch (RuntimeException e) {
            return "down";
        }
    }

    @Test
    void moderateDelayKeepsMembership(@TempDir Path tmp) throws Exception {
        assumeTrue(CmanNetnsTest.netnsAvailable() && netemProbe(), "needs root, ip netns and sch_netem in the kernel");
        try (Sandbox sb = start(tmp)) {
            // 300 ms each way (600 ms round trip): well inside the 3.5 s suspicion window
            for (Link l : cable(sb, "n3")) tc(l, "qdisc", "add", "dev", l.dev(), "root", "netem", "delay", "300ms", "50ms");
            membershipHolds(sb, 2L * TOKEN);
            assertFalse(sb.logs("n1").contains("fencing node"));
        }
    }
}
