package org.jrhcs.cman.daemon;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.jrhcs.ccs.model.Cluster;
import org.jrhcs.client.ClusterRoot;

/**
 * The shared secret of a cluster, read from a key file (see cman/README.md "Security").
 *
 * <p>Which file: {@code <cman keyfile>}; else {@code <totem keyfile>} unless
 * {@code secauth="off"}; else {@value #AIS_AUTHKEY} when {@code <totem secauth="on">};
 * else none (traffic in the clear). Paths are resolved under $CLUSTER_ROOT.
 *
 * @param file     where the key was read from (for log lines)
 * @param material the file's bytes (16 bytes to 64 KiB)
 */
public record ClusterKey(Path file, byte[] material) {
    /** openais' fixed key file, the one {@code <totem secauth="on">} reads in RHCS 5. */
    public static final String AIS_AUTHKEY = "/etc/ais/authkey";
    public static final int MIN_BYTES = 16, MAX_BYTES = 64 * 1024;

    /** The configured key file (as written in cluster.conf), or null when traffic is not authenticated. */
    public static String configuredPath(Cluster c) {
        if (c.cman != null && c.cman.keyfile != null && !c.cman.keyfile.isBlank()) return c.cman.keyfile;
        if (c.totem == null) return null;
        String secauth = c.totem.secauth == null ? "" : c.totem.secauth.trim().toLowerCase();
        if (secauth.equals("off") || secauth.equals("no") || secauth.equals("0")) return null;
        if (c.totem.keyfile != null && !c.totem.keyfile.isBlank()) return c.totem.keyfile;
        if (secauth.equals("on") || secauth.equals("yes") || secauth.equals("1")) return AIS_AUTHKEY;
        return null;
    }

    /** Reads the configured key, or returns null when none is configured. */
    public static ClusterKey fromConfig(Cluster c, ClusterRoot root) {
        String p = configuredPath(c);
        return p == null ? null : load(root.resolve(p));
    }

    /**
     * Reads and checks a key file. Every problem is an IllegalArgumentException naming the
     * file: missing, unreadable, not a regular file, owned by someone other than root or
     * this user, readable or writable by group or others, too short or too long.
     */
    public static ClusterKey load(Path file) {
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("key file " + file + " does not exist (create it with ccs_keygen)");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read key file " + file + ": " + e);
        }
        if (a.isSymbolicLink()) {
            // Follow once so the checks below apply to the real file.
            try {
                a = Files.readAttributes(file, PosixFileAttributes.class);
            } catch (IOException e) {
                throw new IllegalArgumentException("key file " + file + " is a dangling link: " + e.getMessage());
            }
        }
        if (!a.isRegularFile()) throw new IllegalArgumentException("key file " + file + " is not a regular file");
        String problem = permissionProblem(a.permissions(), a.owner().getName(), System.getProperty("user.name"));
        if (problem != null) throw new IllegalArgumentException("key file " + file + " " + problem);
        if (a.size() < MIN_BYTES || a.size() > MAX_BYTES)
            throw new IllegalArgumentException("key file " + file + " has " + a.size() + " bytes; a key has "
                    + MIN_BYTES + " to " + MAX_BYTES + " (ccs_keygen writes 128)");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("cannot read key file " + file + ": permission denied");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read key file " + file + ": " + e);
        }
        if (bytes.length < MIN_BYTES)
            throw new IllegalArgumentException("key file " + file + " has " + bytes.length + " bytes; at least " + MIN_BYTES);
        return new ClusterKey(file, bytes);
    }

    /** Why these permissions are unsafe for a key file, or null. Pure: the policy the tests table. */
    static String permissionProblem(Set<PosixFilePermission> perms, String owner, String currentUser) {
        Set<PosixFilePermission> others = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_EXECUTE);
        others.retainAll(perms);
        if (!others.isEmpty())
            return "is accessible by group or others (" + PosixFilePermissions.toString(perms)
                    + "); run chmod 0400 on it";
        if (!owner.equals("root") && !owner.equals(currentUser))
            return "belongs to " + owner + ", not root";
        return null;
    }

    /** The cipher for one cluster channel. */
    public WireCipher cipher(String channelName) { return new WireCipher(material, channelName); }

    @Override public String toString() { return "ClusterKey[" + file + "]"; }
}
