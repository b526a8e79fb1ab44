package org.jrhcs.rg.core.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Regression cases in the manner of Pacemaker's scheduler tests: each file under
 * {@code placement/} is an input, a line {@code --- expected}, and the plan. Run with
 * {@code -Dplacement.update=true} to rewrite the expected parts, then review the diff.
 */
class PlacementCasesTest {
    private static final String SEPARATOR = "--- expected\n";

    @TestFactory
    Stream<DynamicTest> cases() throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getResource("/placement").toURI());
        return Files.list(dir).filter(p -> p.toString().endsWith(".txt")).sorted()
                .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
    }

    private static void check(Path file) throws IOException {
        String text = Files.readString(file);
        int cut = text.indexOf(SEPARATOR);
        if (cut < 0) throw new AssertionError(file + ": no '--- expected' line");
        String input = text.substring(0, cut);
        String actual = PlacementScenario.render(Planner.plan(PlacementScenario.parse(input)));
        if (Boolean.getBoolean("placement.update")) {
            Path source = Path.of("src/test/resources/placement").resolve(file.getFileName());
            Files.writeString(source, input + SEPARATOR + actual);
            return;
        }
        assertEquals(text.substring(cut + SEPARATOR.length()), actual, file.getFileName() + ": " + text.lines().findFirst().orElse(""));
    }
}
