package org.jrhcs.ccs;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.jrhcs.ccs.tool.CcsConfigValidate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broken inputs, each made from a valid example by one edit: each must fail
 * with exit 1 and a message that starts with file:line:column and says what is wrong.
 */
class BrokenInputsTest {
    @TempDir Path dir;

    private static String example(String name) { return Fixtures.read(Fixtures.examplesDir().resolve(name)); }

    private record Outcome(int rc, String out, String err) {}

    private Outcome validate(String content) throws Exception {
        Path file = dir.resolve("cluster.conf");
        Files.writeString(file, content);
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int rc = CcsConfigValidate.run(new String[] {"-f", file.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Asserts a failure whose stderr has an error line at the given line that contains the words. */
    private void assertFailsAt(Outcome o, int line, String words) {
        assertEquals(1, o.rc(), o.err());
        assertEquals("Configuration fails to validate\n", o.out());
        Pattern p = Pattern.compile("(?m)^" + Pattern.quote(dir.resolve("cluster.conf").toString()) + ":" + line
                + ":\\d+: error: .*" + Pattern.quote(words) + ".*$");
        assertTrue(p.matcher(o.err()).find(), "expected an error on line " + line + " mentioning '" + words + "' in:\n" + o.err());
    }

    private static int lineOf(String text, String needle) {
        int at = text.indexOf(needle);
        assertTrue(at >= 0, needle);
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    @Test void truncatedFile() throws Exception {
        String full = example("seed-000-web-mysql.conf");
        String cut = full.substring(0, full.indexOf("<rm>") + 20);
        Outcome o = validate(cut);
        assertFailsAt(o, lineOf(cut, "<rm>") + 1, "truncated");
    }

    @Test void duplicateNodeid() throws Exception {
        String text = example("minimal.conf").replace("name=\"node3\" nodeid=\"3\"", "name=\"node3\" nodeid=\"2\"");
        assertFailsAt(validate(text), lineOf(text, "name=\"node3\""), "nodeid 2 of node \"node3\" is already used by node \"node2\"");
    }

    @Test void refToMissingResource() throws Exception {
        String text = example("seed-000-web-mysql.conf").replace("<fs ref=\"web-data\"/>", "<fs ref=\"web-dat\"/>");
        assertFailsAt(validate(text), lineOf(text, "<fs ref=\"web-dat\"/>"), "<fs ref=\"web-dat\"> refers to a resource that is not defined");
    }

    @Test void fenceDeviceThatDoesNotExist() throws Exception {
        String text = example("seed-000-web-mysql.conf").replace("<device name=\"fence-web1\"/>", "<device name=\"fence-www1\"/>");
        assertFailsAt(validate(text), lineOf(text, "fence-www1"), "uses device \"fence-www1\", which is not defined under <fencedevices>");
    }

    @Test void twoNodeWithThreeNodes() throws Exception {
        String two = example("seed-002-apache-two-node.conf");
        String text = two.replace("\t</clusternodes>", "\t\t<clusternode name=\"node3.upl.com\" nodeid=\"3\" votes=\"1\">\n"
                + "\t\t\t<fence><method name=\"1\"><device name=\"storage-fence\"/></method></fence>\n\t\t</clusternode>\n\t</clusternodes>");
        assertFailsAt(validate(text), lineOf(text, "<cman two_node"), "two_node=\"1\" is only for clusters of exactly two nodes, but <clusternodes> lists 3");
    }

    @Test void nonNumericVotes() throws Exception {
        String text = example("minimal.conf").replace("name=\"node2\" nodeid=\"2\"", "name=\"node2\" nodeid=\"2\" votes=\"abc\"");
        assertFailsAt(validate(text), lineOf(text, "votes=\"abc\""), "votes=\"abc\" on <clusternode> must be a whole number, 1 or more");
    }

    @Test void missingFileIsAnErrorNotACrash() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int rc = CcsConfigValidate.run(new String[] {"-f", dir.resolve("nope.conf").toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, rc);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("nope.conf: error: no such file"), err.toString(StandardCharsets.UTF_8));
    }
}
