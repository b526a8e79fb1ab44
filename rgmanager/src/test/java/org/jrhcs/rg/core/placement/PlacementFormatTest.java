package org.jrhcs.rg.core.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A recorded input replays to the same decision: for every regression case,
 * format(parse(input)) parses back to an equal input with the same plan.
 */
class PlacementFormatTest {
    @TestFactory Stream<DynamicTest> everyCaseRoundTrips() throws Exception {
        Path dir = Path.of(getClass().getResource("/placement").toURI());
        return Files.list(dir).filter(p -> p.toString().endsWith(".txt")).sorted().map(p -> DynamicTest.dynamicTest(
                p.getFileName().toString(), () -> {
                    String text = Files.readString(p);
                    PlacementInput in = PlacementScenario.parse(text.substring(0, text.indexOf("--- expected")));
                    PlacementInput again = PlacementScenario.parse(PlacementScenario.format(in));
                    assertEquals(in.view(), again.view());
                    assertEquals(in.services(), again.services());
                    assertEquals(in.domains(), again.domains());
                    assertEquals(in.trigger(), again.trigger());
                    assertEquals(in.avoid(), again.avoid());
                    assertEquals(PlacementScenario.render(Planner.plan(in)), PlacementScenario.render(Planner.plan(again)));
                }));
    }
}
