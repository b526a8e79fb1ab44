package org.jrhcs.rg.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jrhcs.client.ClusterRoot;

/**
 * Agents' meta-data output kept on disk, one file per agent, valid while the agent
 * file keeps its size and modification time. Running meta-data costs a process per
 * agent (Debian's 140 heartbeat agents take seconds); reading the files takes
 * milliseconds. Best effort: a directory that cannot be used means no disk cache, never
 * an error. The directory is {@code $JRHCS_RG_METADATA_CACHE}, else
 * {@code $CLUSTER_ROOT/var/run/cluster/rg-metadata} when that run directory exists
 * (cleared at boot), else a directory of this user's under the temporary directory.
 */
public final class MetadataDiskCache {
    public static final MetadataDiskCache NONE = new MetadataDiskCache(null);

    private final Path dir;

    public MetadataDiskCache(Path dir) {
        this.dir = dir;
    }

    public static MetadataDiskCache standard() {
        String env = System.getenv("JRHCS_RG_METADATA_CACHE");
        if (env != null && !env.isEmpty()) return usable(Path.of(env));
        Path run = ClusterRoot.fromEnvironment().runDir();
        if (Files.isDirectory(run) && Files.isWritable(run)) return usable(run.resolve("rg-metadata"));
        return usable(Path.of(System.getProperty("java.io.tmpdir"), "jrhcs-rg-metadata-" + System.getProperty("user.name")));
    }

    /** A cache in {@code dir} when it is (or can be made) ours alone; otherwise none. */
    static MetadataDiskCache usable(Path dir) {
        try {
            if (!Files.isDirectory(dir))
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            // Someone else's directory could feed us metadata; only trust our own.
            if (!Files.getOwner(dir).getName().equals(System.getProperty("user.name"))) return NONE;
            return new MetadataDiskCache(dir);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return NONE;
        }
    }

    /** The cached output for this agent file, or null. */
    public String get(Path agent, long size, long mtime) {
        if (dir == null) return null;
        try {
            String text = Files.readString(file(agent), StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            if (nl < 0 || !text.substring(0, nl).equals(stamp(agent, size, mtime))) return null;
            return text.substring(nl + 1);
        } catch (IOException e) {
            return null;
        }
    }

    public void put(Path agent, long size, long mtime, String output) {
        if (dir == null) return;
        try {
            Path f = file(agent);
            Path tmp = Files.createTempFile(dir, ".meta", ".tmp");
            Files.writeString(tmp, stamp(agent, size, mtime) + "\n" + output, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // best effort: the next run asks the agent again
        }
    }

    private static String stamp(Path agent, long size, long mtime) {
        return agent.toAbsolutePath() + " " + size + " " + mtime;
    }

    private Path file(Path agent) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(agent.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(h, 0, 16) + ".xml");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
