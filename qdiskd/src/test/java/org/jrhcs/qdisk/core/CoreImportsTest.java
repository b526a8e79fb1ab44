package org.jrhcs.qdisk.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** STYLE.md: the core is pure. No threads, files, sockets, clocks, Log4j, JGroups or unseeded Random. */
class CoreImportsTest {
    private static final Pattern FORBIDDEN = Pattern.compile(
            "java\\.io\\.(File|.*Stream|.*Reader|.*Writer)\\b|java\\.nio\\.(file|channels)\\b|java\\.net\\b"
            + "|java\\.util\\.concurrent\\b|\\bThread\\b|org\\.apache\\.logging|org\\.jgroups"
            + "|System\\.(currentTimeMillis|nanoTime)|java\\.time\\.(Clock|Instant\\.now)|new Random\\(\\)|Math\\.random");

    @Test
    void coreUsesNoMechanism() throws IOException {
        Path core = Path.of("src/main/java/org/jrhcs/qdisk/core");
        List<String> bad = new ArrayList<>();
        try (Stream<Path> files = Files.list(core)) {
            for (Path f : files.toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String l = lines.get(i);
                    if (l.trim().startsWith("*") || l.trim().startsWith("//")) continue;
                    if (FORBIDDEN.matcher(l).find()) bad.add(f.getFileName() + ":" + (i + 1) + ": " + l.trim());
                }
            }
        }
        assertTrue(bad.isEmpty(), "mechanism in the core:\n" + String.join("\n", bad));
    }
}
