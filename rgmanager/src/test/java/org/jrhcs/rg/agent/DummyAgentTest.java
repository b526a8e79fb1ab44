package org.jrhcs.rg.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.ccs.ConfNode;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.rg.core.ResourceNode;
import org.jrhcs.rg.core.ResourceTree;
import org.jrhcs.rg.core.ResourceType;
import org.jrhcs.rg.core.TreeBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's ocf:heartbeat:Dummy, linked into an agent directory, runs unchanged through the runner. */
class DummyAgentTest {
    static final Path DUMMY = Path.of("/usr/lib/ocf/resource.d/heartbeat/Dummy");

    static Path projectAgents() {
        for (Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("agents/service.sh"))) return d.resolve("agents");
            if (Files.exists(d.resolve("rgmanager/agents/service.sh"))) return d.resolve("rgmanager/agents");
        }
        throw new IllegalStateException("rgmanager/agents not found");
    }

    @Test
    void dummyStartsMonitorsAndStops(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(DUMMY), "Debian resource-agents is not installed (no " + DUMMY + ")");
        Path dir = Files.createDirectories(tmp.resolve("agents"));
        for (String f : List.of("service.sh", "ocf-lib.sh")) Files.copy(projectAgents().resolve(f), dir.resolve(f));
        dir.resolve("service.sh").toFile().setExecutable(true);
        Files.createSymbolicLink(dir.resolve("Dummy"), DUMMY);

        AgentCatalog catalog = AgentCatalog.load(dir);
        ResourceType dummy = catalog.types().get("Dummy");
        assertTrue(dummy != null, "Dummy type from its OCF metadata; problems: " + catalog.problems());
        assertEquals("name", dummy.primary().name(), "an OCF agent without a primary parameter is keyed by name");
        assertTrue(dummy.timeout("start", 0) > 0);
        assertTrue(dummy.statusChecks().get(0).intervalSeconds() > 0, "monitor interval from OCF metadata");

        String conf = """
                <cluster name="c" config_version="1"><rm>
                  <service name="svc"><Dummy name="d1" fake="hello"/></service>
                </rm></cluster>""";
        ConfNode cluster = ConfNode.of(ConfDocument.parseDom(conf.getBytes(), "t.conf").getDocumentElement());
        ResourceTree tree = TreeBuilder.build(cluster, catalog.types());
        ResourceNode svc = tree.service("svc").orElseThrow();
        Path root = Files.createDirectories(tmp.resolve("root"));
        List<String> log = new ArrayList<>();
        ServiceRunner runner = new ServiceRunner(catalog, new AgentRunner(), new ClusterRoot(root), "node1", log::add);

        ResourceNode d1 = svc.children().get(0);
        assertEquals(7, runner.run(d1, "monitor", 0).exitCode(), "not running before start");
        assertTrue(runner.start(svc).ok(), () -> String.join("", log));
        Path state = root.resolve("var/run/resource-agents/Dummy-d1.state");
        assertTrue(Files.exists(state), "Dummy keeps its state under $CLUSTER_ROOT (HA_RSCTMP): " + log);
        assertTrue(runner.status(svc, 0).ok(), () -> String.join("", log));
        assertEquals(0, runner.run(d1, "monitor", 0).exitCode());
        assertTrue(runner.stop(svc).ok(), () -> String.join("", log));
        assertFalse(Files.exists(state));
        assertEquals(7, runner.run(d1, "monitor", 0).exitCode());
        assertTrue(runner.stop(svc).ok(), "a stop of something not running succeeds");
        assertTrue(log.contains("[start] Dummy:d1\n"), log.toString());
    }
}
