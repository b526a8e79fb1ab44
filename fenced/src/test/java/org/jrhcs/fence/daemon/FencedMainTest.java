package org.jrhcs.fence.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** fenced's command line: the agent timeout option (-t) is listed and checked before anything starts. */
class FencedMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

    private int run(String... args) {
        return FencedMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsTheAgentTimeout() {
        assertEquals(0, run("-h"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("  -t <secs>    Kill a fence agent that has not finished after secs (default 60)\n"));
    }

    @Test
    void aZeroOrMissingTimeoutIsRefused() {
        assertEquals(1, run("-t", "0"));
        assertEquals("fenced: -t needs at least 1 second\n", err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(1, run("-t"));
        assertEquals("fenced: option needs a number of seconds\n", err.toString(StandardCharsets.UTF_8));
    }
}
