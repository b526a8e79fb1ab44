package org.jrhcs.rg.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The replicated state machine uses no threads, sockets, files, clocks, randomness or logging framework. */
class CoreStatePurityTest {
    static final List<String> FORBIDDEN = List.of("java.io.", "java.nio", "java.net", "ProcessBuilder", "Thread", "System.",
            "java.util.concurrent", "java.time", "Random", "org.apache.logging", "org.jgroups", "IpcClient", "IpcServer");

    @Test void coreStateIsPure() throws Exception {
        Path dir = Path.of("src/main/java/org/jrhcs/rg/core/state");
        if (!Files.isDirectory(dir)) dir = Path.of("rgmanager").resolve(dir);
        List<String> bad = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList())
                for (String line : Files.readAllLines(f))
                    for (String word : FORBIDDEN)
                        if (line.contains(word) && !line.trim().startsWith("*") && !line.trim().startsWith("//"))
                            bad.add(f.getFileName() + ": " + line.trim());
        }
        assertEquals(List.of(), bad);
    }
}
