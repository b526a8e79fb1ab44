package org.jrhcs.rg.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.jrhcs.ccs.ConfDocument;
import org.junit.jupiter.api.Test;

/** {@code <rm central_processing>} and {@code <events>}: validated with file:line, scripts reported as not run. */
class RgEventsTest {
    private static RgEvents read(String rmBody, String rmAttrs) throws Exception {
        ConfDocument d = ConfDocument.parse("""
                <cluster name="t" config_version="1">
                  <clusternodes><clusternode name="n1" nodeid="1"/><clusternode name="n2" nodeid="2"/></clusternodes>
                  <rm %s>
                    <service name="web"/>
                %s
                  </rm>
                </cluster>
                """.formatted(rmAttrs, rmBody), "cluster.conf");
        org.w3c.dom.Element rm = (org.w3c.dom.Element) d.dom().getElementsByTagName("rm").item(0);
        return RgEvents.from(rm, List.of("n1", "n2"), Set.of("service:web"));
    }

    @Test void validEventsAreListedAndReportedAsNotRun() throws Exception {
        RgEvents e = read("""
                    <events>
                      <event name="n1-up" class="node" node="n1" node_state="1" priority="10">notice("up");</event>
                      <event name="web-stop" class="service" service="service:web" service_state="stopped" file="/etc/x.sl"/>
                    </events>""", "central_processing=\"1\"");
        assertTrue(e.centralProcessing());
        assertEquals(2, e.events().size());
        assertEquals(10, e.events().get(0).priority());
        assertEquals(99, e.events().get(1).priority());
        assertTrue(e.notice().startsWith("Central event processing"));
        assertEquals("Event n1-up (class node, cluster.conf:6:75) is not run: S/Lang event scripts are not supported",
                e.warnings().get(0));
    }

    @Test void noEventsNoNoise() throws Exception {
        RgEvents e = read("", "");
        assertEquals(null, e.notice());
        assertEquals(List.of(), e.warnings());
    }

    @Test void badInputNamesTheLine() {
        Object[][] cases = {
                {"<events><event name=\"x\" class=\"cron\">s</event></events>", "", "cluster.conf:5:", "class must be one of"},
                {"<events><event class=\"node\">s</event></events>", "", "cluster.conf:5:", "without a name"},
                {"<events><event name=\"x\" class=\"node\" priority=\"0\">s</event></events>", "", "", "priority must be 1..99"},
                {"<events><event name=\"x\" class=\"node\" node=\"n9\">s</event></events>", "", "", "\"n9\" is not a cluster node"},
                {"<events><event name=\"x\" class=\"service\" service=\"db\">s</event></events>", "", "", "\"db\" is not configured"},
                {"<events><event name=\"x\" class=\"node\"/></events>", "", "", "no script"},
                {"<events><script name=\"x\"/></events>", "", "", "only <event> elements"},
                {"", "central_processing=\"2\"", "cluster.conf:3:", "central_processing must be 0 or 1"}};
        for (Object[] c : cases) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> read((String) c[0], (String) c[1]));
            assertTrue(x.getMessage().startsWith("cluster.conf:") && x.getMessage().contains((String) c[2])
                    && x.getMessage().contains((String) c[3]), x.getMessage());
        }
    }
}
