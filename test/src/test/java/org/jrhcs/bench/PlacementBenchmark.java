package org.jrhcs.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jrhcs.rg.core.placement.Action;
import org.jrhcs.rg.core.placement.PlacementInput;
import org.jrhcs.rg.core.placement.PlacementScenario;
import org.jrhcs.rg.core.placement.Planner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * rgmanager's placement ({@link Planner#plan}) over 1,000 services and 32 nodes, each
 * service in one of 32 ordered domains of four nodes: a cold start (every service
 * placed) and the failure of one fenced node (its services taken over, the rest kept).
 * Run through test/bench/jmh.sh; not part of {@code mvn verify}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PlacementBenchmark {
    @Param("1000") int services;
    @Param("32") int nodes;

    PlacementInput coldStart;
    PlacementInput nodeFailed;

    @Setup
    public void setUp() {
        StringBuilder common = new StringBuilder("quorate yes\nnodes");
        for (int n = 1; n <= nodes; n++) common.append(" n").append(n);
        common.append('\n');
        for (int d = 0; d < nodes; d++) {
            common.append("domain d").append(d).append(" ordered");
            for (int k = 0; k < 4; k++) common.append(" n").append((d + k) % nodes + 1).append(':').append(k + 1);
            common.append('\n');
        }
        for (int s = 0; s < services; s++) common.append("service service:s").append(s).append(" domain=d").append(s % nodes).append('\n');
        StringBuilder cold = new StringBuilder(common).append("online");
        for (int n = 1; n <= nodes; n++) cold.append(" n").append(n);
        coldStart = PlacementScenario.parse(cold.append("\ntrigger evaluate\n").toString());
        // n1 failed and was fenced: the services whose first choice it was run there still
        StringBuilder failed = new StringBuilder(common).append("online");
        for (int n = 2; n <= nodes; n++) failed.append(" n").append(n);
        failed.append('\n');
        for (int s = 0; s < services; s++) {
            String owner = "n" + (s % nodes + 1);
            failed.append("state service:s").append(s).append(" started owner=").append(owner).append(" last=").append(owner).append('\n');
        }
        nodeFailed = PlacementScenario.parse(failed.append("trigger evaluate\n").toString());
        if (Planner.plan(coldStart).size() != services) throw new IllegalStateException("cold start does not place every service");
        if (Planner.plan(nodeFailed).isEmpty()) throw new IllegalStateException("a failed node's services are not taken over");
    }

    @Benchmark
    public List<Action> coldStart() { return Planner.plan(coldStart); }

    @Benchmark
    public List<Action> nodeFailed() { return Planner.plan(nodeFailed); }
}
