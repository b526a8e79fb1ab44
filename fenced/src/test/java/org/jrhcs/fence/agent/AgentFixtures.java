package org.jrhcs.fence.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Installs the test agents under a cluster root's usr/sbin (where fenced looks last). */
public final class AgentFixtures {
    private AgentFixtures() {}

    public static Path install(Path root, String agent) throws IOException {
        Path dir = Files.createDirectories(root.resolve("usr/sbin"));
        Path target = dir.resolve(agent);
        try (InputStream in = AgentFixtures.class.getResourceAsStream("/agents/" + agent)) {
            if (in == null) throw new IOException("no test agent " + agent);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        return target;
    }
}
