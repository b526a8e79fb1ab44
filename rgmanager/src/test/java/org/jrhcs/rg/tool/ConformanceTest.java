package org.jrhcs.rg.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.ccs.ConfNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * rgmanager's own conformance set (shared/conformance/rgmanager), run the way its
 * runtests.sh runs it — rg_test test, noop start and noop stop for every service of
 * every test*.conf, and delta between consecutive configs — with the project's agent
 * directory, compared byte for byte with the expected files.
 */
class ConformanceTest {

    static Path fixtures() {
        for (Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath(); d != null; d = d.getParent()) {
            Path f = d.resolve("shared/conformance/rgmanager");
            if (Files.isDirectory(f)) return f;
            Path beside = d.resolveSibling("shared").resolve("conformance/rgmanager");
            if (d.getParent() != null && Files.isDirectory(beside)) return beside;
        }
        throw new IllegalStateException("shared/conformance/rgmanager not found beside the repository");
    }

    static Path agents() {
        Path here = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = here; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("agents")) && Files.exists(d.resolve("agents/service.sh"))) return d.resolve("agents");
            if (Files.exists(d.resolve("rgmanager/agents/service.sh"))) return d.resolve("rgmanager/agents");
        }
        throw new IllegalStateException("rgmanager/agents not found");
    }

    static String rgTest(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        List<String> a = new ArrayList<>();
        a.add(agents().toString());
        a.addAll(List.of(args));
        int rc = RgTest.run(a.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, () -> "rg_test " + String.join(" ", args) + " failed: " + err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    static List<String> tests() throws IOException {
        try (Stream<Path> s = Files.list(fixtures())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("test\\d+\\.conf"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        }
    }

    /** Top-level services of a fixture, as runtests.sh finds them (ref, else name). */
    static List<String> services(Path conf) throws Exception {
        ConfNode cluster = ConfNode.of(ConfDocument.parseDom(Files.readAllBytes(conf), conf.toString()).getDocumentElement());
        List<String> out = new ArrayList<>();
        for (ConfNode s : cluster.child("rm").orElseThrow().children("service"))
            out.add(s.attr("ref") != null ? s.attr("ref") : s.attr("name"));
        return out;
    }

    @TestFactory
    List<DynamicTest> conformance() throws Exception {
        Path f = fixtures();
        List<DynamicTest> all = new ArrayList<>();
        List<String> tests = tests();
        assertTrue(tests.size() >= 18, "expected 18 test*.conf fixtures, found " + tests.size());
        for (String t : tests) {
            Path conf = f.resolve(t + ".conf");
            if (Files.exists(f.resolve(t + ".expected")))
                all.add(DynamicTest.dynamicTest(t + " test", () ->
                        assertEquals(Files.readString(f.resolve(t + ".expected")), rgTest("test", conf.toString()))));
            for (String phase : List.of("start", "stop"))
                all.add(DynamicTest.dynamicTest(t + " noop " + phase, () -> {
                    StringBuilder got = new StringBuilder();
                    for (String svc : services(conf)) got.append(rgTest("noop", conf.toString(), phase, "service", svc));
                    assertEquals(Files.readString(f.resolve(t + "." + phase + ".expected")), got.toString());
                }));
        }
        for (int i = 1; i < tests.size(); i++) {
            String prev = tests.get(i - 1), t = tests.get(i);
            Path expected = f.resolve("delta-" + prev + "-" + t + ".expected");
            if (!Files.exists(expected)) continue;
            all.add(DynamicTest.dynamicTest("delta " + prev + " " + t, () -> assertEquals(Files.readString(expected),
                    rgTest("delta", f.resolve(prev + ".conf").toString(), f.resolve(t + ".conf").toString()))));
        }
        assertEquals(17 + 36 + 16, all.size(), "fixture count");
        return all;
    }
}
