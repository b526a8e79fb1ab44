package org.jrhcs.ccsd.tool;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.jrhcs.ccs.ConfValidator;
import org.jrhcs.client.ClusterRoot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ccs_tool's output and edits, compared byte for byte with files under
 * {@code src/test/resources/golden/ccs_tool/}. Regenerate after a deliberate change
 * with {@code -Dgolden.update=true} and review the diff.
 */
class CcsToolTest {
    static final Path GOLDEN_SOURCE = Path.of("src/test/resources/golden/ccs_tool");
    static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @TempDir Path dir;
    Path web;

    record Run(int code, String out, String err) {}

    @BeforeEach void copyInput() throws IOException {
        web = dir.resolve("web.conf");
        Files.writeString(web, resource("web.conf"));
    }

    static String resource(String name) throws IOException {
        try (InputStream in = CcsToolTest.class.getResourceAsStream("/golden/ccs_tool/" + name)) {
            if (in == null) return null;
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    Run ccs(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = new CcsTool(new ClusterRoot(dir.resolve("root")), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8).replace(dir.toString(), "$DIR"),
                err.toString(StandardCharsets.UTF_8).replace(dir.toString(), "$DIR"));
    }

    static void golden(String name, String actual) throws IOException {
        if (UPDATE) {
            Files.writeString(GOLDEN_SOURCE.resolve(name), actual);
            return;
        }
        String expected = resource(name);
        assertNotNull(expected, "no golden file " + name + " (run with -Dgolden.update=true to create it)");
        assertEquals(expected, actual, "output differs from golden/ccs_tool/" + name);
    }

    // --- listings ---------------------------------------------------------------------------

    static Stream<Arguments> listings() {
        return Stream.of(
                Arguments.of("lsnode.out", new String[] {"lsnode"}),
                Arguments.of("lsnode-v.out", new String[] {"lsnode", "-v"}),
                Arguments.of("lsfence.out", new String[] {"lsfence"}),
                Arguments.of("lsfence-v.out", new String[] {"lsfence", "-v"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("listings")
    void listingsMatchTheGoldenFiles(String golden, String[] args) throws IOException {
        String[] withFile = Stream.concat(Stream.of(args), Stream.of("-c", web.toString())).toArray(String[]::new);
        Run r = ccs(withFile);
        assertEquals("", r.err());
        assertEquals(0, r.code());
        golden(golden, r.out());
    }

    @Test
    void listingReadsTheDefaultFileUnderTheClusterRoot() throws IOException {
        Path conf = new ClusterRoot(dir.resolve("root")).clusterConf();
        Files.createDirectories(conf.getParent());
        Files.copy(web, conf);
        assertEquals(ccs("lsfence", "-c", web.toString()).out(), ccs("lsfence").out());
    }

    // --- edits -------------------------------------------------------------------------------

    static Stream<Arguments> edits() {
        return Stream.of(
                Arguments.of("addnode.conf", new String[] {"addnode", "web3.example.com", "-n", "3", "-f", "apc", "port=3"}),
                Arguments.of("addnode-altname.conf", new String[] {"addnode", "-n", "4", "-a", "web4-hb", "web4.example.com"}),
                Arguments.of("delnode.conf", new String[] {"delnode", "web2.example.com"}),
                Arguments.of("addfence.conf", new String[] {"addfence", "manual", "fence_manual"}),
                Arguments.of("addfence-params.conf", new String[] {"addfence", "ipmi2", "fence_ipmilan", "ipaddr=10.0.0.12", "login=admin"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edits")
    void editsKeepCommentsBumpTheVersionAndValidate(String golden, String[] args) throws IOException {
        String[] withFile = Stream.concat(Stream.of(args), Stream.of("-c", web.toString())).toArray(String[]::new);
        Run r = ccs(withFile);
        assertEquals("", r.err());
        assertEquals(0, r.code());
        String edited = Files.readString(web);
        assertTrue(edited.contains("<!-- rack A -->"), "comments survive");
        assertTrue(edited.contains("config_version=\"8\""), "config_version raised from 7 to 8");
        assertEquals(resource("web.conf"), Files.readString(dir.resolve("web.conf.bak")), "the previous file is kept");
        assertTrue(ConfValidator.validate(web).validates(), ConfValidator.validate(web).problems().toString());
        golden(golden, edited);
    }

    @Test
    void delfenceWarnsWhenANodeStillUsesTheDeviceButWritesAsRhcsDoes() throws IOException {
        Run r = ccs("delfence", "apc", "-c", web.toString());
        assertEquals(0, r.code());
        assertEquals("ccs_tool: warning: the edited configuration does not validate:\n"
                + "  $DIR/web.conf:20:51: error: node \"web2.example.com\" fence method \"1\" uses device \"apc\", "
                + "which is not defined under <fencedevices> (defined: ipmi1)\n", r.err());
        golden("delfence.conf", Files.readString(web));
    }

    @Test
    void outputDashWritesToStdoutAndLeavesTheFileAlone() throws IOException {
        Run r = ccs("addfence", "manual", "fence_manual", "-c", web.toString(), "-o-");
        assertEquals(0, r.code());
        golden("addfence.conf", r.out());
        assertEquals(resource("web.conf"), Files.readString(web));
    }

    @Test
    void unknownElementsSurviveAnEdit() throws IOException {
        Files.writeString(web, resource("web.conf").replace("</cluster>", "  <x-site owner=\"ops\">notes</x-site>\n</cluster>"));
        Run r = ccs("addfence", "manual", "fence_manual", "-c", web.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(web).contains("<x-site owner=\"ops\">notes</x-site>"));
    }

    @Test
    void createWritesTheRhcsSkeleton() throws IOException {
        Path a = dir.resolve("a.conf"), b = dir.resolve("b.conf");
        assertEquals(new Run(0, "", ""), ccs("create", "-c", a.toString(), "alpha"));
        golden("create.conf", Files.readString(a));
        assertEquals(new Run(0, "", ""), ccs("create", "-2", "-n", "2", "-f", "fence_manual", "-c", b.toString(), "beta"));
        golden("create-2.conf", Files.readString(b));
        assertTrue(ConfValidator.validate(b).validates(), ConfValidator.validate(b).problems().toString());
    }

    @Test
    void createThenAddfenceThenAddnodeBuildsAValidConfig() throws IOException {
        Path f = dir.resolve("new.conf");
        assertEquals(0, ccs("create", "-c", f.toString(), "gamma").code());
        assertEquals(0, ccs("addfence", "-c", f.toString(), "apc", "fence_apc", "ipaddr=10.0.0.20", "login=apc", "passwd=apc").code());
        for (int i = 1; i <= 3; i++)
            assertEquals(new Run(0, "", ""), ccs("addnode", "-c", f.toString(), "node" + i, "-n", "" + i, "-f", "apc", "port=" + i));
        assertTrue(ConfValidator.validate(f).validates(), ConfValidator.validate(f).problems().toString());
        golden("built.conf", Files.readString(f));
        golden("built-lsnode.out", ccs("lsnode", "-c", f.toString()).out());
    }

    // --- refusals ------------------------------------------------------------------------------

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(new String[] {"addnode", "web1.example.com", "-n", "9"}, 1,
                        "ccs_tool: node web1.example.com already exists in $DIR/web.conf\n"),
                Arguments.of(new String[] {"addnode", "web3"}, 1, "ccs_tool: nodeid not specified\n"),
                Arguments.of(new String[] {"addnode", "web3", "-n", "2"}, 1, "ccs_tool: nodeid 2 already in use\n"),
                Arguments.of(new String[] {"addnode", "web3", "-n", "3", "-f", "nope"}, 1, "ccs_tool: fence type 'nope' not known\n"),
                Arguments.of(new String[] {"addnode", "web3", "-n", "3", "-v", "x"}, 1, "ccs_tool: argument to v (x) is not an integer\n"),
                Arguments.of(new String[] {"addnode", "web3", "-n", "3", "-f", "apc", "port"}, 1,
                        "ccs_tool: option 'port' is not opt=value pair\n"),
                Arguments.of(new String[] {"addnode", "web3", "-n", "3", "-f", "apc", "name=x"}, 1,
                        "ccs_tool: Can't use \"name\" as a fence argument name\n"),
                Arguments.of(new String[] {"addnode", "web3", "-n", "0"}, 1,
                        "ccs_tool: the edited configuration does not validate; nothing written:\n"
                        + "  $DIR/web.conf:24:52: error: nodeid=\"0\" on <clusternode> must be a whole number, 1 or more\n"
                        + "  $DIR/web.conf:24:52: error: nodeid 0 of node \"web3\" is outside 1..16, the ids the quorum disk has status blocks for\n"),
                Arguments.of(new String[] {"delnode", "nope"}, 1, "ccs_tool: node nope does not exist in $DIR/web.conf\n"),
                Arguments.of(new String[] {"addfence", "apc", "fence_apc"}, 1, "ccs_tool: fence type apc already exists\n"),
                Arguments.of(new String[] {"delfence", "nope"}, 1, "ccs_tool: fence type nope does not exist\n"),
                Arguments.of(new String[] {"create", "x"}, 1, "ccs_tool: $DIR/web.conf already exists\n"),
                Arguments.of(new String[] {"addnode", "web3", "-n", "3", "-q"}, 2, "ccs_tool: unknown option -q for addnode\n"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("refusals")
    void badRequestsAreRefusedWithRhcsMessagesAndNothingIsWritten(String[] args, int code, String err) throws IOException {
        String[] withFile = Stream.concat(Stream.of(args), Stream.of("-c", web.toString())).toArray(String[]::new);
        Run r = ccs(withFile);
        assertEquals(err, r.err());
        assertEquals(code, r.code());
        assertEquals("", r.out());
        assertEquals(resource("web.conf"), Files.readString(web), "file unchanged");
        assertFalse(Files.exists(dir.resolve("web.conf.bak")));
    }

    @Test
    void aMissingOrBrokenFileIsNamed() throws IOException {
        assertEquals(new Run(1, "", "ccs_tool: Error: unable to parse requested configuration file: $DIR/none.conf: no such file\n"),
                ccs("lsnode", "-c", dir.resolve("none.conf").toString()));
        Files.writeString(web, "<cluster name=\"x\" config_version=\"1\">\n<clusternodes>\n</cluster>\n");
        Run r = ccs("lsfence", "-c", web.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("ccs_tool: Error: unable to parse requested configuration file: $DIR/web.conf:3:3: not well-formed XML"), r.err());
        Run e = ccs("addfence", "a", "fence_a", "-c", web.toString());
        assertTrue(e.err().startsWith("ccs_tool: Error: unable to parse requested configuration file: $DIR/web.conf:3:3:"), e.err());
    }

    @Test
    void unknownCommandsAndHelp() {
        assertEquals(new Run(1, "", "Unknown command, frob.\nTry 'ccs_tool help' for help.\n"), ccs("frob"));
        assertEquals(new Run(1, "", "Too few arguments.\nTry 'ccs_tool help' for help.\n"), ccs());
        Run help = ccs("help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("  update <xml file>   Tells ccsd to upgrade to new config file version.\n"), help.out());
        Run addnodeHelp = ccs("addnode", "-h");
        assertEquals(0, addnodeHelp.code());
        assertTrue(addnodeHelp.out().startsWith("Usage: ccs_tool addnode [options] <nodename> [<fencearg>=<value>]...\n"));
    }
}
