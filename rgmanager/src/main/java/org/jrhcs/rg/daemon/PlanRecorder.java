package org.jrhcs.rg.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.jrhcs.rg.core.placement.Action;
import org.jrhcs.rg.core.placement.PlacementInput;
import org.jrhcs.rg.core.placement.PlacementScenario;

/**
 * Saves each planner input with its plan as {@code pe-input-N.txt} under
 * {@code var/lib/cluster/rgmanager/}, in the format of the placement regression cases
 * (input, {@code --- expected}, plan), so any decision made in production can be
 * replayed or copied into {@code src/test/resources/placement/} as a new case. The
 * series is bounded: N runs from 0 to {@code keep - 1} and then wraps, and
 * {@code pe-input.last} names the newest file.
 */
public final class PlanRecorder {
    private final Path dir;
    private final int keep;
    private int next;

    public PlanRecorder(Path dir, int keep) {
        this.dir = dir;
        this.keep = Math.max(1, keep);
        try {
            next = (Integer.parseInt(Files.readString(dir.resolve("pe-input.last")).trim()) + 1) % this.keep;
        } catch (IOException | NumberFormatException e) {
            next = 0;
        }
    }

    /** Writes one case; an I/O problem is returned as text for the log, never thrown. */
    public String record(PlacementInput input, List<Action> plan, String comment) {
        try {
            Files.createDirectories(dir);
            String text = "# " + comment + "\n" + PlacementScenario.format(input) + "--- expected\n" + PlacementScenario.render(plan);
            Path file = dir.resolve("pe-input-" + next + ".txt");
            Path tmp = dir.resolve(".pe-input.tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(dir.resolve("pe-input.last"), next + "\n");
            next = (next + 1) % keep;
            return null;
        } catch (IOException e) {
            return "cannot record planner input under " + dir + ": " + e.getMessage();
        }
    }
}
