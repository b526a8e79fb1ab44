package org.jrhcs.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Scripted transcripts (depth): each file under src/test/resources/scenarios drives one
 * simulated cluster through a seed drill, and the invariants are checked after every event
 * as in the sweeps. A file opens with a comment citing SPEC.md. Commands:
 * <pre>
 *   config seed-000 [lms]        the cluster of conf/examples/seed-000-web-mysql.conf
 *                                (lms: with last_man_standing, as seed 000's figures need)
 *   nodes N [qdisk V]            a generated cluster of N nodes (and a quorum disk of V votes)
 *   boot all | boot NODE
 *   advance 10s | advance 500ms
 *   crash NODE | hang NODE | wake NODE | shutdown NODE | cut NODE | heal
 *   fence-agent NODE ok|fail|hang
 *   ack ON_NODE VICTIM           fence_ack_manual VICTIM on ON_NODE
 *   mark                         later expectations look only at lines logged from here on
 *   expect log NODE|any "text"   a line of that node's daemons contains text
 *   expect nolog NODE|any "text"
 *   expect order "first" "then"  the first line with "first" comes before the first with "then"
 *   expect running SERVICE NODE  the service runs on exactly that node
 *   expect stopped SERVICE
 *   expect quorate NODE yes|no
 *   expect votes NODE total=T quorum=Q [nodes=N]
 * </pre>
 * A line {@code # known-bug: WHY} marks a drill that fails today because of a bug the
 * simulation found: the drill must still fail (so fixing the bug shows up here), and is
 * reported as skipped.
 *
 * <p>Agents take fixed times (fence 1 s, resources 0.5 s) and nodes stay down until booted,
 * so the logs are the same on every run; {@code -Dsim.print=true} prints them.
 */
class ScenarioTest {
    private static final Path DIR = Path.of("src/test/resources/scenarios");

    @TestFactory
    List<DynamicTest> scenarios() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> s = Files.list(DIR)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".txt")).sorted().toList())
                tests.add(DynamicTest.dynamicTest(p.getFileName().toString(), () -> run(p)));
        }
        assertTrue(tests.size() >= 5, "the seed-000 drills have scenarios");
        return tests;
    }

    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    static void run(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String knownBug = lines.stream().filter(l -> l.startsWith("# known-bug:")).findFirst().orElse(null);
        if (knownBug != null) {
            AssertionError failure = null;
            try {
                play(file, lines);
            } catch (AssertionError e) {
                failure = e;
            }
            if (failure == null) fail(file.getFileName() + " passes now: remove its known-bug line (" + knownBug + ")");
            org.junit.jupiter.api.Assumptions.abort(knownBug.substring(2) + " -- fails at: "
                    + failure.getMessage().lines().findFirst().orElse(""));
        }
        play(file, lines);
    }

    private static int mark;

    private static void play(Path file, List<String> lines) {
        mark = 0;
        assertTrue(!lines.isEmpty() && lines.get(0).startsWith("#") && lines.get(0).contains("SPEC.md"),
                file + ": the first line must be a comment citing SPEC.md");
        SimCluster c = null;
        int n = 0;
        try {
            for (String raw : lines) {
                n++;
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                String[] w = line.split("\\s+");
                if (c == null && !w[0].equals("config") && !w[0].equals("nodes"))
                    throw new IllegalArgumentException("start with config or nodes");
                switch (w[0]) {
                    case "config" -> c = cluster(seed000(line.contains("lms")));
                    case "nodes" -> c = cluster(SimConfig.generated(Integer.parseInt(w[1]), Integer.parseInt(w[1]),
                            w.length > 3 && w[2].equals("qdisk") ? Integer.parseInt(w[3]) : 0, false, false, 0, 10_000));
                    case "boot" -> {
                        if (w[1].equals("all")) for (int i = 0; i < c.nodes.size(); i++) c.boot(i);
                        else c.boot(c.node(w[1]).index);
                    }
                    case "advance" -> c.runFor(duration(w[1]));
                    case "crash" -> c.crash(c.node(w[1]).index, SimCluster.End.CRASH, "transcript");
                    case "hang" -> {
                        c.node(w[1]).hang();
                        c.network.scheduleRecompute(c.config.cman().tokenMs(), w[1] + " went silent");
                    }
                    case "wake" -> {
                        c.node(w[1]).wake();
                        c.network.scheduleRecompute(2000, w[1] + " woke");
                    }
                    case "shutdown" -> c.node(w[1]).shutdown();
                    case "cut" -> {
                        int[] sides = new int[c.nodes.size()];
                        sides[c.node(w[1]).index] = 1;
                        c.network.partition(sides);
                        c.network.scheduleRecompute(c.config.cman().tokenMs(), "cable of " + w[1] + " pulled");
                    }
                    case "heal" -> {
                        c.network.heal();
                        c.network.scheduleRecompute(3000, "heal");
                    }
                    case "fence-agent" -> c.agents.fence(w[1], SimAgents.FenceMode.valueOf(w[2].toUpperCase()), Long.MAX_VALUE);
                    case "ack" -> {
                        String refusal = c.ackManual(w[1], w[2]);
                        if (refusal != null) throw new AssertionError("fence_ack_manual " + w[2] + " refused: " + refusal);
                    }
                    case "mark" -> mark = c.logs().size();
                    case "expect" -> expect(c, w, line);
                    default -> throw new IllegalArgumentException("unknown command " + w[0]);
                }
            }
        } catch (SimViolation v) {
            fail(file.getFileName() + ":" + n + ": " + v.getMessage());
        } catch (AssertionError | RuntimeException e) {
            String logs = c == null ? "" : String.join("\n", c.logs());
            fail(file.getFileName() + ":" + n + ": " + e.getMessage() + "\nlogs:\n" + logs, e);
        }
        if (Boolean.getBoolean("sim.print") && c != null) c.logs().forEach(System.out::println);
    }

    private static SimCluster cluster(SimConfig config) {
        SimCluster c = new SimCluster(config, 1);
        c.recordLogs = true;
        c.rebootMinMs = -1;
        c.agents.fixedLatencies(1000, 500);
        return c;
    }

    private static SimConfig seed000(boolean lms) {
        Path p = Path.of("../conf/examples/seed-000-web-mysql.conf");
        try {
            String xml = Files.readString(p);
            if (lms) xml = xml.replace("<cman expected_votes=\"6\"/>",
                    "<cman expected_votes=\"6\" last_man_standing=\"1\" last_man_standing_window=\"10000\"/>");
            return SimConfig.parse("seed-000" + (lms ? "-lms" : ""), xml);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long duration(String s) {
        if (s.endsWith("ms")) return Long.parseLong(s.substring(0, s.length() - 2));
        if (s.endsWith("s")) return 1000 * Long.parseLong(s.substring(0, s.length() - 1));
        if (s.endsWith("m")) return 60_000 * Long.parseLong(s.substring(0, s.length() - 1));
        throw new IllegalArgumentException("bad duration " + s);
    }

    private static void expect(SimCluster c, String[] w, String line) {
        List<String> q = new ArrayList<>();
        Matcher m = QUOTED.matcher(line);
        while (m.find()) q.add(m.group(1).replace("\\\"", "\""));
        switch (w[1]) {
            case "log", "nolog" -> {
                boolean found = linesOf(c, w[2]).stream().anyMatch(l -> l.contains(q.get(0)));
                if (w[1].equals("log") && !found) throw new AssertionError("no line on " + w[2] + " contains \"" + q.get(0) + "\"");
                if (w[1].equals("nolog") && found) throw new AssertionError("a line on " + w[2] + " contains \"" + q.get(0) + "\"");
            }
            case "order" -> {
                int a = firstIndex(c, q.get(0)), b = firstIndex(c, q.get(1));
                if (a < 0 || b < 0 || a > b)
                    throw new AssertionError("expected \"" + q.get(0) + "\" (line " + a + ") before \"" + q.get(1) + "\" (line " + b + ")");
            }
            case "running" -> {
                List<String> where = c.whereRunning(service(w[2]));
                if (!where.equals(List.of(w[3]))) throw new AssertionError(w[2] + " runs on " + where + ", expected [" + w[3] + "]");
            }
            case "stopped" -> {
                List<String> where = c.whereRunning(service(w[2]));
                if (!where.isEmpty()) throw new AssertionError(w[2] + " runs on " + where + ", expected nowhere");
            }
            case "quorate" -> {
                SimNode node = c.node(w[2]);
                boolean q2 = node.reachable() && node.cman.quorum().quorate();
                if (q2 != w[3].equals("yes")) throw new AssertionError(w[2] + " quorate is " + q2 + ": " + node.cman.quorum());
            }
            case "votes" -> {
                SimNode node = c.node(w[2]);
                var r = node.cman.quorum();
                for (int i = 3; i < w.length; i++) {
                    String[] kv = w[i].split("=");
                    int want = Integer.parseInt(kv[1]);
                    int got = switch (kv[0]) {
                        case "total" -> r.totalVotes();
                        case "quorum" -> r.quorum();
                        case "expected" -> r.expectedVotes();
                        case "nodes" -> node.cman.memberIds().size();
                        default -> throw new IllegalArgumentException("unknown " + kv[0]);
                    };
                    if (got != want) throw new AssertionError(w[2] + " " + kv[0] + " is " + got + ", expected " + want + " (" + r + ")");
                }
            }
            default -> throw new IllegalArgumentException("unknown expectation " + w[1]);
        }
    }

    private static String service(String s) { return s.contains(":") ? s : "service:" + s; }

    private static List<String> linesOf(SimCluster c, String node) {
        List<String> since = c.logs().subList(mark, c.logs().size());
        if (node.equals("any")) return since;
        return since.stream().filter(l -> l.split(" ", 3)[1].equals(node)).toList();
    }

    private static int firstIndex(SimCluster c, String text) {
        List<String> logs = c.logs();
        for (int i = mark; i < logs.size(); i++) if (logs.get(i).contains(text)) return i;
        return -1;
    }
}
