package org.jrhcs.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.ccs.ConfNode;
import org.jrhcs.rg.agent.AgentCatalog;
import org.jrhcs.rg.core.Delta;
import org.jrhcs.rg.core.ResourceTree;
import org.jrhcs.rg.core.TreeBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * rgmanager's reload delta ({@link Delta#between}) of two resource trees of 1,000
 * services (ip + script each) where 10 services changed a parameter and one was added:
 * what a {@code ccs_tool update} costs the daemon. Agents from rgmanager/agents
 * (-Dbench.agents=DIR elsewhere).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DeltaBenchmark {
    @Param("1000") int services;
    ResourceTree older;
    ResourceTree newer;

    static String conf(int services, int changed, int added) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?>\n<cluster name=\"bench\" config_version=\"1\"><rm>\n");
        for (int s = 0; s < services + added; s++) {
            String file = "/etc/init.d/svc" + s + (s < changed ? "-new" : "");
            b.append("<service name=\"s").append(s).append("\"><ip address=\"10.1.").append(s / 250).append('.').append(s % 250 + 1)
                    .append("\" monitor_link=\"0\"><script name=\"sc").append(s).append("\" file=\"").append(file).append("\"/></ip></service>\n");
        }
        return b.append("</rm></cluster>\n").toString();
    }

    static ResourceTree tree(String xml, AgentCatalog catalog) throws Exception {
        return TreeBuilder.build(ConfNode.of(ConfDocument.parseDom(xml.getBytes(StandardCharsets.UTF_8), "bench.conf").getDocumentElement()),
                catalog.types());
    }

    @Setup
    public void setUp() throws Exception {
        Path agents = Path.of(System.getProperty("bench.agents", "rgmanager/agents"));
        if (!Files.isDirectory(agents)) agents = Path.of("..").resolve(agents);
        AgentCatalog catalog = AgentCatalog.load(agents);
        older = tree(conf(services, 0, 0), catalog);
        newer = tree(conf(services, 10, 1), catalog);
        if (Delta.between(older, newer).stops().isEmpty()) throw new IllegalStateException("the changed services stop nothing");
    }

    @Benchmark
    public Delta between() { return Delta.between(older, newer); }
}
