package org.jrhcs.ccsd.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Replaces a file so that a crash at any moment leaves either the old or the new
 * content under its name, never a mix: the new bytes go to {@code NAME.tmp} in the same
 * directory and are fsynced, the old file is copied to {@code NAME.bak} (itself
 * written the same way), the temporary file is renamed over the old one, and the
 * directory is fsynced so the rename survives a power cut. Plain JDK, so ccs_tool
 * uses it too.
 */
public final class AtomicFile {
    public static final String TEMP_SUFFIX = ".tmp";
    public static final String BACKUP_SUFFIX = ".bak";

    /** Test seam: called between the steps; a test kills the process here to prove the claim above. */
    @FunctionalInterface
    public interface CrashPoint {
        CrashPoint NONE = step -> {};

        void reached(String step) throws IOException;
    }

    private AtomicFile() {}

    public static void write(Path target, byte[] data, boolean keepBackup) throws IOException {
        write(target, data, keepBackup, CrashPoint.NONE);
    }

    public static void write(Path target, byte[] data, boolean keepBackup, CrashPoint crash) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = sibling(target, TEMP_SUFFIX);
        Set<PosixFilePermission> mode = Files.exists(target) ? Files.getPosixFilePermissions(target) : null;
        writeSynced(tmp, data);
        if (mode != null) Files.setPosixFilePermissions(tmp, mode);
        crash.reached("written");
        if (keepBackup && Files.exists(target)) {
            Path bak = sibling(target, BACKUP_SUFFIX);
            Path bakTmp = sibling(bak, TEMP_SUFFIX);
            writeSynced(bakTmp, Files.readAllBytes(target));
            if (mode != null) Files.setPosixFilePermissions(bakTmp, mode);
            Files.move(bakTmp, bak, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        crash.reached("before-rename");
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(dir);
    }

    /** Removes what a crash before the rename left behind; true if there was something. */
    public static boolean removeStaleTemp(Path target) throws IOException {
        return Files.deleteIfExists(sibling(target, TEMP_SUFFIX));
    }

    public static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    private static void writeSynced(Path file, byte[] data) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(data);
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        }
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse fsync on a directory; the rename itself is still atomic.
        }
    }
}
