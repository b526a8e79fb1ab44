package org.jrhcs.rg.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The engine's core uses no processes, files, threads, clocks or randomness. */
class CorePurityTest {
    static final List<String> FORBIDDEN = List.of("java.io.", "java.nio.file", "ProcessBuilder", "Thread", "System.",
            "java.util.concurrent", "java.time.Instant", "java.time.Clock", "Random", "org.apache.logging", "org.jgroups");

    @Test
    void coreIsPure() throws Exception {
        Path core = null;
        for (Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath(); d != null && core == null; d = d.getParent()) {
            for (Path c : List.of(d.resolve("src/main/java/org/jrhcs/rg/core"), d.resolve("rgmanager/src/main/java/org/jrhcs/rg/core")))
                if (Files.isDirectory(c)) { core = c; break; }
        }
        List<String> bad = new ArrayList<>();
        try (Stream<Path> files = Files.list(core)) { // this package only; subpackages have their own owners
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList())
                for (String line : Files.readAllLines(f))
                    for (String word : FORBIDDEN)
                        if (line.contains(word) && !line.trim().startsWith("*") && !line.trim().startsWith("//"))
                            bad.add(f.getFileName() + ": " + line.trim());
        }
        assertEquals(List.of(), bad);
    }
}
