package org.jrhcs.ccs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Hostile cluster.conf files: seeded mutations of real files (bytes flipped, cut short,
 * elements duplicated or dropped, attributes set to hostile values) plus hand-made attacks
 * (external entities, entity expansion, deep nesting, huge values). Every input must load
 * or be refused with a {@link ConfException}, and {@link ConfValidator} must answer with
 * problems that name the file: no other exception, no hang. {@code -Dfuzz.iterations=N}
 * runs longer (default 400); a failure prints the seed and the input.
 */
class ConfFuzzTest {
    private static final String NAME = "fuzz/cluster.conf";
    private static final String[] HOSTILE_VALUES = {"", "-1", "0", "2147483648", "99999999999999999999", "abc",
            "1e9", " 1", "0x10", "\u0000", "\uFFFF", "&amp;", "ü", "../../etc/passwd", "$(reboot)", "`id`",
            "a".repeat(10_000), "NaN", "true", "-0"};

    static List<byte[]> seeds() throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (Path dir : List.of(Path.of("../../conf/examples"), Path.of("src/test/resources/corpus"))) {
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.sorted().toList())
                    if (p.toString().endsWith(".conf") || p.toString().endsWith(".xml")) out.add(Files.readAllBytes(p));
            }
        }
        if (out.isEmpty()) out.add("<cluster name=\"c\" config_version=\"1\"><clusternodes/></cluster>".getBytes(StandardCharsets.UTF_8));
        return out;
    }

    @Test
    void mutatedFilesLoadOrAreRefusedWithALocation() throws IOException {
        List<byte[]> seeds = seeds();
        long base = Long.getLong("fuzz.seed", 20261123L);
        int iterations = Integer.getInteger("fuzz.iterations", 400);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < iterations; i++) {
                SplittableRandom r = new SplittableRandom(base + i);
                byte[] input = mutate(seeds.get(r.nextInt(seeds.size())), r);
                check(input, "seed " + (base + i));
            }
        });
    }

    @Test
    void attacksAreRefusedOrHarmless() {
        String passwd = "<!DOCTYPE cluster [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<cluster name=\"&x;\" config_version=\"1\"><clusternodes/></cluster>";
        StringBuilder lol = new StringBuilder("<!DOCTYPE cluster [<!ENTITY a \"aaaaaaaaaa\">");
        for (int i = 1; i < 12; i++) lol.append("<!ENTITY ").append((char) ('a' + i)).append(" \"")
                .append(("&" + (char) ('a' + i - 1) + ";").repeat(10)).append("\">");
        lol.append("]><cluster name=\"&l;\" config_version=\"1\"/>");
        String deep = "<cluster name=\"c\" config_version=\"1\"><rm><service name=\"s\">"
                + "<script name=\"x\" file=\"/bin/true\">".repeat(20_000) + "</script>".repeat(20_000)
                + "</service></rm></cluster>";
        String wide = "<cluster name=\"c\" config_version=\"1\"><clusternodes>"
                + "<clusternode name=\"n\" nodeid=\"1\"/>".repeat(20_000) + "</clusternodes></cluster>";
        String[] attacks = {passwd, lol.toString(), deep, wide, "", "<", "\uFEFF<cluster/>", "<cluster/>",
                "<?xml version=\"1.0\" encoding=\"EBCDIC\"?><cluster/>", "<notcluster/>",
                "<cluster name=\"c\" config_version=\"-5\"><clusternodes><clusternode/></clusternodes></cluster>",
                "<cluster xmlns=\"urn:x\" name=\"c\"/>", "<cluster name=\"c\" name=\"d\"/>"};
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (String a : attacks) {
                byte[] in = a.getBytes(StandardCharsets.UTF_8);
                check(in, "attack " + (a.length() > 80 ? a.substring(0, 80) + "..." : a));
                try {
                    ConfDocument d = ConfDocument.parse(in, NAME);
                    String name = d.cluster().name;
                    assertFalse(name != null && name.contains("root:"), "an external entity was read: " + name);
                    assertTrue(name == null || name.length() < 100_000, "entity expansion was not limited");
                } catch (ConfException refused) {
                    // refusing is fine
                }
            }
        });
    }

    private static void check(byte[] input, String what) {
        try {
            ConfDocument d = ConfDocument.parse(input, NAME);
            d.cluster();
        } catch (ConfException e) {
            assertEquals(NAME, e.location().file(), what + ": refusal without the file: " + e.getMessage());
            assertFalse(e.getMessage().isBlank(), what);
        } catch (Throwable t) {
            fail(what + ": ConfDocument.parse threw " + t + "\ninput:\n" + show(input), t);
        }
        try {
            ConfValidator.Result r = ConfValidator.validate(input, NAME);
            for (Problem p : r.problems()) {
                assertEquals(NAME, p.location().file(), what + ": problem without the file: " + p);
                assertFalse(p.message().isBlank(), what + ": empty problem");
            }
        } catch (Throwable t) {
            fail(what + ": ConfValidator.validate threw " + t + "\ninput:\n" + show(input), t);
        }
    }

    private static String show(byte[] in) {
        String s = new String(in, StandardCharsets.UTF_8);
        return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
    }

    /** One to three mutations: text-level (element, attribute) or byte-level. */
    static byte[] mutate(byte[] seed, SplittableRandom r) {
        String s = new String(seed, StandardCharsets.UTF_8);
        int n = 1 + r.nextInt(3);
        for (int k = 0; k < n; k++) {
            switch (r.nextInt(7)) {
                case 0 -> s = setAttribute(s, r);
                case 1 -> s = setAttribute(s, r);
                case 2 -> s = duplicateElement(s, r);
                case 3 -> s = dropElement(s, r);
                case 4 -> s = s.substring(0, r.nextInt(s.length() + 1));
                case 5 -> s = insertElement(s, r);
                default -> {
                    byte[] b = s.getBytes(StandardCharsets.UTF_8);
                    for (int j = 0; j < 1 + r.nextInt(4) && b.length > 0; j++) b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                    return b;
                }
            }
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String setAttribute(String s, SplittableRandom r) {
        List<int[]> values = new ArrayList<>();
        for (int i = s.indexOf("=\""); i >= 0; i = s.indexOf("=\"", i + 2)) {
            int end = s.indexOf('"', i + 2);
            if (end < 0) break;
            values.add(new int[] {i + 2, end});
        }
        if (values.isEmpty()) return s;
        int[] v = values.get(r.nextInt(values.size()));
        String val = HOSTILE_VALUES[r.nextInt(HOSTILE_VALUES.length)].replace("\"", "&quot;");
        return s.substring(0, v[0]) + val + s.substring(v[1]);
    }

    private static int[] element(String s, SplittableRandom r) {
        List<Integer> starts = new ArrayList<>();
        for (int i = s.indexOf('<'); i >= 0; i = s.indexOf('<', i + 1))
            if (i + 1 < s.length() && Character.isLetter(s.charAt(i + 1))) starts.add(i);
        if (starts.isEmpty()) return null;
        int a = starts.get(r.nextInt(starts.size()));
        int gt = s.indexOf('>', a);
        if (gt < 0) return null;
        if (s.charAt(gt - 1) == '/') return new int[] {a, gt + 1};
        int sp = a + 1;
        while (sp < s.length() && (Character.isLetterOrDigit(s.charAt(sp)) || s.charAt(sp) == '_')) sp++;
        String close = "</" + s.substring(a + 1, sp) + ">";
        int c = s.indexOf(close, gt);
        return c < 0 ? null : new int[] {a, c + close.length()};
    }

    private static String duplicateElement(String s, SplittableRandom r) {
        int[] e = element(s, r);
        return e == null ? s : s.substring(0, e[1]) + s.substring(e[0], e[1]) + s.substring(e[1]);
    }

    private static String dropElement(String s, SplittableRandom r) {
        int[] e = element(s, r);
        return e == null ? s : s.substring(0, e[0]) + s.substring(e[1]);
    }

    private static String insertElement(String s, SplittableRandom r) {
        String[] junk = {"<clusternode name=\"x\" nodeid=\"1\"/>", "<service name=\"s\" domain=\"nowhere\"/>",
                "<fencedevice/>", "<quorumd votes=\"-3\" tko=\"0\"/>", "<unknown a=\"b\"/>", "<rm><rm/></rm>",
                "<failoverdomain name=\"d\"><failoverdomainnode name=\"ghost\" priority=\"-1\"/></failoverdomain>",
                "<!-- comment -->", "<![CDATA[ ]]>", "<?pi x?>", "<totem token=\"0\"/>", "<cman two_node=\"1\"/>"};
        int[] e = element(s, r);
        if (e == null) return s;
        int gt = s.indexOf('>', e[0]) + 1;
        return s.substring(0, gt) + junk[r.nextInt(junk.length)] + s.substring(gt);
    }
}
