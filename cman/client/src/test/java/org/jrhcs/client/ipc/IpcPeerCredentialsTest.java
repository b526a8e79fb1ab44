package org.jrhcs.client.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real non-root process (python3 run as nobody through setpriv; root only) against real
 * sockets: the admin socket's file mode keeps it out; with that mode loosened, the
 * SO_PEERCRED check still refuses its request before any handler runs; the read-only
 * socket answers it. Every daemon's admin socket is an {@link IpcServer} with admin=true.
 */
class IpcPeerCredentialsTest {
    private static final String CLIENT = String.join("\n",
            "import socket, struct, sys",
            "s = socket.socket(socket.AF_UNIX)",
            "try:",
            "    s.connect(sys.argv[1])",
            "except PermissionError:",
            "    print('EACCES'); sys.exit(0)",
            "body = b'\\x01op=' + sys.argv[2].encode() + b'\\n'",
            "s.sendall(struct.pack('>I', len(body)) + body)",
            "h = b''",
            "while len(h) < 4: h += s.recv(4 - len(h))",
            "n = struct.unpack('>I', h)[0]; d = b''",
            "while len(d) < n: d += s.recv(n - len(d))",
            "print(d[1:].decode().replace('\\n', ' ').strip())");

    private static String asNobody(Path sock, String op) throws Exception {
        Process p = new ProcessBuilder(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "/usr/bin/python3", "-c", CLIENT, sock.toString(), op)).redirectErrorStream(true).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "client hung");
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }

    @Test
    void nonRootIsRefusedOnAdminSocketsAndServedOnReadSockets(@TempDir Path dir) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv"))
                && Files.isExecutable(Path.of("/usr/bin/python3")), "needs root, setpriv and python3");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        AtomicInteger handled = new AtomicInteger();
        IpcServer.Handler h = (req, conn) -> {
            handled.incrementAndGet();
            return IpcMessage.ok().put("peer", conn.user());
        };
        Path admin = dir.resolve("d-admin.sock"), read = dir.resolve("d.sock");
        try (IpcServer a = new IpcServer(admin, true, h).start("t-admin"); IpcServer r = new IpcServer(read, false, h).start("t")) {
            try (var listing = Files.list(dir)) {
                assertEquals(java.util.Set.of(admin, read), listing.collect(java.util.stream.Collectors.toSet()),
                        "only the two sockets, no staging name left behind");
            }
            assertEquals("EACCES", asNobody(admin, "kill"), "mode 0600 keeps others out");
            Files.setPosixFilePermissions(admin, PosixFilePermissions.fromString("rw-rw-rw-"));
            String refused = asNobody(admin, "kill");
            assertTrue(refused.contains("permission denied: kill needs root (peer is nobody)"), refused);
            assertEquals(0, handled.get(), "the handler ran for a refused peer");
            String served = asNobody(read, "status");
            assertTrue(served.contains("peer=nobody"), served);
            assertEquals(1, handled.get());
            assertEquals("root", IpcClient.request(admin, IpcMessage.request("kill")).get("peer"));
        }
    }
}
