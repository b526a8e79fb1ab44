package org.jrhcs.fence.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The core takes time and membership as inputs: no clocks, threads, files, sockets or logging framework. */
class CorePurityTest {
    private static final List<String> FORBIDDEN = List.of("java.io.", "java.nio.", "java.net.", "java.util.concurrent",
            "org.apache.logging", "org.jgroups", "java.util.Random", "Thread", "System.currentTimeMillis",
            "System.nanoTime", "Instant.now", "Clock", "ProcessBuilder", "org.jrhcs.client.ipc");

    @Test
    void coreUsesNoForbiddenApi() throws IOException {
        Path core = Path.of("src/main/java/org/jrhcs/fence/core");
        List<String> offences = new ArrayList<>();
        try (Stream<Path> files = Files.list(core)) {
            for (Path f : files.toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String l = lines.get(i).strip();
                    if (l.startsWith("*") || l.startsWith("//") || l.startsWith("/*")) continue;
                    for (String bad : FORBIDDEN)
                        if (l.contains(bad)) offences.add(f.getFileName() + ":" + (i + 1) + ": " + bad);
                }
            }
        }
        assertEquals(List.of(), offences);
    }
}
