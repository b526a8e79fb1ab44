package org.jrhcs.tools.drill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jrhcs.tools.drill.Report.Check;
import org.jrhcs.tools.drill.Report.Event;
import org.junit.jupiter.api.Test;

/**
 * The judge as a pure function: sample evidence (src/test/resources/drill/000-4-pass, a
 * trimmed copy of a real netns run of drill 000-4) in, report out, pinned by golden files;
 * then the same evidence broken in one way at a time, each caught by the check meant for it.
 */
class JudgeTest {
    static final ZoneId UTC = ZoneOffset.UTC;

    static Path sample() throws URISyntaxException {
        return Path.of(JudgeTest.class.getResource("/drill/000-4-pass/sandbox.env").toURI()).getParent();
    }

    static String golden(String name) throws IOException, URISyntaxException {
        return Files.readString(Path.of(JudgeTest.class.getResource("/drill/" + name).toURI()), StandardCharsets.UTF_8);
    }

    static DrillSpec spec(String name) { return DrillSpecs.get(name).orElseThrow(); }

    /** The sample's files as lists, to be altered by a test. */
    static final class Files4 {
        final Map<String, List<String>> messages = new LinkedHashMap<>(), journals = new LinkedHashMap<>();
        List<String> client, actions;

        Files4() throws Exception {
            Path d = sample();
            for (String n : List.of("web2", "Mysql2", "Mysql1", "web1")) {
                messages.put(n, new ArrayList<>(read(d.resolve(n + "/var/log/messages"))));
                journals.put(n, new ArrayList<>(read(d.resolve(n + "/var/log/drill.journal"))));
            }
            client = new ArrayList<>(read(d.resolve("client.record")));
            actions = new ArrayList<>(read(d.resolve("drill.actions")));
        }

        static List<String> read(Path p) throws IOException { return Files.exists(p) ? Files.readAllLines(p) : List.of(); }

        Report judge(String drill) { return Judge.judge(spec(drill), Evidence.parse(messages, journals, client, actions, UTC)); }
    }

    static Check check(Report r, String nameStart) {
        return r.checks().stream().filter(c -> c.name().startsWith(nameStart)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + nameStart + " in " + r.checks()));
    }

    @Test void passingRunMatchesTheGoldenReport() throws Exception {
        Report r = Judge.judge(spec("000-4"), DrillJudge.read(sample(), UTC));
        assertTrue(r.pass(), r.text(UTC));
        assertEquals(golden("000-4-pass.report.txt"), r.text(UTC));
        assertEquals(golden("000-4-pass.report.json"), r.json());
    }

    @Test void everyTimelineLineIsALineOfThatNodesLog() throws Exception {
        Files4 f = new Files4();
        Report r = f.judge("000-4");
        int fromLogs = 0;
        for (Event e : r.timeline()) {
            if (!f.messages.containsKey(e.source())) continue;
            fromLogs++;
            assertTrue(f.messages.get(e.source()).contains(e.text()), "not in " + e.source() + "'s log: " + e.text());
        }
        assertTrue(fromLogs >= 10, "the timeline shows the logs' events: " + r.timeline());
    }

    @Test void aTakeoverBeforeTheFenceFails() throws Exception {
        Files4 f = new Files4();
        List<String> web2 = f.messages.get("web2");
        String fence = web2.stream().filter(l -> l.contains("fence \"web1\" success")).findFirst().orElseThrow();
        web2.remove(fence);
        web2.add(fence.replace("13:01:54", "13:01:59"));
        Report r = f.judge("000-4");
        assertFalse(r.pass());
        Check c = check(r, "no takeover before fence");
        assertFalse(c.pass());
        assertTrue(c.detail().contains("takeover before any fence of web1"), c.detail());
        // web1 lost its power (the runner's crash-web1) before web2 took over: one owner still
        assertTrue(check(r, "never two owners of a service (clurgmgrd").pass(), r.text(UTC));
    }

    @Test void twoNodesRunningTheProgramAtOnceFail() throws Exception {
        Files4 f = new Files4();
        f.actions.set(1, "1795438905037 cable-down-web1 nothing is powered off"); // web1's httpd runs on
        f.journals.get("web2").set(1, "1795438910000 start httpd web2"); // before web1 was fenced
        Report r = f.judge("000-4");
        Check c = check(r, "never two nodes running");
        assertFalse(c.pass());
        assertEquals("web2 started httpd at 1795438910000 while web1 ran it", c.detail());
    }

    @Test void aMissingLineIsNamedWithWhereItWasLookedFor() throws Exception {
        Files4 f = new Files4();
        f.messages.get("web2").removeIf(l -> l.contains("fencing node"));
        f.messages.get("Mysql1").clear();
        f.messages.get("Mysql2").clear();
        Report r = f.judge("000-4");
        assertFalse(r.pass());
        Check c = r.checks().get(2);
        assertFalse(c.pass());
        assertEquals("""
                found    Nov 23 13:01:53 web2 fenced[1336]: web1 not a cluster member after 0 sec post_fail_delay
                MISSING  fenced: fencing node "web1"  (in web2's log, after the lines above)
                MISSING  fenced: fence "web1" success""", c.detail());
    }

    @Test void linesBeforeTheActionDoNotCount() throws Exception {
        Files4 f = new Files4();
        f.actions.set(1, "1795438930000 crash-web1 power off web1"); // 13:02:10, after everything
        Report r = f.judge("000-4");
        assertFalse(check(r, "any node: in order after crash-web1").pass());
    }

    @Test void aForbiddenLineFails() throws Exception {
        Files4 f = new Files4();
        f.actions.add("1795438906000 stop-web2 service rgmanager stop; service cman stop on web2");
        Report r = f.judge("000-1");
        Check c = check(r, "no node logs \"fenced: fencing node\" after stop-web2");
        assertFalse(c.pass());
        assertEquals("found    Nov 23 13:01:53 web2 fenced[1336]: fencing node \"web1\"", c.detail());
    }

    @Test void recordedOutputIsCheckedLineByLine() {
        List<String> actions = List.of("1795438905000 begin x", "1795438906000 status-after-1 cman_tool status",
                "  | Nodes: 3", "  | Expected votes: 6", "  | Quorum device votes: 2", "  | Total votes: 5", "  | Quorum: 4  ");
        Report r = Judge.judge(spec("000-5"), Evidence.parse(Map.of(), Map.of(), List.of(), actions, UTC));
        Check c = check(r, "runner's status-after-1");
        assertFalse(c.pass());
        assertTrue(c.detail().startsWith("MISSING  /^Quorum: 3\\b/\nin:\nNodes: 3"), c.detail());
    }

    @Test void outageRunsFromTheLastAnswerToTheNext() {
        List<Evidence.Probe> p = List.of(new Evidence.Probe(0, true, "a"), new Evidence.Probe(100, false, null),
                new Evidence.Probe(200, true, null), new Evidence.Probe(300, true, "b"), new Evidence.Probe(400, false, null),
                new Evidence.Probe(450, false, null));
        assertArrayEquals(new long[] {300, 0, 0}, Judge.longestGap(p, true));
        assertArrayEquals(new long[] {200, 0, 0}, Judge.longestGap(p, false));
        List<Evidence.Probe> open = List.of(new Evidence.Probe(0, true, "a"), new Evidence.Probe(1000, false, null));
        assertArrayEquals(new long[] {1000, 0, 1}, Judge.longestGap(open, true));
    }

    @Test void logLinesParseInTheSyslogShape() {
        LogLine l = LogLine.parse("web2", 7, "Nov  3 01:02:03 web2 clurgmgrd[12]: <notice> Service service:x started", 2026, UTC).orElseThrow();
        assertEquals("clurgmgrd", l.daemon());
        assertEquals("notice", l.level());
        assertEquals("<notice> Service service:x started", l.text());
        assertEquals(java.time.LocalDateTime.of(2026, 11, 3, 1, 2, 3).toInstant(ZoneOffset.UTC).toEpochMilli(), l.epochMs());
        assertTrue(LogLine.parse("web2", 0, "not a syslog line", 2026, UTC).isEmpty());
    }
}
