package org.jrhcs.cman.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The core stays pure (STYLE.md): no JGroups, Log4j, threads, sockets, files or clocks. */
class CorePurityTest {
    private static final Pattern FORBIDDEN = Pattern.compile(
            "import\\s+(org\\.jgroups|org\\.apache\\.logging|java\\.net|java\\.nio\\.file|java\\.io\\.File"
                    + "|java\\.util\\.concurrent|java\\.time\\.Clock)"
                    + "|System\\.(currentTimeMillis|nanoTime)|new\\s+Thread|new\\s+Random\\(\\)|Instant\\.now|LocalDateTime\\.now");

    @Test
    void coreImportsNoMechanism() throws IOException {
        Path core = Path.of("src/main/java/org/jrhcs/cman/core");
        List<String> bad = new ArrayList<>();
        try (Stream<Path> files = Files.list(core)) {
            for (Path f : files.toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++)
                    if (FORBIDDEN.matcher(lines.get(i)).find()) bad.add(f.getFileName() + ":" + (i + 1) + ": " + lines.get(i).trim());
            }
        }
        assertTrue(bad.isEmpty(), "mechanism in the core: " + bad);
    }

    @Test
    void onlyTheAdapterImportsJGroups() throws IOException {
        List<String> bad = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList())
                if (!f.getFileName().toString().equals("JGroupsAdapter.java") && Files.readString(f).contains("import org.jgroups"))
                    bad.add(f.toString());
        }
        assertTrue(bad.isEmpty(), "JGroups outside JGroupsAdapter: " + bad);
    }
}
