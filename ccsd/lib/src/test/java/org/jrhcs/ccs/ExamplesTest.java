package org.jrhcs.ccs;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jrhcs.ccs.model.Cluster;
import org.jrhcs.ccs.tool.CcsConfigValidate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file in conf/examples validates cleanly: no error and no warning. */
class ExamplesTest {
    static Stream<Path> examples() { return Fixtures.examples().stream(); }

    @Test void theThreeExamplesExist() {
        List<String> names = Fixtures.examples().stream().map(p -> p.getFileName().toString()).toList();
        assertTrue(names.containsAll(List.of("minimal.conf", "seed-000-web-mysql.conf", "seed-002-apache-two-node.conf")), names.toString());
    }

    @ParameterizedTest @MethodSource("examples")
    void validatesWithoutWarnings(Path example) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int rc = CcsConfigValidate.run(new String[] {"-f", example.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        assertEquals("Configuration validates\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(0, rc);
    }

    @Test void seed000HasTheSeedsFacts() throws Exception {
        Cluster c = ConfDocument.load(Fixtures.examplesDir().resolve("seed-000-web-mysql.conf")).cluster();
        assertEquals(6, c.cman.expectedVotes);
        assertEquals(2, c.quorumd.votes);
        assertEquals(1, c.node("web2").orElseThrow().nodeid);
        assertEquals(4, c.node("web1").orElseThrow().nodeid);
        assertEquals(List.of("webserver", "mysqlserver"), c.rm.services.stream().map(s -> s.name).toList());
        assertEquals(1, c.failoverDomains().get(0).ordered);
        assertTrue(c.quorumd.heuristics.get(0).program.startsWith("ping"));
    }

    @Test void seed002IsATwoNodeCluster() throws Exception {
        Cluster c = ConfDocument.load(Fixtures.examplesDir().resolve("seed-002-apache-two-node.conf")).cluster();
        assertEquals(1, c.cman.twoNode);
        assertEquals(1, c.cman.expectedVotes);
        assertEquals(List.of("node1.upl.com", "node2.upl.com"), c.nodes().stream().map(n -> n.name).toList());
        assertEquals("webserv", c.rm.services.get(0).name);
    }
}
