package org.jrhcs.tools.cman_tool;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.client.ipc.IpcException;
import org.jrhcs.cman.client.CmanClient;
import org.jrhcs.cman.client.CmanNode;
import org.jrhcs.cman.client.CmanStatus;

/**
 * {@code cman_tool join | leave | kill | expected | votes | version | wait | status | nodes}.
 * Exit status: 0 success, 1 error (cman not running, refused request, bad arguments),
 * 2 a wait that timed out ({@code -t}).
 */
public final class CmanTool {
    static final String NOT_RUNNING = "cman_tool: Cannot open connection to cman, is it running ?";

    private final ClusterRoot root;
    private final CmanClient cman;
    private final PrintStream out, err;
    private final Map<String, String> env;

    CmanTool(ClusterRoot root, PrintStream out, PrintStream err, Map<String, String> env) {
        this.root = root;
        this.cman = new CmanClient(root);
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return new CmanTool(ClusterRoot.fromEnvironment(), out, err, System.getenv()).execute(args);
    }

    /** Bad usage: message and exit 1, as cman_tool's die(). */
    private static final class Usage extends RuntimeException {
        Usage(String m) { super(m); }
    }

    /** Parsed options shared by the subcommands. */
    private static final class Opts {
        boolean wait, quorate, all, remove, force;
        String node, format;
        int timeout = -1, expected = -1, votes = -1, version = -1;
        boolean reload;
    }

    int execute(String[] args) {
        if (args.length == 0) return usage();
        String sub = args[0];
        Opts o;
        try {
            o = parse(Arrays.copyOfRange(args, 1, args.length));
        } catch (Usage u) {
            err.println("cman_tool: " + u.getMessage());
            return 1;
        }
        try {
            return switch (sub) {
                case "status" -> status();
                case "nodes" -> nodes(o);
                case "version" -> version(o);
                case "expected" -> expected(o);
                case "votes" -> votes(o);
                case "kill" -> kill(o);
                case "leave" -> leave(o);
                case "wait" -> waitFor(o.quorate, o.timeout);
                case "join" -> join(o);
                case "-h", "--help", "help" -> usage();
                default -> {
                    err.println("cman_tool: Unknown command, " + sub);
                    yield 1;
                }
            };
        } catch (Usage u) {
            err.println("cman_tool: " + u.getMessage());
            return 1;
        } catch (IpcException e) {
            return ipcError(e);
        }
    }

    private int ipcError(IpcException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.startsWith("cannot connect to")) err.println(NOT_RUNNING);
        else if (m.startsWith("permission denied")) err.println("cman_tool: Not authorised for this operation: " + m);
        else err.println("cman_tool: " + m);
        return 1;
    }

    private Opts parse(String[] a) {
        Opts o = new Opts();
        for (int i = 0; i < a.length; i++) {
            String s = a[i];
            switch (s) {
                case "-w" -> o.wait = true;
                case "-q" -> o.quorate = true;
                case "-a" -> o.all = true;
                case "remove" -> o.remove = true;
                case "force" -> o.force = true;
                case "-r" -> {
                    o.reload = true;
                    if (i + 1 < a.length && a[i + 1].matches("\\d+")) o.version = Integer.parseInt(a[++i]);
                }
                case "-n" -> o.node = value(a, ++i, s);
                case "-F" -> o.format = value(a, ++i, s);
                case "-t" -> o.timeout = number(value(a, ++i, s), s);
                case "-e" -> o.expected = number(value(a, ++i, s), s);
                case "-v" -> o.votes = number(value(a, ++i, s), s);
                case "-S" -> { /* config already distributed (ccsd does it) */ }
                default -> {
                    if (s.startsWith("-D")) break; // validation mode: cman validates on load anyway
                    if (s.startsWith("-r") && s.length() > 2) { o.reload = true; o.version = number(s.substring(2), "-r"); break; }
                    throw new Usage("unknown option " + s);
                }
            }
        }
        return o;
    }

    private static String value(String[] a, int i, String opt) {
        if (i >= a.length) throw new Usage("option " + opt + " needs a value");
        return a[i];
    }

    private static int number(String v, String opt) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new Usage("option " + opt + " needs a number, not \"" + v + "\"");
        }
    }

    private int usage() {
        out.println("Usage:");
        out.println();
        out.println("cman_tool <join|leave|kill|expected|votes|version|wait|status|nodes> [options]");
        out.println();
        out.println("  join [-n name] [-w] [-q] [-t secs]   start cman and join the cluster");
        out.println("  leave [remove] [force]               leave the cluster");
        out.println("  kill -n name                         tell a node to leave at once");
        out.println("  expected -e votes                    change expected votes");
        out.println("  votes -v votes [-n name]             change a node's votes");
        out.println("  version [-r [config_version]]        show or reload the config version");
        out.println("  wait [-q] [-t secs]                  wait until a member (quorate)");
        out.println("  status                               show the local view of the cluster");
        out.println("  nodes [-a] [-n name] [-F id,name,type,addr]   show the nodes");
        return 0;
    }

    private int status() {
        out.print(CmanToolFormat.status(cman.status()));
        return 0;
    }

    private int nodes(Opts o) {
        List<CmanNode> nodes = cman.nodes();
        if (o.node != null) {
            nodes = nodes.stream().filter(n -> n.name().equals(o.node)).toList();
            if (nodes.isEmpty()) throw new Usage("Node " + o.node + " not found");
        }
        if (o.format != null) {
            try {
                out.print(CmanToolFormat.nodesFormatted(nodes, List.of(o.format.split(","))));
            } catch (IllegalArgumentException e) {
                throw new Usage(e.getMessage());
            }
        } else {
            out.print(CmanToolFormat.nodes(nodes, o.all, zone()));
        }
        return 0;
    }

    /** Join times print in $TZ when it names a zone (tests pin it), else the system zone. */
    private ZoneId zone() {
        String tz = env.get("TZ");
        try {
            return tz == null || tz.isEmpty() ? ZoneId.systemDefault() : ZoneId.of(tz.startsWith(":") ? tz.substring(1) : tz);
        } catch (java.time.DateTimeException e) {
            return ZoneId.systemDefault();
        }
    }

    private int version(Opts o) {
        if (o.reload) {
            cman.reloadConfig(Math.max(o.version, 0));
            return 0;
        }
        CmanStatus s = cman.status();
        out.println(s.version() + " config " + s.configVersion());
        return 0;
    }

    private int expected(Opts o) {
        if (o.expected < 0) throw new Usage("expected votes not specified (-e)");
        cman.setExpectedVotes(o.expected);
        return 0;
    }

    private int votes(Opts o) {
        if (o.votes < 0) throw new Usage("votes not specified (-v)");
        cman.setVotes(o.votes, o.node == null ? 0 : nodeId(o.node));
        return 0;
    }

    private int kill(Opts o) {
        if (o.node == null) throw new Usage("No node name specified (-n)");
        cman.killNode(nodeId(o.node));
        return 0;
    }

    private int nodeId(String name) {
        return cman.nodes().stream().filter(n -> n.name().equals(name) && n.nodeId() > 0).findFirst()
                .map(CmanNode::nodeId).orElseThrow(() -> new Usage("Can't find node " + name + " in the cluster"));
    }

    private int leave(Opts o) {
        Path pid = root.pidFile(CmanClient.DAEMON);
        Long running = livePid(pid);
        try {
            cman.leave(o.remove, o.force);
        } catch (IpcException e) {
            String m = String.valueOf(e.getMessage());
            if (m.startsWith("subsystems are active")) {
                err.println("cman_tool: Error leaving cluster: Device or resource busy (" + m + ")");
                return 1;
            }
            throw e;
        }
        long deadline = System.currentTimeMillis() + 15_000;
        while (running != null && alive(running)) {
            if (System.currentTimeMillis() > deadline) {
                err.println("cman_tool: cman (pid " + running + ") did not stop within 15 seconds");
                return 1;
            }
            sleep(50);
        }
        return 0;
    }

    private int waitFor(boolean forQuorum, int timeoutSec) {
        long deadline = timeoutSec < 0 ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutSec * 1000L;
        while (true) {
            try {
                CmanStatus s = cman.status();
                if ("Yes".equals(s.clusterMember()) && (!forQuorum || s.quorate())) return 0;
            } catch (IpcException e) {
                if (!Files.exists(cman.socket()) && livePid(root.pidFile(CmanClient.DAEMON)) == null
                        && System.currentTimeMillis() > startGrace) {
                    err.println(NOT_RUNNING);
                    return 1;
                }
            }
            if (System.currentTimeMillis() > deadline) {
                err.println("cman_tool: timed out waiting for " + (forQuorum ? "quorum" : "cluster membership"));
                return 2;
            }
            sleep(100);
        }
    }

    private long startGrace = 0;

    private int join(Opts o) {
        Path pid = root.pidFile(CmanClient.DAEMON);
        if (livePid(pid) != null) {
            err.println("cman_tool: Node is already active");
            return 1;
        }
        List<String> cmd = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) cmd.add("/usr/bin/setsid");
        cmd.add(daemonLauncher());
        if (o.node != null) { cmd.add("-n"); cmd.add(o.node); }
        Path outFile = root.logDir().resolve("cman.out");
        Process p;
        long before;
        try {
            Files.createDirectories(outFile.getParent());
            before = Files.exists(outFile) ? Files.size(outFile) : 0;
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(outFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().put(ClusterRoot.ENV, root.path().toString());
            p = pb.start();
        } catch (IOException e) {
            err.println("cman_tool: cannot start cman: " + e.getMessage());
            return 1;
        }
        long deadline = System.currentTimeMillis() + 30_000;
        while (!Files.exists(cman.socket())) {
            if (!p.isAlive() && livePid(pid) == null) {
                err.println("cman_tool: cman daemon failed to start (exit " + p.exitValue() + "):");
                err.print(tail(outFile, before, 5));
                return 1;
            }
            if (System.currentTimeMillis() > deadline) {
                err.println("cman_tool: cman did not open its socket within 30 seconds");
                return 1;
            }
            sleep(50);
        }
        startGrace = System.currentTimeMillis() + 2000;
        if (o.wait || o.quorate) return waitFor(o.quorate, o.timeout);
        return 0;
    }

    /** The cman launcher: $CMAN_DAEMON, else bin/cman beside the lib dir holding this tool, else cman on PATH. */
    private String daemonLauncher() {
        String e = env.get("CMAN_DAEMON");
        if (e != null && !e.isEmpty()) return e;
        try {
            Path jar = Path.of(CmanTool.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path c : List.of(jar.getParent().resolve("../bin/cman"), jar.getParent().resolve("../../../bin/cman"))) {
                if (Files.isExecutable(c)) return c.normalize().toString();
            }
        } catch (Exception ignored) {
            // fall back to PATH
        }
        return "cman";
    }

    /** The last {@code lines} lines written to {@code file} after offset {@code from}. */
    private static String tail(Path file, long from, int lines) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            int start = (int) Math.min(from, bytes.length);
            List<String> all = new String(bytes, start, bytes.length - start, java.nio.charset.StandardCharsets.UTF_8).lines().toList();
            StringBuilder b = new StringBuilder();
            for (String l : all.subList(Math.max(0, all.size() - lines), all.size())) b.append("  ").append(l).append('\n');
            return b.toString();
        } catch (IOException e) {
            return "";
        }
    }

    private static Long livePid(Path pidFile) { return org.jrhcs.client.PidFile.livePid(pidFile); }

    static boolean alive(long pid) { return org.jrhcs.client.PidFile.alive(pid); }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
