package org.jrhcs.client.ipc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A connection to a daemon's local socket. {@link #call} sends one request and waits
 * for its reply; a connection may also stay open to receive events ({@link #next}).
 */
public final class IpcClient implements AutoCloseable {
    private final Path socket;
    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;

    private IpcClient(Path socket, SocketChannel channel) {
        this.socket = socket;
        this.channel = channel;
        this.in = ChannelStreams.in(channel);
        this.out = ChannelStreams.out(channel);
    }

    /** Connects, or throws an {@link IpcException} that says which daemon is not running. */
    public static IpcClient connect(Path socket) {
        if (!Files.exists(socket))
            throw new IpcException("cannot connect to " + socket + ": no such socket (is the daemon running?)");
        try {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            return new IpcClient(socket, ch);
        } catch (IOException e) {
            throw new IpcException("cannot connect to " + socket + ": " + e.getMessage(), e);
        }
    }

    /** One request, one reply, on a fresh connection. */
    public static IpcMessage request(Path socket, IpcMessage request) {
        try (IpcClient c = connect(socket)) {
            return c.call(request);
        }
    }

    public IpcMessage call(IpcMessage request) {
        send(request);
        IpcMessage reply = next();
        if (reply == null) throw new IpcException(socket + ": connection closed before a reply");
        return reply;
    }

    public void send(IpcMessage message) {
        try {
            IpcCodec.write(out, message);
        } catch (IOException e) {
            throw new IpcException(socket + ": " + e.getMessage(), e);
        }
    }

    /** The next message from the daemon, or null when it closed the connection. */
    public IpcMessage next() {
        try {
            return IpcCodec.read(in);
        } catch (IOException e) {
            throw new IpcException(socket + ": " + e.getMessage(), e);
        }
    }

    @Override public void close() {
        try { channel.close(); } catch (IOException ignored) { /* nothing left to release */ }
    }
}
