package org.jrhcs.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jrhcs.qdisk.core.CycleInput;
import org.jrhcs.qdisk.core.CycleOutcome;
import org.jrhcs.qdisk.core.QdiskConfig;
import org.jrhcs.qdisk.core.QdiskPolicy;
import org.jrhcs.qdisk.core.QdiskState;
import org.jrhcs.qdisk.core.StatusBlock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * qdiskd's per-cycle decision ({@link QdiskPolicy#step}) of the master of a 16-node
 * cluster in steady state: 16 status blocks read, nobody to evict. The cluster is run
 * from start-up (election) to steady state in the set-up, over an in-memory disk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class QdiskCycleBenchmark {
    static final int NODES = QdiskPolicy.MAX_NODES;
    QdiskConfig config;
    QdiskState master;
    CycleInput input;

    @Setup
    public void setUp() {
        config = new QdiskConfig(1000, 10, 3, 2, 5, 3, 0, false, true, true, false, false, 0, false, "qd", null, null, null, List.of());
        Map<Integer, QdiskState> states = new HashMap<>();
        Map<Integer, StatusBlock> disk = new HashMap<>();
        Set<Integer> members = new java.util.HashSet<>();
        for (int id = 1; id <= NODES; id++) { states.put(id, QdiskState.initial(id, id)); members.add(id); }
        long now = 0;
        for (int cycle = 0; cycle < 60; cycle++, now += config.intervalMs()) {
            for (int id = 1; id <= NODES; id++) {
                CycleOutcome o = QdiskPolicy.step(states.get(id), new CycleInput(now, disk, 1, members, 1000), config);
                for (StatusBlock b : o.writes()) disk.put(b.nodeId(), b);
                states.put(id, o.next());
            }
        }
        master = states.values().stream().filter(QdiskState::master).findFirst()
                .orElseThrow(() -> new IllegalStateException("no master after 60 cycles"));
        input = new CycleInput(now, disk, 1, members, 1000);
    }

    @Benchmark
    public CycleOutcome masterCycle() { return QdiskPolicy.step(master, input, config); }
}
