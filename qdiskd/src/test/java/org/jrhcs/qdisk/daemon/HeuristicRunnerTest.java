package org.jrhcs.qdisk.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jrhcs.qdisk.core.HeuristicSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Heuristics run with sh -c, each on its own thread, with the node's environment. */
class HeuristicRunnerTest {
    @TempDir Path dir;

    @Test
    void scoreFollowsProgramsAndASlowOneDelaysNobody() throws Exception {
        Path flag = dir.resolve("up");
        Files.createFile(flag);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        List<HeuristicSpec> hs = List.of(
                new HeuristicSpec("test -f \"$CLUSTER_ROOT/up\"", 2, 100, 2),
                new HeuristicSpec("sleep 5", 1, 3000, 1));
        try (HeuristicRunner r = new HeuristicRunner(hs, Map.of("CLUSTER_ROOT", dir.toString()), l -> log.add(l.toString()))) {
            r.start();
            QdiskLoopTest.await(() -> r.score() == 2, 2000, "the fast heuristic to count while the slow one runs");
            Files.delete(flag);
            QdiskLoopTest.await(() -> r.score() == 0, 2000, "the fast heuristic down after tko failures");
            // the score changes just before the line is logged: wait for the line too
            QdiskLoopTest.await(() -> log.contains("<warning> Heuristic: 'test -f \"$CLUSTER_ROOT/up\"' DOWN (2/2)"), 2000,
                    "the DOWN line; log: " + log);
            Files.createFile(flag);
            QdiskLoopTest.await(() -> r.score() == 2, 2000, "back up");
            QdiskLoopTest.await(() -> log.contains("<notice> Heuristic: 'test -f \"$CLUSTER_ROOT/up\"' UP"), 2000,
                    "the UP line; log: " + log);
        }
    }

    @Test
    void heuristicsRunInACleanEnvironmentAndAreKilledAtTheirInterval() throws Exception {
        // HOME, USER, MAVEN_* ... of the daemon must not reach the program; CLUSTER_ROOT does.
        Path seen = dir.resolve("env");
        List<HeuristicSpec> hs = List.of(
                new HeuristicSpec("env > \"$CLUSTER_ROOT/env\"; test -z \"$HOME$USER\" && test \"$LANG\" = C", 1, 200, 1),
                new HeuristicSpec("sleep 30; true", 1, 300, 1));
        try (HeuristicRunner r = new HeuristicRunner(hs, Map.of("CLUSTER_ROOT", dir.toString()), l -> { })) {
            r.start();
            QdiskLoopTest.await(() -> r.score() == 1, 3000, "the environment heuristic passes, the hung one does not count");
            QdiskLoopTest.await(() -> Files.exists(seen), 3000, "env written");
            List<String> names = Files.readAllLines(seen).stream().map(l -> l.substring(0, l.indexOf('=')))
                    .filter(n -> !List.of("PWD", "SHLVL", "_", "OLDPWD").contains(n)).sorted().toList();
            org.junit.jupiter.api.Assertions.assertEquals(List.of("CLUSTER_ROOT", "LANG", "PATH"), names);
            QdiskLoopTest.await(() -> ProcessHandle.current().descendants().anyMatch(
                    p -> p.info().commandLine().orElse("").contains("sleep 30")), 3000, "the hung heuristic running");
            long t0 = System.nanoTime();
            QdiskLoopTest.await(() -> ProcessHandle.current().descendants().noneMatch(
                    p -> p.info().commandLine().orElse("").contains("sleep 30")), 3000, "the hung heuristic killed at its interval");
            org.junit.jupiter.api.Assertions.assertTrue(r.score() <= 1);
            System.out.println("HeuristicRunnerTest: hung heuristic gone after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }
    }
}
