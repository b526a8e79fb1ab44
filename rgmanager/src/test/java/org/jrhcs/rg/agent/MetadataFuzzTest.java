package org.jrhcs.rg.agent;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hostile agent metadata: seeded mutations of the project agents' real {@code meta-data}
 * output and of Debian's Dummy, plus entity attacks. {@link MetadataParser#parse} must
 * return a type or refuse with a {@link MetadataParser.MetadataException} that names the
 * agent: no other exception, no hang. {@code -Dfuzz.iterations=N} (default 500).
 */
class MetadataFuzzTest {
    private static final String AGENT = "/fuzz/agent.sh";

    private static List<String> seeds() throws Exception {
        List<String> out = new ArrayList<>();
        for (String a : new String[] {"service.sh", "ip.sh", "fs.sh", "script.sh"}) {
            Path p = Path.of("agents", a);
            if (!Files.exists(p)) continue;
            Process pr = new ProcessBuilder("bash", p.toString(), "meta-data").redirectErrorStream(true).start();
            String xml = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (pr.waitFor() == 0 && xml.contains("<resource-agent")) out.add(xml);
        }
        out.add("<?xml version=\"1.0\"?><!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\"><resource-agent name=\"x\">"
                + "<parameters><parameter name=\"name\" primary=\"1\" unique=\"1\" required=\"1\"><content type=\"string\" default=\"a\"/></parameter>"
                + "</parameters><actions><action name=\"start\" timeout=\"20\"/><action name=\"status\" interval=\"10\" depth=\"0\"/></actions>"
                + "<special tag=\"rgmanager\"><attributes maxinstances=\"1\"/><child type=\"fs\" start=\"1\" stop=\"2\"/></special></resource-agent>");
        return out;
    }

    @Test
    void mutatedMetadataParsesOrIsRefusedNamingTheAgent() throws Exception {
        List<String> seeds = seeds();
        long base = Long.getLong("fuzz.seed", 20261123L);
        int iterations = Integer.getInteger("fuzz.iterations", 500);
        String[] hostile = {"", "-1", "abc", "99999999999", "1.5", "\u0000", "yes", "0x1", "a".repeat(5000)};
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < iterations; i++) {
                SplittableRandom r = new SplittableRandom(base + i);
                String s = seeds.get(r.nextInt(seeds.size()));
                for (int k = 0; k < 1 + r.nextInt(3); k++) {
                    int op = r.nextInt(4);
                    if (op == 0) { // an attribute value
                        int q = s.indexOf("=\"", r.nextInt(Math.max(1, s.length())));
                        if (q < 0) continue;
                        int end = s.indexOf('"', q + 2);
                        if (end > 0) s = s.substring(0, q + 2) + hostile[r.nextInt(hostile.length)] + s.substring(end);
                    } else if (op == 1) {
                        s = s.substring(0, r.nextInt(s.length() + 1));
                    } else if (op == 2) { // drop or duplicate a line
                        String[] lines = s.split("\n", -1);
                        int l = r.nextInt(lines.length);
                        StringBuilder b = new StringBuilder();
                        for (int j = 0; j < lines.length; j++) {
                            if (j != l || r.nextInt(2) == 0) b.append(lines[j]).append('\n');
                            if (j == l) b.append(lines[j]).append('\n');
                        }
                        s = b.toString();
                    } else {
                        char[] c = s.toCharArray();
                        if (c.length > 0) c[r.nextInt(c.length)] = (char) r.nextInt(128);
                        s = new String(c);
                    }
                }
                check(s, "seed " + (base + i));
            }
        });
    }

    @Test
    void entityAttacksAreRefused() {
        StringBuilder lol = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\">");
        for (int i = 1; i < 12; i++) lol.append("<!ENTITY ").append((char) ('a' + i)).append(" \"")
                .append(("&" + (char) ('a' + i - 1) + ";").repeat(10)).append("\">");
        lol.append("]><resource-agent name=\"&l;\"><parameters/><actions/></resource-agent>");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<resource-agent name=\"x\"><parameters><parameter name=\"&x;\"/></parameters></resource-agent>";
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            check(lol.toString(), "billion laughs");
            check(xxe, "external entity");
            try {
                var t = MetadataParser.parse(xxe, AGENT);
                assertTrue(t.toString().indexOf("root:") < 0, "an external entity was read");
            } catch (MetadataParser.MetadataException refused) {
                // fine
            }
        });
    }

    private static void check(String xml, String what) {
        try {
            MetadataParser.parse(xml, AGENT);
        } catch (MetadataParser.MetadataException e) {
            assertTrue(e.getMessage().startsWith(AGENT + ":"), what + ": refusal does not name the agent: " + e.getMessage());
        } catch (Throwable t) {
            fail(what + ": MetadataParser.parse threw " + t + "\ninput:\n" + (xml.length() > 3000 ? xml.substring(0, 3000) : xml), t);
        }
    }
}
