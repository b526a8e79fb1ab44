package org.jrhcs.rg.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.ccs.ConfNode;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.rg.core.ResourceNode;
import org.jrhcs.rg.core.ResourceTree;
import org.jrhcs.rg.core.TreeBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentRunnerTest {

    static Path script(Path dir, String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        p.toFile().setExecutable(true);
        return p;
    }

    static String meta(String type) {
        return "<resource-agent name=\"" + type + "\"><parameters><parameter name=\"name\" primary=\"1\"><content type=\"string\"/></parameter>"
                + "<parameter name=\"color\"><content type=\"string\" default=\"blue\"/></parameter></parameters>"
                + "<actions><action name=\"start\" timeout=\"1\"/><action name=\"stop\" timeout=\"1\"/></actions></resource-agent>";
    }

    @Test
    void agentsGetACleanEnvironmentAndConfigurationValuesLiterally(@TempDir Path tmp) throws Exception {
        Path pwned = tmp.resolve("pwned");
        String hostile = "$(touch " + pwned + "); touch " + pwned + " `touch " + pwned + "` '\"";
        // env -0 lists exactly what the agent got (sh itself adds PWD and the like: filtered below)
        Path a = script(tmp, "envdump", "env -0\n");
        AgentResult r = new AgentRunner().run(a, "status", java.util.Map.of("OCF_RESKEY_name", hostile,
                "CLUSTER_NODE", "n1"), java.time.Duration.ofSeconds(10));
        assertEquals(0, r.exitCode(), r.output());
        java.util.Map<String, String> got = new java.util.TreeMap<>();
        for (String kv : r.output().split("\0"))
            if (kv.contains("=")) got.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        got.keySet().removeAll(java.util.Set.of("PWD", "SHLVL", "_", "OLDPWD"));
        assertEquals(java.util.Set.of("PATH", "LANG", "OCF_RESKEY_name", "CLUSTER_NODE"), got.keySet(), "environment: " + got);
        assertEquals(hostile, got.get("OCF_RESKEY_name"));
        assertEquals("C", got.get("LANG"));
        assertTrue(!java.nio.file.Files.exists(pwned), "a configuration value was run by a shell");
    }

    @Test
    void exitCodeOutputAndTimeout(@TempDir Path tmp) throws Exception {
        AgentRunner r = new AgentRunner();
        Path a = script(tmp, "a", "echo \"$1 $OCF_RESKEY_x\"; exit 6\n");
        AgentResult res = r.run(a, "start", Map.of("OCF_RESKEY_x", "42"), Duration.ofSeconds(5));
        assertEquals(6, res.exitCode());
        assertEquals("start 42\n", res.output());
        assertFalse(res.succeeded());

        // A child left running must not hold the runner after the timeout.
        Path slow = script(tmp, "slow", "sleep 30 & sleep 30\n");
        long t0 = System.nanoTime();
        AgentResult t = r.run(slow, "start", Map.of(), Duration.ofMillis(300));
        assertTrue(t.timedOut());
        assertEquals(1, t.exitCode());
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L);

        AgentResult missing = r.run(tmp.resolve("nope"), "start", Map.of(), Duration.ofSeconds(1));
        assertEquals(5, missing.exitCode(), "a program that cannot run is 'not installed'");
    }

    @Test
    void badAndMissingMetadataAreReportedNotFatal(@TempDir Path tmp) throws Exception {
        script(tmp, "good.sh", "[ \"$1\" = meta-data ] && echo '" + meta("good") + "'; exit 0\n");
        script(tmp, "broken.sh", "echo '<resource-agent name=\"x\"><parameters>'; exit 0\n");
        script(tmp, "fails.sh", "exit 1\n");
        script(tmp, "noprimary.sh", "echo '<resource-agent name=\"np\"><parameters><parameter name=\"a\" primary=\"1\"/>"
                + "<parameter name=\"b\" primary=\"1\"/></parameters></resource-agent>'\n");
        Files.writeString(tmp.resolve("notexec.sh"), "not an agent");
        AgentCatalog c = AgentCatalog.load(tmp);
        assertEquals(List.of("good"), List.copyOf(c.types().keySet()));
        String problems = String.join("\n", c.problems());
        assertTrue(problems.contains("broken.sh: meta-data is not valid XML"), problems);
        assertTrue(problems.contains("fails.sh: meta-data exited with 1"), problems);
        assertTrue(problems.contains("noprimary.sh: more than one parameter is marked primary"), problems);
        assertEquals(3, c.problems().size(), problems);
    }

    @Test
    void failedStartStopsWhatItStartedInReverse(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("agents"));
        Path marks = tmp.resolve("marks");
        String body = "[ \"$1\" = meta-data ] && { echo '" + meta("%s") + "'; exit 0; }\n"
                + "echo \"$1 $OCF_RESKEY_name ${OCF_RESKEY_color:-unset}\" >> " + marks + "\n"
                + "[ \"$1\" = start ] && [ \"$OCF_RESKEY_name\" = bad ] && exit 1\nexit 0\n";
        script(dir, "thing.sh", body.formatted("thing"));
        script(dir, "top.sh", body.formatted("top"));
        String conf = """
                <cluster><rm><top name="svc"><thing name="one"/><thing name="two" color="red"/><thing name="bad"/><thing name="four"/></top></rm></cluster>""";
        ConfNode cluster = ConfNode.of(ConfDocument.parseDom(conf.getBytes(), "t.conf").getDocumentElement());
        AgentCatalog catalog = AgentCatalog.load(dir);
        ResourceTree tree = TreeBuilder.build(cluster, catalog.types());
        ResourceNode svc = tree.root("top", "svc").orElseThrow();
        List<String> log = new ArrayList<>();
        ServiceRunner sr = new ServiceRunner(catalog, new AgentRunner(), new ClusterRoot(tmp), null, log::add);
        ServiceRunner.Outcome o = sr.start(svc);
        assertFalse(o.ok());
        assertEquals("thing:bad", o.failed().label());
        // Defaults are the agent's business: only written values reach it.
        assertEquals(List.of("start svc unset", "start one unset", "start two red", "start bad unset",
                "stop two red", "stop one unset", "stop svc unset"), Files.readAllLines(marks));
    }
}
