package org.jrhcs.qdisk.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jrhcs.qdisk.core.QdiskConfig;

/**
 * What a new cluster.conf changes for a running qdiskd, as qdisk(5) allows: status_file,
 * reboot, allow_kill, paranoid, io_timeout, max_error_cycles and stop_cman change at once;
 * votes change too (cman is told the device's new votes; qdisk(5): "may change during
 * normal operation, for example when adding or removing a node"), and master_wins turns
 * off when a node is added or votes are set (its two-node default no longer applies).
 * Timings, min_score, the device and the heuristics ("may not be changed while qdiskd is
 * running") keep their start values and are named for the log. Pure.
 */
final class QdiskReload {
    private QdiskReload() {}

    /** @param applied the configuration to run with; {@code changed} and {@code ignored} name the options, for the log */
    record Outcome(QdiskConfig applied, List<String> changed, List<String> ignored) {}

    static Outcome of(QdiskConfig running, QdiskConfig newer) {
        QdiskConfig r = running.withRuntimeOptions(newer);
        boolean masterWins = running.masterWins() && newer.masterWins();
        QdiskConfig applied = new QdiskConfig(r.intervalMs(), r.tko(), r.tkoUp(), r.upgradeWait(), r.masterWait(),
                newer.votes(), r.minScore(), masterWins, r.allowKill(), r.reboot(), r.paranoid(), r.ioTimeout(),
                r.maxErrorCycles(), r.stopCman(), r.label(), r.device(), r.cmanLabel(), r.statusFile(), r.heuristics());
        List<String> changed = new ArrayList<>(), ignored = new ArrayList<>();
        diff(changed, "votes", running.votes(), applied.votes());
        diff(changed, "master_wins", running.masterWins(), applied.masterWins());
        diff(changed, "allow_kill", running.allowKill(), applied.allowKill());
        diff(changed, "reboot", running.reboot(), applied.reboot());
        diff(changed, "paranoid", running.paranoid(), applied.paranoid());
        diff(changed, "io_timeout", running.ioTimeout(), applied.ioTimeout());
        diff(changed, "max_error_cycles", running.maxErrorCycles(), applied.maxErrorCycles());
        diff(changed, "stop_cman", running.stopCman(), applied.stopCman());
        diff(changed, "status_file", running.statusFile(), applied.statusFile());
        diff(ignored, "interval (ms)", running.intervalMs(), newer.intervalMs());
        diff(ignored, "tko", running.tko(), newer.tko());
        diff(ignored, "tko_up", running.tkoUp(), newer.tkoUp());
        diff(ignored, "upgrade_wait", running.upgradeWait(), newer.upgradeWait());
        diff(ignored, "master_wait", running.masterWait(), newer.masterWait());
        diff(ignored, "min_score", running.minScore(), newer.minScore());
        diff(ignored, "label", running.label(), newer.label());
        diff(ignored, "device", running.device(), newer.device());
        diff(ignored, "cman_label", running.cmanLabel(), newer.cmanLabel());
        if (!running.heuristics().equals(newer.heuristics())) ignored.add("heuristics");
        return new Outcome(applied, changed, ignored);
    }

    private static void diff(List<String> out, String name, Object before, Object after) {
        if (!Objects.equals(before, after)) out.add(name + " " + before + " -> " + after);
    }
}
