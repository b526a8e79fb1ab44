package org.jrhcs.tools.drill;

import java.util.List;

/**
 * What a drill must show, as data: ordered log lines per node after an action of the
 * runner, lines that must not appear, and checks of what the runner recorded (command
 * output). The invariants (one owner, no takeover before the fence) apply to every drill.
 *
 * @param maxOutageMs the client's longest outage allowed, or null when only reported
 */
public record DrillSpec(String name, String title, String conf, List<Step> steps, List<Absent> absents,
                        List<ActionCheck> actionChecks, Long maxOutageMs, boolean needsRoot) {

    /** After the runner's action {@code after}, {@code node}'s log ("*": any one node's) shows these lines in order. */
    public record Step(String after, String node, List<Expect> lines) {}

    /** After the action {@code after}, no node's log shows {@code line}. */
    public record Absent(String after, Expect line, String why) {}

    /** The runner's record for action {@code key} contains every one of {@code lines} (regular expressions). */
    public record ActionCheck(String key, List<String> lines, String why) {}
}
