package org.jrhcs.ccs;

import static org.junit.jupiter.api.Assertions.*;

import org.jrhcs.ccs.model.Cluster;
import org.junit.jupiter.api.Test;

class ConfDocumentTest {
    private static final String XML = """
            <?xml version="1.0"?>
            <cluster name="alpha" config_version="3">
              <!-- keep me -->
              <cman two_node="1" expected_votes="1"><multicast addr="239.192.0.1"/></cman>
              <clusternodes>
                <clusternode name="n1" nodeid="1" votes="1" futureattr="x">
                  <fence><method name="1"><device name="pdu" port="1"/></method></fence>
                </clusternode>
                <clusternode name="n2" nodeid="2"/>
              </clusternodes>
              <futureelement a="b"><inner/></futureelement>
              <fencedevices><fencedevice name="pdu" agent="fence_dummy" ipaddr="10.0.0.1"/></fencedevices>
              <rm><resources><ip address="198.18.0.10"/></resources>
                <service name="web" domain="d"><ip ref="198.18.0.10"><script name="s" file="/x"/></ip></service>
              </rm>
            </cluster>
            """;

    @Test void bindsTypedModelAndKeepsUnknowns() throws Exception {
        ConfDocument doc = ConfDocument.parse(XML, "test.conf");
        Cluster c = doc.cluster();
        assertEquals("alpha", c.name);
        assertEquals(3, c.configVersion);
        assertEquals(1, c.cman.twoNode);
        assertEquals("239.192.0.1", c.cman.multicast.addr);
        assertEquals(2, c.nodes().size());
        assertEquals("x", c.nodes().get(0).other("futureattr"));
        assertEquals("fence_dummy", c.fenceDevice("pdu").orElseThrow().agent);
        assertEquals("10.0.0.1", c.fenceDevice("pdu").orElseThrow().other("ipaddr"));
        assertEquals("pdu", c.nodes().get(0).fence.methods.get(0).devices.get(0).name);
        assertEquals("web", c.rm.services.get(0).name);
        assertEquals("test.conf:6:64", doc.locationOf(c.nodes().get(0)).toString());
    }

    @Test void roundTripKeepsEverything() throws Exception {
        ConfDocument doc = ConfDocument.parse(XML, "test.conf");
        String out = doc.toXml();
        assertTrue(out.contains("<!-- keep me -->"), out);
        assertTrue(out.contains("<futureelement a=\"b\"><inner/></futureelement>"), out);
        ConfDocument again = ConfDocument.parse(out, "again.conf");
        assertTrue(doc.root().sameContent(again.root()));
        assertEquals(out, again.toXml());
    }

    @Test void editsKeepCommentsAndUnknowns() throws Exception {
        ConfDocument doc = ConfDocument.parse(XML, "test.conf");
        ConfDocument edited = new ConfEditor(doc).set("/cluster", "config_version", "4").commit();
        assertEquals(4, edited.cluster().configVersion);
        String out = edited.toXml();
        assertTrue(out.contains("config_version=\"4\""), out);
        assertTrue(out.contains("futureattr=\"x\""), out);
        assertTrue(out.contains("<!-- keep me -->"), out);
    }

    @Test void malformedXmlNamesFileAndLine() {
        ConfException e = assertThrows(ConfException.class,
                () -> ConfDocument.parse("<cluster name=\"a\">\n<cman>\n</cluster>", "bad.conf"));
        assertTrue(e.getMessage().startsWith("bad.conf:3:"), e.getMessage());
    }

    @Test void queriesLikeCcsGet() throws Exception {
        ConfQuery q = new ConfQuery(ConfDocument.parse(XML, "t"));
        assertEquals("1", q.get("/cluster/cman/@two_node"));
        assertEquals("2", q.get("/cluster/clusternodes/clusternode[@name=\"n2\"]/@nodeid"));
        assertEquals(2, q.getAll("//clusternode/@name").size());
        assertNull(q.get("/cluster/quorumd/@votes"));
    }
}
