package org.jrhcs.tools.cman_tool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.client.ipc.IpcServer;
import org.jrhcs.cman.client.CmanWire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cman_tool end to end against a canned cman socket: stdout, stderr and exit code of each
 * case pinned in {@code src/test/resources/golden/cman_tool/<case>.{out,err,rc}}.
 * {@code -Dgolden.update=true} rewrites them (review the diff).
 */
class CmanToolGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/cman_tool");

    @TempDir Path dir;
    private IpcServer read, admin;
    private final List<IpcMessage> adminRequests = new ArrayList<>();
    private IpcMessage status;

    /** Seed 000 after web1's crash, seen from web2: three members, quorum disk with 2 votes. */
    static IpcMessage seed000Status() {
        return IpcMessage.ok().put("version", "6.2.0").put("config_version", 7).put("cluster_name", "rhcs-test")
                .put("cluster_id", 30052).put("cluster_member", "Yes").put("generation", 3016)
                .put("membership_state", "Cluster-Member").put("nodes", 3).put("expected_votes", 6)
                .put("quorum_device_votes", 2).put("total_votes", 5).put("node_votes", 1).put("quorum", 3)
                .put("quorate", true).put("subsystems", "fence,rgmanager,qdiskd").put("flags", "Dirty")
                .put("ports", "0").put("node_name", "web2").put("node_id", 1)
                .put("multicast", "239.192.117.100").put("addresses", "192.168.12.240");
    }

    static IpcMessage nodes() {
        return IpcMessage.ok().putList("node", List.of(
                Map.of("id", "0", "name", "/dev/sdb1", "state", "M", "votes", "2", "inc", "0", "join_time", "0", "addresses", ""),
                Map.of("id", "1", "name", "web2", "state", "M", "votes", "1", "inc", "3008", "join_time", "1314118251000", "addresses", "192.168.12.240"),
                Map.of("id", "2", "name", "Mysql2", "state", "M", "votes", "1", "inc", "3008", "join_time", "1314118251000", "addresses", "192.168.12.232"),
                Map.of("id", "3", "name", "Mysql1", "state", "M", "votes", "1", "inc", "3004", "join_time", "1314117850000", "addresses", "192.168.12.231"),
                Map.of("id", "4", "name", "web1", "state", "X", "votes", "1", "inc", "3012", "join_time", "1314118300000", "addresses", "192.168.12.230"),
                Map.of("id", "5", "name", "spare", "state", "X", "votes", "1", "inc", "0", "join_time", "0", "addresses", "")));
    }

    @BeforeEach
    void serve() throws IOException {
        ClusterRoot root = new ClusterRoot(dir);
        status = seed000Status();
        IpcServer.Handler h = (req, conn) -> switch (req.op()) {
            case "status" -> status;
            case "nodes" -> nodes();
            case "quorate" -> IpcMessage.ok().put("quorate", status.getBool("quorate"));
            default -> {
                adminRequests.add(req);
                if ("votes".equals(req.op())) yield IpcMessage.error("permission denied: votes needs root (peer is bob)");
                yield "expected".equals(req.op()) && req.getInt("votes", 0) < 1
                        ? IpcMessage.error("expected votes must be at least 1") : IpcMessage.ok();
            }
        };
        read = new IpcServer(root.socket("cman"), false, h).start("test");
        admin = new IpcServer(root.adminSocket("cman"), true, h).start("test-admin");
    }

    @AfterEach
    void stop() {
        read.close();
        admin.close();
    }

    private void check(String name, String... args) throws IOException {
        check(name, dir, args);
    }

    private void check(String name, Path root, String... args) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int rc = new CmanTool(new ClusterRoot(root), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("TZ", "UTC")).execute(args);
        String o = out.toString(StandardCharsets.UTF_8), e = err.toString(StandardCharsets.UTF_8)
                .replace(root.toString(), "$ROOT");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(GOLDEN.resolve(name + ".out"), o);
            Files.writeString(GOLDEN.resolve(name + ".err"), e);
            Files.writeString(GOLDEN.resolve(name + ".rc"), rc + "\n");
            return;
        }
        assertEquals(Files.readString(GOLDEN.resolve(name + ".out")), o, name + " stdout");
        assertEquals(Files.readString(GOLDEN.resolve(name + ".err")), e, name + " stderr");
        assertEquals(Files.readString(GOLDEN.resolve(name + ".rc")).trim(), String.valueOf(rc), name + " exit code");
    }

    @Test void statusWithQuorumDevice() throws IOException { check("status-qdisk", "status"); }

    @Test void statusInquorateSaysActivityBlocked() throws IOException {
        status = IpcMessage.ok();
        seed000Status().fields().forEach(status::put);
        status.put("nodes", 1).put("total_votes", 1).put("quorum", 4).put("quorate", false)
                .put("flags", "").put("subsystems", "");
        status = without(status, "quorum_device_votes");
        check("status-inquorate", "status");
    }

    @Test void statusTwoNode() throws IOException {
        status = IpcMessage.ok();
        seed000Status().fields().forEach(status::put);
        status.put("nodes", 2).put("expected_votes", 1).put("total_votes", 2).put("quorum", 1)
                .put("flags", CmanWire.joinStrings(List.of("2node"))).put("subsystems", "")
                .put("multicast", "255.255.255.255");
        status = without(status, "quorum_device_votes");
        check("status-two-node", "status");
    }

    @Test void nodesTable() throws IOException { check("nodes", "nodes"); }
    @Test void nodesWithAddresses() throws IOException { check("nodes-a", "nodes", "-a"); }
    @Test void oneNode() throws IOException { check("nodes-n", "nodes", "-n", "web1"); }
    @Test void unknownNode() throws IOException { check("nodes-n-unknown", "nodes", "-n", "nosuch"); }
    @Test void nodesFormat() throws IOException { check("nodes-F", "nodes", "-F", "id,type,name"); }
    @Test void badFormat() throws IOException { check("nodes-F-bad", "nodes", "-F", "id,colour"); }
    @Test void version() throws IOException { check("version", "version"); }

    @Test void expectedSendsVotes() throws IOException {
        check("expected", "expected", "-e", "3");
        assertEquals("3", adminRequests.get(0).get("votes"));
    }

    @Test void expectedRejected() throws IOException { check("expected-zero", "expected", "-e", "0"); }
    @Test void expectedWithoutValue() throws IOException { check("expected-missing", "expected"); }

    @Test void killByName() throws IOException {
        check("kill", "kill", "-n", "Mysql1");
        assertEquals("kill", adminRequests.get(0).op());
        assertEquals("3", adminRequests.get(0).get("nodeid"));
    }

    @Test void killUnknownNode() throws IOException { check("kill-unknown", "kill", "-n", "nosuch"); }
    /** The daemon's admin socket refuses non-root callers (SO_PEERCRED); the tool says so. */
    @Test void nonRootAdminRequest() throws IOException { check("votes-not-root", "votes", "-v", "2"); }

    @Test void unknownCommand() throws IOException { check("unknown-command", "frobnicate"); }

    @Test void notRunning(@TempDir Path empty) throws IOException { check("not-running", empty, "status"); }

    @Test void waitTimesOutWithTwo() throws IOException {
        status.put("quorate", false);
        check("wait-timeout", "wait", "-q", "-t", "0");
    }

    @Test void waitReturnsAtOnceWhenQuorate() throws IOException { check("wait-quorate", "wait", "-q", "-t", "5"); }

    private static IpcMessage without(IpcMessage m, String key) {
        IpcMessage out = new IpcMessage();
        m.fields().forEach((k, v) -> { if (!k.equals(key)) out.put(k, v); });
        return out;
    }
}
