package org.jrhcs.rg.agent;

import java.time.Duration;
import org.jrhcs.rg.core.OcfExit;

/** How one agent action ended: its exit code (1 after a timeout), its output, how long it took. */
public record AgentResult(String action, int exitCode, String output, boolean timedOut, Duration elapsed) {

    public OcfExit exit() { return OcfExit.of(exitCode); }

    public boolean succeeded() { return !timedOut && OcfExit.succeeded(action, exitCode); }
}
