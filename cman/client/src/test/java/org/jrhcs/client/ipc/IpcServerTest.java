package org.jrhcs.client.ipc;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IpcServerTest {
    @Test void answersRequestsAndSurvivesGarbage(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("run/test.sock");
        try (IpcServer server = new IpcServer(sock, false, (req, conn) -> IpcMessage.ok().put("echo", req.get("x"))).start("test")) {
            assertEquals("rw-rw-rw-", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(sock));
                ch.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 3, 7, 'a', 'b'}));   // wrong version
                InputStream in = Channels.newInputStream(ch);
                IpcMessage reply = IpcCodec.read(in);
                assertFalse(reply.isOk());
                assertTrue(reply.errorText().startsWith("malformed request"), reply.errorText());
            }
            assertEquals("hello", IpcClient.request(sock, IpcMessage.request("echo").put("x", "hello")).get("echo"));
            IpcMessage noOp = IpcClient.request(sock, new IpcMessage().put("x", "1"));
            assertEquals("malformed request: no op field", noOp.errorText());
        }
        assertFalse(Files.exists(sock), "close removes the socket file");
    }

    @Test void adminSocketIsPrivate(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("admin.sock");
        try (IpcServer server = new IpcServer(sock, true, (req, conn) -> IpcMessage.ok().put("user", conn.user())).start("admin")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
            IpcMessage reply = IpcClient.request(sock, IpcMessage.request("who"));
            assertTrue(reply.isOk(), reply.toString());
            assertEquals(System.getProperty("user.name"), reply.get("user"), "SO_PEERCRED names the caller");
        }
    }

    @Test void missingSocketSaysDaemonIsNotRunning(@TempDir Path dir) {
        IpcException e = assertThrows(IpcException.class, () -> IpcClient.request(dir.resolve("none.sock"), IpcMessage.request("x")));
        assertTrue(e.getMessage().contains("is the daemon running?"), e.getMessage());
    }
}
