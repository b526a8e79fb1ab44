package org.jrhcs.rg.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RgTestCliTest {
    record Run(int rc, String out, String err) {}

    static Run rgTest(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int rc = RgTest.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Path conf(Path dir, String rm) throws Exception {
        Path f = dir.resolve("cluster.conf");
        Files.writeString(f, "<?xml version=\"1.0\"?>\n<cluster name=\"c\" config_version=\"1\">\n<rm>\n" + rm + "\n</rm>\n</cluster>\n");
        return f;
    }

    @Test
    void usageAndBadInput(@TempDir Path tmp) throws Exception {
        String agents = ConformanceTest.agents().toString();
        assertEquals(2, rgTest().rc());
        assertEquals(2, rgTest(agents, "noop", "x.conf", "start").rc());
        assertTrue(rgTest(agents, "frobnicate").err().startsWith("usage: rg_test"));

        Run r = rgTest(agents, "test", conf(tmp, "<service name=\"s\">\n  <frob name=\"x\"/>\n</service>").toString());
        assertEquals(1, r.rc());
        assertTrue(r.err().contains("cluster.conf:5:") && r.err().contains("<frob>: unknown resource type"), r.err());

        r = rgTest(agents, "test", conf(tmp, "<service name=\"s\">\n  <fs name=\"f\" device=\"/d\"/>\n</service>").toString());
        assertTrue(r.rc() == 1 && r.err().contains("missing required parameter \"mountpoint\""), r.err());

        r = rgTest(agents, "test", conf(tmp, "<service name=\"s\">\n <ip address=\"10.1.1.1\">\n  <nfsclient name=\"c\" target=\"*\"/>\n </ip>\n</service>").toString());
        assertTrue(r.rc() == 1 && r.err().contains(":6:") && r.err().contains("<nfsclient> may not be a child of <ip>"), r.err());

        r = rgTest("-d", agents, "noop", conf(tmp, "<service name=\"s\"/>").toString(), "start", "service", "nope");
        assertTrue(r.rc() == 1 && r.err().contains("no service named nope"), r.err());

        r = rgTest(tmp.resolve("no-such-dir").toString(), "test", "x.conf");
        assertTrue(r.rc() == 1 && r.err().contains("agent directory does not exist"), r.err());

        Files.writeString(tmp.resolve("broken.conf"), "<cluster><rm><service name=\"s\"></rm></cluster>");
        r = rgTest(agents, "test", tmp.resolve("broken.conf").toString());
        assertTrue(r.rc() == 1 && r.err().contains("broken.conf:1:") && r.err().contains("not well-formed"), r.err());
    }

    @Test
    void liveStartStatusStopWithDebianDummy(@TempDir Path tmp) throws Exception {
        Path dummy = Path.of("/usr/lib/ocf/resource.d/heartbeat/Dummy");
        assumeTrue(Files.isExecutable(dummy), "Debian resource-agents is not installed");
        Path dir = Files.createDirectories(tmp.resolve("agents"));
        for (String f : List.of("service.sh", "script.sh", "ocf-lib.sh")) {
            Files.copy(ConformanceTest.agents().resolve(f), dir.resolve(f));
            dir.resolve(f).toFile().setExecutable(!f.equals("ocf-lib.sh"));
        }
        Files.createSymbolicLink(dir.resolve("Dummy"), dummy);
        Path conf = conf(tmp, "<service name=\"svc\"><Dummy name=\"d1\"/><Dummy name=\"d2\"/></service>");
        System.setProperty("cluster.root", tmp.toString());
        try {
            Run start = rgTest(dir.toString(), "test", conf.toString(), "start", "service", "svc");
            assertEquals(0, start.rc(), start.out() + start.err());
            assertTrue(start.out().startsWith("Running in test mode.\nStarting svc...\n[start] service:svc\n[start] Dummy:d1\n"), start.out());
            assertTrue(start.out().endsWith("Start of svc complete\n"), start.out());
            Run status = rgTest(dir.toString(), "test", conf.toString(), "status", "service", "svc");
            assertEquals(0, status.rc(), status.out());
            Run stop = rgTest(dir.toString(), "test", conf.toString(), "stop", "service", "svc");
            assertEquals(0, stop.rc(), stop.out());
            assertTrue(stop.out().contains("[stop] Dummy:d2\n") && stop.out().indexOf("Dummy:d2") < stop.out().indexOf("[stop] Dummy:d1"),
                    stop.out());
            Run after = rgTest(dir.toString(), "test", conf.toString(), "status", "service", "svc");
            assertEquals(1, after.rc(), after.out());
            assertTrue(after.out().contains("returned 7 (not running)"), after.out());
        } finally {
            System.clearProperty("cluster.root");
        }
    }
}
