package org.jrhcs.bench;

import java.util.concurrent.TimeUnit;
import org.jrhcs.cman.core.QuorumPolicy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** cman's quorum decision ({@link QuorumPolicy#evaluate}): 16 nodes and a quorum disk. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class QuorumBenchmark {
    // not final: JMH must not let the compiler fold the inputs into a constant
    int memberVotes = 12;
    QuorumPolicy.Input input = new QuorumPolicy.Input(31, 31, 12, 15, false, false);

    @Benchmark
    public QuorumPolicy.Result evaluate() {
        return QuorumPolicy.evaluate(new QuorumPolicy.Input(input.expectedVotes(), input.lmsExpected(), memberVotes,
                input.deviceVotes(), false, false));
    }
}
