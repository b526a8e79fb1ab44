package org.jrhcs.rg.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.rg.core.placement.Recovery;
import org.jrhcs.rg.core.placement.ServiceSpec;
import org.junit.jupiter.api.Test;

/** What placement takes from cluster.conf: seed 000's example and the RHCS defaults. */
class RgConfigTest {
    static Path examples() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent())
            if (Files.isDirectory(d.resolve("conf/examples"))) return d.resolve("conf/examples");
        throw new AssertionError("conf/examples not found");
    }

    @Test void seed000ExampleGivesTwoServicesInOrderedDomains() throws Exception {
        RgConfig c = RgConfig.from(ConfDocument.load(examples().resolve("seed-000-web-mysql.conf")).cluster());
        assertEquals(4, c.nodes().size());
        assertTrue(c.services().size() >= 2, c.services().toString());
        for (ServiceSpec s : c.services().values()) {
            assertTrue(s.name().startsWith("service:"));
            if (s.domain() != null) assertTrue(c.domains().containsKey(s.domain()), s.domain());
        }
        assertTrue(c.domains().values().stream().anyMatch(d -> d.ordered()));
    }

    @Test void defaultsAreRhcsDefaults() throws Exception {
        RgConfig c = RgConfig.from(ConfDocument.parse("""
                <cluster name="x" config_version="1"><clusternodes><clusternode name="a"/><clusternode name="b"/></clusternodes>
                <rm><service name="s" depend="t" autostart="no"/><service name="t"/></rm></cluster>""", "c.conf").cluster());
        ServiceSpec s = c.services().get("service:s");
        assertEquals(Recovery.RESTART, s.recovery());
        assertEquals(0, s.maxRestarts());
        assertEquals("service:t", s.depend());
        assertTrue(s.hardDepend());
        assertEquals(false, s.autostart());
        assertEquals(true, c.services().get("service:t").autostart());
        assertEquals(2, c.id("b"), "a node without nodeid gets its position");
    }

    @Test void aBadRecoveryNamesTheService() throws Exception {
        var doc = ConfDocument.parse("<cluster name=\"x\" config_version=\"1\"><rm><service name=\"s\" recovery=\"often\"/></rm></cluster>", "c.conf");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RgConfig.from(doc.cluster()));
        assertTrue(e.getMessage().startsWith("service:s: recovery must be"), e.getMessage());
    }
}
