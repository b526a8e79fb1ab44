package org.jrhcs.rg.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When a copy the table does not place stops blocking its service (pure rules). */
class StrayCopiesTest {
    static final String WEB = "service:webserver", DB = "service:db";

    @Test void aCopyBlocksItsServiceUntilItsStopIsConfirmed() {
        StrayCopies s = new StrayCopies();
        s.found(WEB, "n2");
        assertEquals("n2", s.blocking(WEB));
        assertNull(s.blocking(DB), "other services are not held up");
        assertTrue(s.stopped(WEB, "n2", false), "a failed stop is of this copy ...");
        assertEquals("n2", s.blocking(WEB), "... and the copy may still run");
        assertFalse(s.stopped(WEB, "n3", true), "another node's stop is the owner's business");
        assertEquals("n2", s.blocking(WEB));
        assertTrue(s.stopped(WEB, "n2", true));
        assertNull(s.blocking(WEB));
    }

    @Test void aProbeWithoutTheServiceEndsTheCopyAndOneWithItKeepsIt() {
        StrayCopies s = new StrayCopies();
        s.found(WEB, "n2");
        s.found(DB, "n2");
        s.probed("n2", List.of(DB));
        assertNull(s.blocking(WEB));
        assertEquals("n2", s.blocking(DB));
        assertTrue(s.holds(DB, "n2"));
        assertTrue(s.anyOn("n2"), "n2 must not leave before its stop");
    }

    @Test void aFenceOrACleanLeaveEndsEveryCopyOfThatNodeOnly() {
        StrayCopies s = new StrayCopies();
        s.found(WEB, "n2");
        s.found(WEB, "n3");
        s.gone("n2");
        assertEquals("n3", s.blocking(WEB));
        assertFalse(s.anyOn("n2"));
        s.gone("n3");
        assertNull(s.blocking(WEB));
    }

    @Test void anImageInstallsTheSameCopies() {
        StrayCopies a = new StrayCopies();
        a.found(WEB, "n3");
        a.found(WEB, "n2");
        StrayCopies b = new StrayCopies();
        b.found(DB, "n1");
        b.install(a.image());
        assertEquals(Map.of(WEB, Set.of("n2", "n3")), b.image());
        assertNull(b.blocking(DB), "installing replaces what was there");
        b.forget(WEB);
        assertEquals(Map.of(), b.image());
    }
}
