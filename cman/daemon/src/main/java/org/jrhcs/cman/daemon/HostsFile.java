package org.jrhcs.cman.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Resolves node names: first through {@code $CLUSTER_ROOT/etc/hosts} (how the sandbox
 * gives every node of one machine its own address), then through the system resolver.
 */
public final class HostsFile {
    private final Map<String, String> names = new HashMap<>();

    public HostsFile(Path file) {
        if (!Files.isRegularFile(file)) return;
        try {
            for (String line : Files.readAllLines(file)) {
                int hash = line.indexOf('#');
                String l = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (l.isEmpty()) continue;
                String[] f = l.split("\\s+");
                for (int i = 1; i < f.length; i++) names.putIfAbsent(f[i], f[0]);
            }
        } catch (IOException e) {
            // an unreadable hosts file is the same as none: the system resolver decides
        }
    }

    public InetAddress resolve(String name) throws UnknownHostException {
        String addr = names.get(name);
        return InetAddress.getByName(addr != null ? addr : name);
    }
}
