package org.jrhcs.ccs;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Loading (as the daemons do) names the element and attribute a bad value sits in. */
class ConfDocumentLoadTest {
    private static final String BAD_VOTES = "<cluster name=\"c\" config_version=\"1\">\n<clusternodes>\n"
            + "<clusternode name=\"a\" nodeid=\"1\" votes=\"abc\"/>\n</clusternodes>\n</cluster>\n";

    @Test void strictLoadNamesTheBadValue() {
        ConfException e = assertThrows(ConfException.class, () -> ConfDocument.parse(BAD_VOTES, "c.conf"));
        assertEquals("c.conf:3:47: votes=\"abc\" on <clusternode> must be a whole number", e.getMessage());
    }

    @Test void lenientLoadLeavesTheBadValueUnset() throws Exception {
        ConfDocument doc = ConfDocument.parseLenient(BAD_VOTES.getBytes(StandardCharsets.UTF_8), "c.conf");
        assertNull(doc.cluster().nodes().get(0).votes);
        assertEquals(1, doc.cluster().nodes().get(0).nodeid);
    }

    @Test void topElementMustBeCluster() {
        ConfException e = assertThrows(ConfException.class, () -> ConfDocument.parse("<rm/>", "r.conf"));
        assertTrue(e.getMessage().contains("expected <cluster>"), e.getMessage());
    }
}
