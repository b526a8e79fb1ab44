package org.jrhcs.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real cman processes (loopback sandbox, token 1000 ms) with {@code <cman keyfile>}: three
 * nodes sharing a key made by ccs_keygen form a quorate cluster; a node with another key,
 * and then one with no key at all, cannot join — the members keep three members and both
 * sides log why. A group-readable key file stops cman at start, naming the file.
 */
class CmanKeyTest {
    private static final String KEY = "/etc/cluster/cman.key";

    @Test
    void onlyNodesWithTheKeyJoin(@TempDir Path tmp) throws Exception {
        String conf = CmanSandboxTest.conf(4, " keyfile=\"" + KEY + "\"");
        try (Sandbox sb = Sandbox.create(tmp.resolve("sb"), conf)) {
            sb.diagnosing(List.of("n1", "n2", "n3", "n4"), () -> keys(sb));
        }
    }

    void keys(Sandbox sb) throws Exception {
        String dir = sb.root("n1").getParent().toString();
        sb.exec("n1", "ccs_keygen", KEY);
        Path key = sb.root("n1").resolve(KEY.substring(1));
        for (String n : List.of("n2", "n3")) {
            Path copy = sb.root(n).resolve(KEY.substring(1));
            Files.createDirectories(copy.getParent());
            Files.copy(key, copy, StandardCopyOption.COPY_ATTRIBUTES);
        }
        sb.exec("n4", "ccs_keygen", KEY);   // a key of its own: the wrong one
        Path wrongKey = sb.root("n4").resolve(KEY.substring(1));
        assertNotEquals(List.of(Files.readAllBytes(key)), List.of(Files.readAllBytes(wrongKey)));

        // A key file others can read: cman does not start, and says which file.
        Files.setPosixFilePermissions(wrongKey, PosixFilePermissions.fromString("r--r-----"));
        Sandbox.Result bad = sb.tryRun("exec", dir, "n4", "cman_tool", "join", "-w", "-t", "20");
        assertNotEquals(0, bad.rc());
        assertTrue(bad.output().contains(wrongKey.toString()) && bad.output().contains("group or others"), bad.output());
        Files.setPosixFilePermissions(wrongKey, PosixFilePermissions.fromString("r--------"));

        // cman alone (cman_tool join, as the init script does), not the whole init sequence.
        for (String n : List.of("n1", "n2", "n3")) sb.exec(n, "cman_tool", "join", "-w", "-t", "30");
        for (String n : List.of("n1", "n2", "n3"))
            Sandbox.await(n + " sees 3 members, quorate", 20_000, () -> sb.cman(n).status().nodes() == 3 && sb.cman(n).isQuorate());
        assertTrue(sb.logs("n1").contains("cluster traffic is authenticated and encrypted with key file "
                + sb.root("n1").resolve(KEY.substring(1))), sb.logs("n1"));

        String n4 = sb.run("nodes", dir).lines().filter(l -> l.startsWith("n4 ")).findFirst().orElseThrow().split(" ")[1];
        // Wrong key: n4 runs alone; the members log its address and why.
        sb.exec("n4", "cman_tool", "join");
        Sandbox.await("a member refuses n4 (wrong key)", 20_000, () -> List.of("n1", "n2", "n3").stream()
                .anyMatch(n -> sb.logs(n).contains("refusing traffic from " + n4) && sb.logs(n).contains("authentication failed")));
        Sandbox.await("n4 refuses the members' traffic", 20_000, () -> sb.logs("n4").contains("authentication failed"));
        assertMembersKeepThree(sb);
        assertOutside(sb);

        // No key at all: the same, with the reason "not encrypted".
        sb.crash("n4");
        Path conf4 = sb.root("n4").resolve("etc/cluster/cluster.conf");
        Files.writeString(conf4, Files.readString(conf4).replace(" keyfile=\"" + KEY + "\"", ""));
        Files.writeString(sb.root("n4").resolve("var/log/messages"), "");
        sb.exec("n4", "cman_tool", "join");
        Sandbox.await("a member refuses n4 (no key)", 20_000, () -> List.of("n1", "n2", "n3").stream()
                .anyMatch(n -> sb.logs(n).contains("refusing traffic from " + n4) && sb.logs(n).contains("not encrypted")));
        Sandbox.await("n4 says it has no key", 20_000, () -> sb.logs("n4").contains("this node has no key file"));
        assertTrue(sb.logs("n4").contains("cluster traffic is not authenticated (no key file)"), sb.logs("n4"));
        assertMembersKeepThree(sb);
        assertOutside(sb);
    }

    private static void assertOutside(Sandbox sb) {
        List<Integer> seen = CmanSandboxTest.members(sb.cman("n4"));
        assertTrue(!seen.contains(1) && !seen.contains(2) && !seen.contains(3), "n4 sees members " + seen);
        assertTrue(!sb.cman("n4").isQuorate(), "n4 is quorate on its own");
    }

    private static void assertMembersKeepThree(Sandbox sb) {
        for (String n : List.of("n1", "n2", "n3")) {
            assertEquals(List.of(1, 2, 3), CmanSandboxTest.members(sb.cman(n)), n + "'s members");
            assertTrue(sb.cman(n).isQuorate(), n + " lost quorum");
        }
    }
}
