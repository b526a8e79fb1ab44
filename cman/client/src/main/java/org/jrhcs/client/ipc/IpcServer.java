package org.jrhcs.client.ipc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Serves one Unix domain socket: one thread per connection, requests answered in
 * order. A malformed frame gets an error reply and the connection is closed; the
 * server itself never stops because of a client. The socket file gets mode 0666
 * (read-only socket) or 0600 (admin socket); on an admin socket every request must
 * come from a peer whose credentials (SO_PEERCRED) say root, or from the user the
 * daemon runs as. At most {@value #MAX_CONNECTIONS} connections are served at once (one
 * thread each); a client beyond that gets an error reply and is closed, so a local user
 * cannot exhaust the daemon's threads through the world-writable read-only socket.
 */
public final class IpcServer implements AutoCloseable {
    public static final int MAX_CONNECTIONS = 256;

    /** Answers one request. May keep the connection for events through {@link Connection#push}. */
    public interface Handler {
        IpcMessage handle(IpcMessage request, Connection connection);
    }

    /** One client connection, with the identity the kernel vouches for. */
    public static final class Connection {
        private final SocketChannel channel;
        private final OutputStream out;
        private final String user;
        private volatile Runnable onClose = () -> {};

        Connection(SocketChannel channel, String user) {
            this.channel = channel;
            this.out = ChannelStreams.out(channel);
            this.user = user;
        }

        /** The peer's user name from SO_PEERCRED, or "?" when the kernel did not say. */
        public String user() { return user; }

        public boolean isPrivileged() {
            return "root".equals(user) || user.equals(System.getProperty("user.name"));
        }

        /** Sends an unsolicited message (an event); false when the client has gone. */
        public boolean push(IpcMessage message) {
            try {
                synchronized (out) { IpcCodec.write(out, message); }
                return true;
            } catch (IOException | IpcException e) {
                return false;
            }
        }

        /** Runs when the client disconnects (to drop its subscriptions). */
        public void onClose(Runnable r) { onClose = r; }

        public boolean isOpen() { return channel.isOpen(); }
    }

    private final Path path;
    private final boolean admin;
    private final Handler handler;
    private final ServerSocketChannel server;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public IpcServer(Path path, boolean admin, Handler handler) throws IOException {
        this.path = path;
        this.admin = admin;
        this.handler = handler;
        Files.createDirectories(path.getParent());
        Files.deleteIfExists(path);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        // Bound under a random name and given its mode before it appears under the name
        // clients use: the socket never exists there with the umask's mode.
        // The random name is short (at most 9 characters): a socket path is limited to 107
        // bytes, and a deep cluster root (a sandbox under a build directory) must not fail
        // on the staging name when the real one fits.
        Path staging = path.resolveSibling(".s" + Integer.toHexString(
                java.util.concurrent.ThreadLocalRandom.current().nextInt() & 0xfffffff));
        try {
            server.bind(UnixDomainSocketAddress.of(staging));
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString(admin ? "rw-------" : "rw-rw-rw-"));
            Files.move(staging, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(staging);
            throw e;
        }
    }

    public Path path() { return path; }

    /** Accepts connections on a daemon thread until {@link #close}. */
    public IpcServer start(String name) {
        Thread t = new Thread(this::acceptLoop, name + "-accept");
        t.setDaemon(true);
        t.start();
        return this;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel ch = server.accept();
                if (open.size() >= MAX_CONNECTIONS) {
                    refuseBusy(ch);
                    continue;
                }
                open.add(ch);
                Thread t = new Thread(() -> serve(ch), "ipc-" + path.getFileName());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (closed) return;
            }
        }
    }

    private void serve(SocketChannel ch) {
        Connection conn = new Connection(ch, peerUser(ch));
        try (ch) {
            InputStream in = ChannelStreams.in(ch);
            while (!closed) {
                IpcMessage request;
                try {
                    request = IpcCodec.read(in);
                } catch (IpcException e) {
                    conn.push(IpcMessage.error("malformed request: " + e.getMessage()));
                    return;
                }
                if (request == null) return;
                IpcMessage reply;
                if (request.op() == null) {
                    reply = IpcMessage.error("malformed request: no op field");
                } else if (admin && !conn.isPrivileged()) {
                    reply = IpcMessage.error("permission denied: " + request.op() + " needs root (peer is " + conn.user() + ")");
                } else {
                    try {
                        reply = handler.handle(request, conn);
                    } catch (IpcException | IllegalArgumentException e) {
                        reply = IpcMessage.error(e.getMessage());
                    } catch (RuntimeException e) {
                        reply = IpcMessage.error("internal error: " + e);
                    }
                }
                if (reply != null && !conn.push(reply)) return;
            }
        } catch (IOException ignored) {
            // the client went away; nothing to answer
        } finally {
            open.remove(ch);
            conn.onClose.run();
        }
    }

    private static void refuseBusy(SocketChannel ch) {
        try (ch) {
            ch.configureBlocking(false);
            // Non-blocking: a client that does not read cannot stall the accept loop.
            ch.write(java.nio.ByteBuffer.wrap(IpcCodec.encode(
                    IpcMessage.error("too many connections (limit " + MAX_CONNECTIONS + "); try again"))));
        } catch (IOException ignored) {
            // it is being closed anyway
        }
    }

    private static String peerUser(SocketChannel ch) {
        try {
            UnixDomainPrincipal p = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return p.user().getName();
        } catch (IOException | UnsupportedOperationException e) {
            return "?";
        }
    }

    @Override public void close() {
        closed = true;
        try { server.close(); } catch (IOException ignored) { /* already closed */ }
        for (SocketChannel ch : open) {
            try { ch.close(); } catch (IOException ignored) { /* already closed */ }
        }
        try { Files.deleteIfExists(path); } catch (IOException ignored) { /* left for the next start to replace */ }
    }
}
