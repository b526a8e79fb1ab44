package org.jrhcs.ccsd.daemon;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CcsdMainTest {
    @Test void helpVersionAndBadOptions() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8), e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(0, Ccsd.run(new String[] {"-h"}, o, e));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage: ccsd [options]\n"));
        out.reset();
        assertEquals(0, Ccsd.run(new String[] {"-V"}, o, e));
        assertEquals("ccsd jrhcs 0.1\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(2, Ccsd.run(new String[] {"-x"}, o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("ccsd: unknown option -x\nUsage: ccsd [options]\n"));
    }
}
