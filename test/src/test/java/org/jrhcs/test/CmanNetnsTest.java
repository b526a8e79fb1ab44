package org.jrhcs.test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real cman processes in network namespaces (needs root): a cut network, not a closed
 * socket. 3+1 split leaves only the three quorate; after the heal the lone node is told
 * to leave (every node holds a process group, so all are dirty: a clean node would simply
 * rejoin); a 2+2 split leaves both halves inquorate ("Activity blocked").
 */
class CmanNetnsTest {
    static final int TOKEN = 2000;

    static boolean netnsAvailable() {
        if (!"root".equals(System.getProperty("user.name"))) return false;
        try {
            Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void splitsDecideQuorumAndTheMinorityIsToldToLeaveAfterTheHeal(@TempDir Path tmp) throws Exception {
        assumeTrue(netnsAvailable(), "needs root and ip netns");
        String conf = CmanSandboxTest.conf(4, "").replace("token=\"" + CmanSandboxTest.TOKEN + "\"", "token=\"" + TOKEN + "\"");
        try (Sandbox sb = Sandbox.create(tmp.resolve("ns"), conf, "--net", "netns")) {
            sb.start();
            for (String n : List.of("n1", "n2", "n3", "n4"))
                Sandbox.await(n + " sees 4 members", 30_000, () -> CmanSandboxTest.members(sb.cman(n)).size() == 4);
            // A process group on every node gives each state ("Dirty"): only a dirty node that
            // returns after being dropped is told to leave (a clean one just rejoins).
            java.util.Map<String, org.jrhcs.cman.client.ProcessGroup> groups = new java.util.TreeMap<>();
            for (String n : List.of("n1", "n2", "n3", "n4")) groups.put(n, sb.cman(n).joinGroup("sbx", CmanSandboxTest.IGNORE));
            Sandbox.await("every node dirty", 10_000, () -> List.of("n1", "n2", "n3", "n4").stream()
                    .allMatch(n -> sb.exec(n, "cman_tool", "status").contains("Flags: Dirty")));

            long t0 = System.nanoTime();
            sb.run("partition", sb.root("n1").getParent().toString(), "n1,n2,n3", "n4");
            Sandbox.await("n1 drops n4", TOKEN * 5L, () -> CmanSandboxTest.members(sb.cman("n1")).equals(List.of(1, 2, 3)));
            long cutMs = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("CmanNetnsTest: cut-off node dropped after " + cutMs + " ms (token " + TOKEN + ")");
            Sandbox.await("n4 alone", TOKEN * 5L, () -> CmanSandboxTest.members(sb.cman("n4")).equals(List.of(4)));
            assertTrue(sb.cman("n1").isQuorate());
            assertFalse(sb.cman("n4").isQuorate());
            assertTrue(sb.exec("n4", "cman_tool", "status").contains("Activity blocked"));

            sb.run("heal", sb.root("n1").getParent().toString());
            Sandbox.await("n4 told to leave after the heal", 30_000, () -> sb.pids("n4").isBlank());
            assertTrue(sb.logs("n4").contains("because we rejoined the cluster without a full restart"), sb.logs("n4"));

            groups.remove("n4").close();
            sb.start("n4");
            Sandbox.await("n4 back", 30_000, () -> CmanSandboxTest.members(sb.cman("n1")).size() == 4
                    && CmanSandboxTest.members(sb.cman("n4")).size() == 4);
            sb.run("partition", sb.root("n1").getParent().toString(), "n1,n2", "n3,n4");
            for (String n : List.of("n1", "n2", "n3", "n4"))
                Sandbox.await(n + " in a half", TOKEN * 5L, () -> CmanSandboxTest.members(sb.cman(n)).size() == 2);
            for (String n : List.of("n1", "n2", "n3", "n4")) {
                assertFalse(sb.cman(n).isQuorate(), n + " quorate in a 2+2 split");
                assertTrue(sb.exec(n, "cman_tool", "status").contains("Quorum: 3 Activity blocked"));
            }
            groups.values().forEach(org.jrhcs.cman.client.ProcessGroup::close);
        }
    }

    @Test
    void udpMulticastTransportFormsTheCluster(@TempDir Path tmp) throws Exception {
        assumeTrue(netnsAvailable(), "needs root and ip netns");
        String conf = CmanSandboxTest.conf(3, " transport=\"udp\"");
        try (Sandbox sb = Sandbox.create(tmp.resolve("udp"), conf, "--net", "netns")) {
            sb.start();
            for (String n : List.of("n1", "n2", "n3"))
                Sandbox.await(n + " sees 3 members over UDP", 30_000, () -> CmanSandboxTest.members(sb.cman(n)).size() == 3);
            assertTrue(sb.exec("n1", "cman_tool", "status").contains("Multicast addresses: 239.192."));
        }
    }
}
