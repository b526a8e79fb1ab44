package org.jrhcs.rg.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.ccs.ConfNode;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.rg.agent.AgentCatalog;
import org.jrhcs.rg.core.ResourceTree;
import org.jrhcs.rg.core.TreeBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter on the real engine and the project's script agent, with two LSB scripts. */
class EngineServiceRunnerTest {
    static final String LSB = """
            #!/bin/sh
            pidf=$CLUSTER_ROOT/NAME.pid
            running() { [ -f "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null; }
            case "$1" in
            start) running && exit 0; sleep 100000 >/dev/null 2>&1 & echo $! > "$pidf"; echo start >> "$CLUSTER_ROOT/NAME.journal"; exit 0 ;;
            stop) running && kill "$(cat "$pidf")"; rm -f "$pidf"; echo stop >> "$CLUSTER_ROOT/NAME.journal"; exit 0 ;;
            status) [ -f "$CLUSTER_ROOT/NAME.fail" ] && exit 3; running && exit 0; exit 3 ;;
            *) exit 3 ;;
            esac
            """;

    @TempDir Path dir;
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    AgentCatalog catalog;
    ClusterRoot root;

    @BeforeEach void agents() throws Exception {
        Path agents = Path.of("agents").toAbsolutePath();
        if (!Files.isDirectory(agents)) agents = Path.of("rgmanager/agents").toAbsolutePath();
        catalog = AgentCatalog.load(agents);
        root = new ClusterRoot(dir);
        for (String n : List.of("a", "b")) {
            Path p = dir.resolve(n + ".sh");
            Files.writeString(p, LSB.replace("NAME", n));
            p.toFile().setExecutable(true);
        }
    }

    ResourceTree tree(String services) throws Exception {
        ConfDocument doc = ConfDocument.parse("<cluster name=\"t\" config_version=\"1\"><rm>" + services + "</rm></cluster>", "c.conf");
        return TreeBuilder.build(ConfNode.of(doc.dom().getDocumentElement()), catalog.types());
    }

    String svc(boolean withB) {
        return "<service name=\"s\"><script name=\"a\" file=\"" + dir.resolve("a.sh") + "\"/>"
                + (withB ? "<script name=\"b\" file=\"" + dir.resolve("b.sh") + "\" __independent_subtree=\"1\"/>" : "")
                + "</service>";
    }

    List<String> journal(String n) throws Exception {
        Path j = dir.resolve(n + ".journal");
        return Files.exists(j) ? Files.readAllLines(j) : List.of();
    }

    @Test void independentSubtreeRestartsAloneThenACriticalFailureFailsTheCheck() throws Exception {
        EngineServiceRunner r = new EngineServiceRunner(tree(svc(true)), catalog, root, "n1",
                (level, text) -> lines.add("<" + level.name().toLowerCase() + "> " + text), System::currentTimeMillis);
        try {
            assertFalse(r.probe("service:s"));
            assertTrue(r.start("service:s"));
            assertTrue(r.probe("service:s"));
            assertTrue(r.status("service:s"));
            Files.writeString(dir.resolve("b.fail"), "");
            assertTrue(r.status("service:s"), "b is independent: restarted on its own\n" + lines);
            assertEquals(List.of("start", "stop", "start"), journal("b"));
            assertEquals(List.of("start"), journal("a"), "a untouched");
            assertTrue(lines.contains("<notice> Restarting independent subtree script:b of service:s"), lines.toString());
            assertTrue(lines.contains("<notice> status on script \"b\" returned 1 (generic error)"), lines.toString());
            Files.delete(dir.resolve("b.fail"));
            Files.writeString(dir.resolve("a.fail"), "");
            assertFalse(r.status("service:s"), "a is critical: the service must be recovered");
            Files.delete(dir.resolve("a.fail"));

            // reload without b: b stops, a keeps running
            r.reload(tree(svc(false)), List.of("service:s"));
            assertEquals("stop", journal("b").get(journal("b").size() - 1));
            assertEquals(List.of("start"), journal("a"));
        } finally {
            r.stop("service:s");
        }
        assertFalse(r.probe("service:s"));
        assertTrue(r.checkIntervalMs("service:s") > 0);
    }
}
