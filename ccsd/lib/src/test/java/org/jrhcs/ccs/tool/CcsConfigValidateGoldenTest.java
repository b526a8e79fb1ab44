package org.jrhcs.ccs.tool;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.jrhcs.client.ClusterRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden-file cases of ccs_config_validate under src/test/resources/golden/ccs_config_validate/
 * CASE/: {@code args} (one line; {@code {dir}} is the case's directory), optional
 * {@code cluster.conf} and {@code root/} (used as $CLUSTER_ROOT), and the expected
 * {@code stdout}, {@code stderr} and {@code exit}. {@code cases.txt} lists each case with
 * a one-line description. Output is compared byte for byte after the case directory is
 * written back as {@code {dir}}. Run with {@code -Dgolden.update=true} to rewrite the
 * expected files, then review the diff.
 */
class CcsConfigValidateGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/ccs_config_validate").toAbsolutePath();
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    static Stream<Arguments> cases() throws IOException {
        return Files.readAllLines(GOLDEN.resolve("cases.txt")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.trim().split("\\s+", 2))
                .map(parts -> Arguments.of(parts[0], parts.length > 1 ? parts[1] : ""));
    }

    @Test void everyCaseDirectoryIsRegistered() throws IOException {
        List<String> registered = cases().map(a -> (String) a.get()[0]).sorted().toList();
        try (Stream<Path> dirs = Files.list(GOLDEN)) {
            List<String> present = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(present, registered);
        }
    }

    @ParameterizedTest(name = "{0}: {1}") @MethodSource("cases")
    void matchesGolden(String name, String description) throws IOException {
        Path dir = GOLDEN.resolve(name);
        String argLine = Files.readString(dir.resolve("args")).trim().replace("{dir}", dir.toString());
        String[] args = argLine.isEmpty() ? new String[0] : argLine.split("\\s+");
        Path root = Files.isDirectory(dir.resolve("root")) ? dir.resolve("root") : dir.resolve("no-root");
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int rc = CcsConfigValidate.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ClusterRoot(root));
        String stdout = sanitize(out.toString(StandardCharsets.UTF_8), dir);
        String stderr = sanitize(err.toString(StandardCharsets.UTF_8), dir);
        if (UPDATE) {
            Files.writeString(dir.resolve("stdout"), stdout);
            Files.writeString(dir.resolve("stderr"), stderr);
            Files.writeString(dir.resolve("exit"), rc + "\n");
        }
        assertEquals(Files.readString(dir.resolve("stdout")), stdout, name + " stdout (args " + Arrays.toString(args) + ")");
        assertEquals(Files.readString(dir.resolve("stderr")), stderr, name + " stderr");
        assertEquals(Files.readString(dir.resolve("exit")).trim(), String.valueOf(rc), name + " exit code");
    }

    /** The one sanitiser: the case directory differs per checkout. */
    private static String sanitize(String text, Path dir) { return text.replace(dir.toString(), "{dir}"); }
}
