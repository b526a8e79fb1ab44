package org.jrhcs.fence.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * fenced's pid file, locked (fcntl) and holding our pid from start-up to exit, as RHCS's
 * fenced locks {@code fenced.pid}. Two fenced started at once on one node (an init script or
 * a test starting fenced while {@code fence_tool join} starts one of its own) each found no
 * fenced answering and both served; the later one replaced the earlier one's sockets, so one
 * of them ran unreachable, joined or not (a sandbox node booted again after a crash never
 * settled its fence domain). Only the holder of this lock serves; the other exits
 * "fenced is already running". The kernel drops the lock when the process dies, so a
 * pid file left by a killed fenced does not stop the next one.
 */
final class PidLock implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;

    private PidLock(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** The lock with our pid written, or null when another process holds it. */
    static PidLock acquire(Path path) throws IOException {
        Files.createDirectories(path.getParent());
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            ch.close();
            return null;
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        return new PidLock(path, ch);
    }

    /** Removes the pid file, then lets the lock go (the next fenced may start at once). */
    @Override public void close() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // the next fenced overwrites it
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing releases the lock; the process's exit would too
        }
    }
}
