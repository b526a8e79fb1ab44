package org.jrhcs.ccsd.tool;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.ccs.ConfEditor;
import org.jrhcs.ccs.ConfException;
import org.jrhcs.ccs.ConfValidator;
import org.jrhcs.ccs.Problem;
import org.jrhcs.ccsd.client.CcsClient;
import org.jrhcs.ccsd.daemon.AtomicFile;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.client.ipc.IpcException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * {@code ccs_tool}: distributes a new cluster.conf through ccsd ({@code update}) and
 * edits a cluster.conf file in place like RHCS's ccs_tool ({@code create},
 * {@code addnode}, {@code delnode}, {@code addfence}, {@code delfence}, {@code lsnode},
 * {@code lsfence}). Edits go through {@link ConfEditor}, so comments and elements
 * this tool does not know survive; every edit except {@code create} raises
 * {@code config_version} by one, and the result is validated before it is written.
 * Talks to ccsd only through the JDK-only {@link CcsClient}.
 */
public final class CcsTool {
    static final String VERSION = "jrhcs 0.1";

    private final ClusterRoot root;
    private final PrintStream out;
    private final PrintStream err;

    /** A command failed; {@code message} is printed after "ccs_tool: ". */
    private static final class Failure extends RuntimeException {
        final int code;

        Failure(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    public CcsTool(ClusterRoot root, PrintStream out, PrintStream err) {
        this.root = root;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new CcsTool(ClusterRoot.fromEnvironment(), System.out, System.err).run(args));
    }

    public int run(String... args) {
        if (args.length == 0) {
            err.println("Too few arguments.");
            err.println("Try 'ccs_tool help' for help.");
            return 1;
        }
        String command = args[0];
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (command) {
                case "-h", "help", "--help" -> usage(out);
                case "-V" -> out.println("ccs_tool " + VERSION);
                case "update" -> update(rest);
                case "query" -> query(rest);
                case "create" -> create(rest);
                case "addnode" -> addnode(rest);
                case "delnode" -> delnode(rest);
                case "addfence" -> addfence(rest);
                case "delfence" -> delfence(rest);
                case "lsnode" -> lsnode(rest);
                case "lsfence" -> lsfence(rest);
                default -> {
                    err.println("Unknown command, " + command + ".");
                    err.println("Try 'ccs_tool help' for help.");
                    return 1;
                }
            }
            return 0;
        } catch (Failure f) {
            if (f.getMessage() != null) err.println("ccs_tool: " + f.getMessage());
            return f.code;
        }
    }

    static void usage(PrintStream s) {
        s.print("""
                Usage:
                  ccs_tool [options] <command>

                Options:
                  -h                  Print this usage and exit.
                  -V                  Print version information and exit.

                Commands:
                  help                Print this usage and exit.
                  query <xpath query> Query the cluster configuration.
                  update <xml file>   Tells ccsd to upgrade to new config file version.
                  addnode <node>      Add a node
                  delnode <node>      Delete a node
                  lsnode              List nodes
                  lsfence             List fence devices
                  addfence <fencedev> Add a new fence device
                  delfence <fencedev> Delete a fence device
                  create              Create a skeleton config file

                """);
    }

    // --- update -------------------------------------------------------------------------

    private void update(String[] args) {
        Opts o = Opts.parse("update", args, "", "");
        if (o.help) {
            out.println("Usage: ccs_tool update <xml file>");
            return;
        }
        if (o.positional.size() != 1) throw usageError("update", "update needs exactly one file", "Usage: ccs_tool update <xml file>");
        Path file = Path.of(o.positional.get(0));
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new Failure(1, "Unable to open " + file + ": No such file or directory");
        } catch (IOException e) {
            throw new Failure(1, "Unable to open " + file + ": " + e.getMessage());
        }
        CcsClient.UpdateResult r;
        try {
            r = new CcsClient(root).update(text, file.toString());
        } catch (IpcException e) {
            err.println(e.getMessage());
            err.println("Failed to update config file.");
            throw new Failure(1, null);
        }
        r.warnings().forEach(err::println);
        out.println("Config file updated from version " + r.fromVersion() + " to " + r.toVersion());
        out.println();
        out.println("Update complete.");
    }

    // --- query --------------------------------------------------------------------------

    /** Queries the configuration the cluster runs (ccsd's copy), not a file. */
    private void query(String[] args) {
        java.util.List<String> paths = new ArrayList<>(java.util.Arrays.asList(args));
        paths.remove("-n"); // RHCS's "no full XPath" switch: full XPath is always available here
        if (paths.isEmpty()) {
            err.print("Usage:\n\nccs_tool query [-n] <xpath query>\n\noptions\n  -n     disable full XPath parsing\n");
            throw new Failure(1, null);
        }
        CcsClient.Config config;
        try {
            config = new CcsClient(root).get();
        } catch (IpcException e) {
            throw new Failure(1, "Query failed: " + e.getMessage());
        }
        org.jrhcs.ccs.ConfQuery q;
        try {
            q = new org.jrhcs.ccs.ConfQuery(ConfDocument.parseDom(config.text().getBytes(StandardCharsets.UTF_8), "cluster.conf"));
        } catch (ConfException e) {
            throw new Failure(1, "Query failed: " + e.getMessage());
        }
        for (String path : paths) {
            String value;
            try {
                value = q.get(path);
            } catch (IllegalArgumentException e) {
                throw new Failure(1, "Query failed: " + e.getMessage());
            }
            if (value == null) throw new Failure(1, "Query failed: nothing in cluster.conf version " + config.version() + " matches " + path);
            out.println(value);
        }
    }

    // --- create -------------------------------------------------------------------------

    private void create(String[] args) {
        Opts o = Opts.parse("create", args, "cnf", "2");
        String usage = """
                Usage: ccs_tool create [-2] <clustername>
                 -2                 Create a 2-node cman cluster config file
                 -n <num>           Create skeleton entries for <num> nodes
                 -f <agent>         Add a fence device using <agent> to the node skeletons
                 -c --configfile    Name of configuration file (%s)
                 -h --help          Display this help text

                Note that "create" on its own will not create a valid configuration file.
                Fence agents and nodes will need to be added to it before handing it over
                to cman.
                """.formatted(root.clusterConf());
        if (o.help) {
            out.print(usage);
            return;
        }
        if (o.positional.size() != 1) throw usageError("create", "create needs a cluster name", usage);
        String name = o.positional.get(0);
        int nodes = o.flags.contains('2') ? 2 : 0;
        if (o.values.containsKey('n')) nodes = nonNegative('n', o.values.get('n'));
        String agent = o.values.get('f');
        Path file = o.values.containsKey('c') ? Path.of(o.values.get('c')) : root.clusterConf();
        if (Files.exists(file)) throw new Failure(1, file + " already exists");
        String text = skeleton(name, nodes, o.flags.contains('2'), agent);
        try {
            AtomicFile.write(file, text.getBytes(StandardCharsets.UTF_8), false);
        } catch (IOException e) {
            throw new Failure(1, "Can't write " + file + ": " + e.getMessage());
        }
    }

    /** The RHCS skeleton layout: two-space indents, blank lines between the sections. */
    static String skeleton(String name, int nodes, boolean twoNode, String agent) {
        StringBuilder s = new StringBuilder();
        s.append("<?xml version=\"1.0\"?>\n");
        s.append("<cluster name=\"").append(xmlAttr(name)).append("\" config_version=\"1\">\n\n");
        if (twoNode) s.append("  <cman two_node=\"1\" expected_votes=\"1\"/>\n");
        s.append("  <clusternodes>\n");
        for (int i = 1; i <= nodes; i++) {
            s.append(String.format("    <clusternode name=\"NEEDNAME-%02d\" votes=\"1\" nodeid=\"%d\">%n", i, i));
            s.append("      <fence>\n");
            s.append("        <method name=\"single\">\n");
            if (agent != null) s.append("          <device name=\"fence1\"/>\n");
            s.append("        </method>\n");
            s.append("      </fence>\n");
            s.append("    </clusternode>\n");
        }
        s.append("  </clusternodes>\n\n");
        s.append("  <fencedevices>\n");
        if (agent != null) s.append("    <fencedevice name=\"fence1\" agent=\"").append(xmlAttr(agent)).append("\"/>\n");
        s.append("  </fencedevices>\n\n");
        s.append("  <rm>\n");
        s.append("    <failoverdomains/>\n");
        s.append("    <resources/>\n");
        s.append("  </rm>\n");
        s.append("</cluster>\n");
        return s.toString();
    }

    private static String xmlAttr(String v) {
        return v.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }

    // --- addnode / delnode ----------------------------------------------------------------

    private void addnode(String[] args) {
        Opts o = Opts.parse("addnode", args, "vnafco", "");
        String usage = """
                Usage: ccs_tool addnode [options] <nodename> [<fencearg>=<value>]...
                 -n --nodeid        Nodeid (required)
                 -v --votes         Number of votes for this node (default 1)
                 -a --altname       Alternative name/interface for multihomed hosts
                 -f --fence_type    Type of fencing to use
                 -c --configfile    Name of configuration file (%s)
                 -o --outputfile    Name of output file (defaults to same as --configfile)
                 -h --help          Display this help text

                Examples:

                Add a new node to default configuration file:
                  ccs_tool addnode newnode1 -n 1 -f manual ipaddr=newnode

                Add a new node and dump config file to stdout rather than save it
                  ccs_tool addnode newnode2 -n 2 -f apc -o- newnode.temp.net port=1
                """.formatted(root.clusterConf());
        if (o.help) {
            out.print(usage);
            return;
        }
        if (o.positional.isEmpty()) throw usageError("addnode", "addnode needs a node name", usage);
        String name = o.positional.get(0);
        String votes = o.values.getOrDefault('v', "1");
        nonNegative('v', votes);
        String nodeid = o.values.get('n');
        if (nodeid != null) nonNegative('n', nodeid);
        Map<String, String> fenceArgs = keyValues(o.positional.subList(1, o.positional.size()));
        edit(o, false, (ed, w, file) -> {
            Document dom = ed.dom();
            Element nodes = required(dom.getDocumentElement(), "clusternodes", file);
            if (byAttr(nodes, "clusternode", "name", name) != null) throw new Failure(1, "node " + name + " already exists in " + file);
            if (nodeid == null) throw new Failure(1, "nodeid not specified");
            for (Element n : children(nodes, "clusternode"))
                if (n.hasAttribute("nodeid") && atoi(n.getAttribute("nodeid")) == atoi(nodeid))
                    throw new Failure(1, "nodeid " + nodeid + " already in use");
            String fence = o.values.get('f');
            if (fence != null) {
                Element devices = child(dom.getDocumentElement(), "fencedevices");
                if (devices == null || byAttr(devices, "fencedevice", "name", fence) == null)
                    throw new Failure(1, "fence type '" + fence + "' not known");
            }
            Element node = w.order(dom.createElement("clusternode"), "name", name, "votes", votes, "nodeid", nodeid);
            if (o.values.containsKey('a')) node.appendChild(w.order(dom.createElement("altname"), "name", o.values.get('a')));
            if (fence != null) {
                Element f = dom.createElement("fence");
                Element method = w.order(dom.createElement("method"), "name", "single");
                Element device = w.order(dom.createElement("device"), "name", fence);
                fenceArgs.forEach((k, v) -> w.order(device, k, v));
                method.appendChild(device);
                f.appendChild(method);
                node.appendChild(f);
            }
            Indent.insert(nodes, node);
        });
    }

    private void delnode(String[] args) {
        Opts o = Opts.parse("delnode", args, "co", "");
        String usage = commonUsage("delnode", "<name>", "");
        if (o.help) {
            out.print(usage);
            return;
        }
        if (o.positional.size() != 1) throw usageError("delnode", "delnode needs a node name", usage);
        String name = o.positional.get(0);
        edit(o, false, (ed, w, file) -> {
            Document dom = ed.dom();
            Element nodes = child(dom.getDocumentElement(), "clusternodes");
            if (nodes == null) throw new Failure(1, "Can't find \"clusternodes\" in " + file);
            Element node = byAttr(nodes, "clusternode", "name", name);
            if (node == null) throw new Failure(1, "node " + name + " does not exist in " + file);
            ed.remove(node);
        });
    }

    // --- addfence / delfence --------------------------------------------------------------

    private void addfence(String[] args) {
        Opts o = Opts.parse("addfence", args, "co", "");
        String usage = commonUsage("addfence", "<name> <agent> [param=value]", "");
        if (o.help) {
            out.print(usage);
            return;
        }
        if (o.positional.size() < 2) throw usageError("addfence", "addfence needs a name and an agent", usage);
        String name = o.positional.get(0);
        String agent = o.positional.get(1);
        Map<String, String> params = keyValues(o.positional.subList(2, o.positional.size()));
        edit(o, false, (ed, w, file) -> {
            Document dom = ed.dom();
            Element devices = required(dom.getDocumentElement(), "fencedevices", file);
            if (byAttr(devices, "fencedevice", "name", name) != null) throw new Failure(1, "fence type " + name + " already exists");
            Element d = w.order(dom.createElement("fencedevice"), "name", name, "agent", agent);
            params.forEach((k, v) -> w.order(d, k, v));
            Indent.insert(devices, d);
        });
    }

    private void delfence(String[] args) {
        Opts o = Opts.parse("delfence", args, "co", "");
        String usage = commonUsage("delfence", "<name>", """

                delfence will allow you to remove a fence device that is in use by nodes.
                This is to allow changes to be made, but be aware that it may produce an
                invalid configuration file if you don't add it back in again.
                """);
        if (o.help) {
            out.print(usage);
            return;
        }
        if (o.positional.size() != 1) throw usageError("delfence", "delfence needs a fence device name", usage);
        String name = o.positional.get(0);
        edit(o, true, (ed, w, file) -> {
            Document dom = ed.dom();
            Element devices = child(dom.getDocumentElement(), "fencedevices");
            if (devices == null) throw new Failure(1, "Can't find \"fencedevices\" in " + file);
            Element d = byAttr(devices, "fencedevice", "name", name);
            if (d == null) throw new Failure(1, "fence type " + name + " does not exist");
            ed.remove(d);
        });
    }

    // --- lsnode / lsfence -----------------------------------------------------------------

    private void lsnode(String[] args) {
        Opts o = Opts.parse("lsnode", args, "c", "v");
        if (o.help) {
            out.print(listUsage("lsnode"));
            return;
        }
        Listing l = readListing(o);
        OrderedXml cluster = l.root();
        StringBuilder s = new StringBuilder();
        s.append("\nCluster name: ").append(orNull(cluster.attr("name")))
         .append(", config_version: ").append(orNull(cluster.attr("config_version"))).append("\n\n");
        OrderedXml nodes = cluster.child("clusternodes")
                .orElseThrow(() -> new Failure(1, "Can't find \"clusternodes\" in " + l.file()));
        cluster.child("cman").flatMap(c -> c.child("multicast")).ifPresent(m ->
                s.append("Multicast address for cluster: ").append(orNull(m.attr("addr"))).append("\n\n"));
        s.append("Nodename                        Votes Nodeid Fencetype\n");
        for (OrderedXml n : nodes.all("clusternode")) {
            OrderedXml device = n.child("fence").flatMap(f -> f.child("method")).flatMap(m -> m.child("device")).orElse(null);
            // printf's "%-32s %3d  %3d    %s\n" by hand: String.format's first use costs a
            // listing more start-up than the JVM's own (BENCHMARKS.md, tools)
            s.append(padRight(orNull(n.attr("name")), 32)).append(' ')
             .append(padLeft(atoi(n.attributes().getOrDefault("votes", "1")), 3)).append("  ")
             .append(padLeft(atoi(n.attributes().getOrDefault("nodeid", "0")), 3)).append("    ")
             .append(device == null || device.attr("name") == null ? "" : device.attr("name")).append('\n');
            if (!o.flags.contains('v')) continue;
            n.child("altname").ifPresent(a -> {
                s.append(" altname name=").append(orNull(a.attr("name")));
                properties(a, "", Set.of("name"), s);
                s.append('\n');
            });
            if (properties(n, "  Node properties: ", Set.of("name", "votes", "nodeid"), s)) s.append('\n');
            if (device != null && properties(device, "  Fence properties: ", Set.of("name", "agent"), s)) s.append('\n');
        }
        out.print(s);
    }

    private void lsfence(String[] args) {
        Opts o = Opts.parse("lsfence", args, "c", "v");
        if (o.help) {
            out.print(listUsage("lsfence"));
            return;
        }
        Listing l = readListing(o);
        OrderedXml devices = l.root().child("fencedevices")
                .orElseThrow(() -> new Failure(1, "Can't find \"fencedevices\" in " + l.file()));
        StringBuilder s = new StringBuilder("Name             Agent\n");
        for (OrderedXml d : devices.all("fencedevice")) {
            s.append(padRight(orNull(d.attr("name")), 16)).append(' ').append(orNull(d.attr("agent"))).append('\n');
            if (o.flags.contains('v') && properties(d, "  Properties: ", Set.of("name", "agent"), s)) s.append('\n');
        }
        out.print(s);
    }

    /** printf's {@code %-Ns}: padded with spaces on the right to {@code width}, never cut. */
    private static String padRight(String v, int width) {
        StringBuilder b = new StringBuilder(v);
        while (b.length() < width) b.append(' ');
        return b.toString();
    }

    /** printf's {@code %Nd}. */
    private static String padLeft(int v, int width) {
        String digits = Integer.toString(v);
        StringBuilder b = new StringBuilder(width);
        for (int i = digits.length(); i < width; i++) b.append(' ');
        return b.append(digits).toString();
    }

    /** Appends {@code prefix} and " key=value" for each attribute not in {@code skip}; false if there was none. */
    private static boolean properties(OrderedXml e, String prefix, Set<String> skip, StringBuilder s) {
        boolean any = false;
        for (Map.Entry<String, String> a : e.attributes().entrySet()) {
            if (skip.contains(a.getKey())) continue;
            if (!any) s.append(prefix);
            any = true;
            s.append(' ').append(a.getKey()).append('=').append(a.getValue());
        }
        return any;
    }

    private record Listing(String file, OrderedXml root) {}

    private Listing readListing(Opts o) {
        if (!o.positional.isEmpty()) throw new Failure(2, "unexpected argument " + o.positional.get(0));
        Path file = o.values.containsKey('c') ? Path.of(o.values.get('c')) : root.clusterConf();
        try {
            return new Listing(file.toString(), OrderedXml.parse(read(file), file.toString()));
        } catch (IllegalArgumentException e) {
            throw new Failure(1, "Error: unable to parse requested configuration file: " + e.getMessage());
        }
    }

    // --- the edit cycle ---------------------------------------------------------------------

    @FunctionalInterface
    private interface Edit {
        void apply(ConfEditor editor, FaithfulWriter writer, String file);
    }

    /**
     * Reads the file, raises config_version, applies {@code edit}, validates and writes.
     * An edit may not add validation errors the file did not already have (so a
     * skeleton can be filled in step by step); {@code warnOnly} (delfence, which RHCS
     * allows to leave dangling references) prints them instead.
     */
    private void edit(Opts o, boolean warnOnly, Edit edit) {
        Path file = o.values.containsKey('c') ? Path.of(o.values.get('c')) : root.clusterConf();
        String output = o.values.getOrDefault('o', file.toString());
        byte[] original = read(file);
        ConfDocument doc;
        try {
            doc = ConfDocument.parse(original, file.toString());
        } catch (ConfException e) {
            throw new Failure(1, "Error: unable to parse requested configuration file: " + e.getMessage());
        }
        ConfEditor editor = new ConfEditor(doc);
        FaithfulWriter writer = FaithfulWriter.remember(editor.dom(), original, file.toString());
        Element cluster = editor.dom().getDocumentElement();
        if (!cluster.hasAttribute("config_version")) throw new Failure(1, "Can't find \"config_version\" in config file");
        cluster.setAttribute("config_version", Integer.toString(atoi(cluster.getAttribute("config_version")) + 1));
        edit.apply(editor, writer, file.toString());
        String text = writer.write(editor.dom());
        try {
            ConfDocument.parse(text, output);
        } catch (ConfException e) {
            throw new Failure(1, "the edited configuration cannot be read back: " + e.getMessage());
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<Problem> added = newErrors(original, bytes, file.toString(), output);
        if (!added.isEmpty()) {
            StringBuilder s = new StringBuilder();
            for (Problem p : added) s.append("\n  ").append(p);
            if (!warnOnly) throw new Failure(1, "the edited configuration does not validate; nothing written:" + s);
            err.println("ccs_tool: warning: the edited configuration does not validate:" + s);
        }
        if (output.equals("-")) {
            out.print(text);
            return;
        }
        try {
            AtomicFile.write(Path.of(output), bytes, true);
        } catch (IOException e) {
            throw new Failure(1, "Error writing new config file " + output + ": " + e.getMessage());
        }
    }

    /** Errors of the edited file that the original did not have (compared without their locations, which shift). */
    private static List<Problem> newErrors(byte[] before, byte[] after, String file, String output) {
        Set<String> old = new HashSet<>();
        for (Problem p : ConfValidator.validate(before, file).errors()) old.add(p.message());
        List<Problem> added = new ArrayList<>();
        for (Problem p : ConfValidator.validate(after, output.equals("-") ? file : output).errors())
            if (!old.contains(p.message())) added.add(p);
        return added;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new Failure(1, "Error: unable to parse requested configuration file: " + file + ": no such file");
        } catch (IOException e) {
            throw new Failure(1, "Error: unable to parse requested configuration file: " + file + ": " + e.getMessage());
        }
    }

    // --- small helpers ----------------------------------------------------------------------

    private static Element required(Element parent, String tag, String file) {
        Element e = child(parent, tag);
        if (e == null) throw new Failure(1, "Can't find \"" + tag + "\" in " + file);
        return e;
    }

    static Element child(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling())
            if (n instanceof Element e && e.getTagName().equals(tag)) return e;
        return null;
    }

    static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling())
            if (n instanceof Element e && e.getTagName().equals(tag)) out.add(e);
        return out;
    }

    private static Element byAttr(Element parent, String tag, String attr, String value) {
        for (Element e : children(parent, tag)) if (value.equals(e.getAttribute(attr))) return e;
        return null;
    }

    private static Map<String, String> keyValues(List<String> args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) throw new Failure(1, "option '" + a + "' is not opt=value pair");
            String key = a.substring(0, eq);
            // "name" names the device itself; letting it through would silently re-point the node
            if (key.equals("name")) throw new Failure(1, "Can't use \"name\" as a fence argument name");
            out.put(key, a.substring(eq + 1));
        }
        return out;
    }

    private static int nonNegative(char opt, String arg) {
        int v;
        try {
            v = Integer.parseInt(arg);
        } catch (NumberFormatException e) {
            throw new Failure(1, "argument to " + opt + " (" + arg + ") is not an integer");
        }
        if (v < 0) throw new Failure(1, "argument to " + opt + " cannot be negative");
        return v;
    }

    /** C's atoi: leading digits, 0 when there are none (RHCS prints malformed numbers so). */
    static int atoi(String s) {
        if (s == null) return 0;
        String t = s.trim();
        int i = 0;
        if (i < t.length() && (t.charAt(i) == '-' || t.charAt(i) == '+')) i++;
        int start = i;
        while (i < t.length() && Character.isDigit(t.charAt(i))) i++;
        if (i == start) return 0;
        try {
            return Integer.parseInt(t.substring(0, i));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String orNull(String s) { return s == null ? "(null)" : s; }

    private Failure usageError(String command, String problem, String usage) {
        err.println("ccs_tool: " + problem);
        err.print(usage);
        return new Failure(2, null);
    }

    private String commonUsage(String command, String args, String note) {
        return ("Usage: ccs_tool %s [options] %s%n"
                + " -c --configfile    Name of configuration file (%s)%n"
                + " -o --outputfile    Name of output file (defaults to same as --configfile)%n"
                + " -h --help          Display this help text%n%s").formatted(command, args, root.clusterConf(), note);
    }

    private String listUsage(String command) {
        return ("Usage: ccs_tool %s [options]%n"
                + " -v --verbose       Print all properties of the item%n"
                + " -c --configfile    Name of configuration file (%s)%n"
                + " -h --help          Display this help text%n").formatted(command, root.clusterConf());
    }

    /**
     * getopt-style options: options may come before, between or after the positional
     * arguments (RHCS's examples put them after the node name); {@code -o-} and
     * {@code -n 1} both work; {@code --} ends the options.
     */
    private static final class Opts {
        final Map<Character, String> values = new LinkedHashMap<>();
        final Set<Character> flags = new HashSet<>();
        final List<String> positional = new ArrayList<>();
        boolean help;

        private static final Map<String, Character> LONG = Map.of("configfile", 'c', "outputfile", 'o', "nodeid", 'n',
                "votes", 'v', "altname", 'a', "fence_type", 'f', "verbose", 'v', "help", 'h', "nodes", 'n', "fence", 'f');

        static Opts parse(String command, String[] args, String withValue, String flagOpts) {
            Opts o = new Opts();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--")) {
                    for (i++; i < args.length; i++) o.positional.add(args[i]);
                    break;
                }
                if (a.length() < 2 || a.charAt(0) != '-') {
                    o.positional.add(a);
                    continue;
                }
                char c;
                String inline = null;
                if (a.startsWith("--")) {
                    String name = a.substring(2);
                    int eq = name.indexOf('=');
                    if (eq >= 0) {
                        inline = name.substring(eq + 1);
                        name = name.substring(0, eq);
                    }
                    Character mapped = LONG.get(name);
                    if (mapped == null) throw new Failure(2, "unknown option " + a + " for " + command);
                    c = mapped;
                } else {
                    c = a.charAt(1);
                    if (a.length() > 2) inline = a.substring(2);
                }
                if (c == 'h' || c == '?') {
                    o.help = true;
                } else if (withValue.indexOf(c) >= 0) {
                    String v = inline;
                    if (v == null) {
                        if (++i >= args.length) throw new Failure(2, "option -" + c + " of " + command + " needs an argument");
                        v = args[i];
                    }
                    o.values.put(c, v);
                } else if (flagOpts.indexOf(c) >= 0 && (inline == null || a.startsWith("--"))) {
                    o.flags.add(c);
                } else {
                    throw new Failure(2, "unknown option " + a + " for " + command);
                }
            }
            return o;
        }
    }
}
