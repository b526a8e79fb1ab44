package org.jrhcs.ccs;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** read -> write -> read gives the same document, unknown elements and attributes included. */
class RoundTripTest {
    static Stream<Path> files() {
        Stream<Path> examples = Fixtures.examples().stream();
        Path conf = Fixtures.conformanceDir();
        return Files.isDirectory(conf) ? Stream.concat(examples, Fixtures.confFiles(conf).stream()) : examples;
    }

    @ParameterizedTest @MethodSource("files")
    void readWriteReadIsTheSameDocument(Path file) throws Exception {
        ConfDocument first = ConfDocument.load(file);
        String written = first.toXml();
        ConfDocument second = ConfDocument.parse(written, "written");
        assertTrue(first.root().sameContent(second.root()), file + " changed in a round trip:\n" + written);
        assertEquals(written, second.toXml(), "writing is stable");
        assertEquals(first.cluster().nodes().size(), second.cluster().nodes().size());
    }

    @Test void unknownElementsAndAttributesSurvive() throws Exception {
        String xml = """
                <?xml version="1.0"?>
                <cluster name="x" config_version="1" future="yes">
                  <!-- a comment -->
                  <cman two_node="1" expected_votes="1" shiny="new"><multicast addr="239.192.0.9" extra="1"/></cman>
                  <newsection a="b"><deeper c="d">text</deeper></newsection>
                  <clusternodes><clusternode name="a" nodeid="1" colour="blue"><gadget/></clusternode></clusternodes>
                  <rm><dependencies><dependency name="service:a"/></dependencies>
                    <service name="a"><myagent foo="bar"><inner baz="1"/></myagent></service></rm>
                </cluster>
                """;
        ConfDocument first = ConfDocument.parse(xml, "t.conf");
        assertEquals("new", first.cluster().cman.other("shiny"));
        assertEquals(1, first.cluster().otherElements.size(), "newsection is kept by the model");
        ConfDocument second = ConfDocument.parse(first.toXml(), "t2.conf");
        assertTrue(first.root().sameContent(second.root()));
        String out = second.toXml();
        for (String s : new String[] {"future=\"yes\"", "shiny=\"new\"", "extra=\"1\"", "<deeper c=\"d\">text</deeper>",
                "colour=\"blue\"", "<gadget/>", "<dependency name=\"service:a\"/>", "<inner baz=\"1\"/>", "<!-- a comment -->"})
            assertTrue(out.contains(s), s + " lost:\n" + out);
    }

    @Test void sameContentNoticesADifference() throws Exception {
        ConfDocument a = ConfDocument.parse("<cluster><rm><x a=\"1\"/></rm></cluster>", "a");
        ConfDocument b = ConfDocument.parse("<cluster><rm><x a=\"2\"/></rm></cluster>", "b");
        assertFalse(a.root().sameContent(b.root()));
    }
}
