package org.jrhcs.tools.ccs_keygen;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.tools.Getopt;

/**
 * {@code ccs_keygen [-f] [-b BYTES] [FILE]}: writes a new random cluster key (as
 * corosync-keygen / ais-keygen do) for {@code <cman keyfile>} or
 * {@code <totem secauth="on">}. FILE is resolved under $CLUSTER_ROOT and defaults to
 * /etc/ais/authkey; it is written in full under a temporary name, mode 0400, owned by
 * the caller (root on a real node), then renamed into place. An existing FILE is kept
 * unless {@code -f} is given. Exit 0 on success, 1 on any error, 2 on bad usage.
 */
public final class CcsKeygen {
    static final String DEFAULT_FILE = "/etc/ais/authkey";
    static final int DEFAULT_BYTES = 128, MIN_BYTES = 16, MAX_BYTES = 4096;

    private CcsKeygen() {}

    public static void main(String[] args) {
        System.exit(run(args, ClusterRoot.fromEnvironment(), new SecureRandom(), System.out, System.err));
    }

    static int run(String[] args, ClusterRoot root, SecureRandom random, PrintStream out, PrintStream err) {
        Getopt g;
        int bytes = DEFAULT_BYTES;
        try {
            g = Getopt.parse(args, "fb:h");
            if (g.has('h')) { usage(out); return 0; }
            if (g.operands().size() > 1) throw new IllegalArgumentException("too many arguments");
            if (g.has('b')) {
                try {
                    bytes = Integer.parseInt(g.value('b'));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("-b needs a number of bytes, not \"" + g.value('b') + "\"");
                }
                if (bytes < MIN_BYTES || bytes > MAX_BYTES)
                    throw new IllegalArgumentException("-b must be " + MIN_BYTES + " to " + MAX_BYTES + " bytes");
            }
        } catch (IllegalArgumentException e) {
            err.println("ccs_keygen: " + e.getMessage());
            usage(err);
            return 2;
        }
        Path file = root.resolve(g.operands().isEmpty() ? DEFAULT_FILE : g.operands().get(0));
        try {
            write(file, bytes, g.has('f'), random);
        } catch (FileAlreadyExistsException e) {
            err.println("ccs_keygen: " + file + " already exists; use -f to replace it (every node then needs the new key)");
            return 1;
        } catch (IOException e) {
            err.println("ccs_keygen: cannot write " + file + ": " + e);
            return 1;
        }
        out.println("Wrote " + bytes + " random bytes to " + file + " (mode 0400). Copy it to every node securely.");
        return 0;
    }

    static void write(Path file, int bytes, boolean force, SecureRandom random) throws IOException {
        if (!force && Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS))
            throw new FileAlreadyExistsException(file.toString());
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir))
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        byte[] key = new byte[bytes];
        random.nextBytes(key);
        // Created 0600 (nobody else may ever read it), filled, synced, made 0400, then renamed.
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".",
                ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.WRITE));
                 OutputStream os = java.nio.channels.Channels.newOutputStream(ch)) {
                os.write(key);
                os.flush();
                ch.force(true);
            }
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r--------"));
            if (force) {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                // A hard link fails if the name appeared meanwhile: never replace without -f.
                Files.createLink(file, tmp);
                Files.delete(tmp);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void usage(PrintStream s) {
        s.println("usage: ccs_keygen [-f] [-b BYTES] [FILE]");
        s.println("  writes a random cluster key, mode 0400 (default FILE " + DEFAULT_FILE
                + ", under $CLUSTER_ROOT; " + DEFAULT_BYTES + " bytes)");
        s.println("  -f  replace an existing FILE");
    }
}
