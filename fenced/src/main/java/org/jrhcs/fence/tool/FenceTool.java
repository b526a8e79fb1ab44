package org.jrhcs.fence.tool;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.client.ipc.IpcException;
import org.jrhcs.fence.client.FencedClient;
import org.jrhcs.fence.client.LsFormat;

/**
 * {@code fence_tool [options] join|leave|ls|dump} (fence_tool(8)). {@code join} starts
 * fenced when it is not running, then has it join the fence domain; {@code leave} leaves
 * it cleanly (fenced then exits). JDK only: it talks to fenced's sockets.
 */
public final class FenceTool {
    private static final String PROG = "fence_tool";
    /** How long join waits for a fenced it started to open its socket, when -w does not say. */
    private static final int START_WAIT_S = 30;

    private FenceTool() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        boolean all = false;
        int wait = 0;
        String op = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            try {
                switch (a) {
                    case "-n" -> all = true;
                    case "-w" -> wait = Integer.parseInt(args[++i]);
                    case "-t", "-q", "-m" -> Integer.parseInt(args[++i]); // cman retry and join delays: join waits for cman itself
                    case "-h" -> {
                        out.print(usage());
                        return 0;
                    }
                    case "-V" -> {
                        out.println(PROG + " (jrhcs)");
                        return 0;
                    }
                    case "join", "leave", "ls", "dump" -> op = a;
                    default -> {
                        if (a.startsWith("-")) {
                            err.println(PROG + ": invalid option -- '" + a.substring(1) + "'");
                            err.println("Please use '-h' for usage.");
                        } else {
                            err.println(PROG + ": unknown option " + a);
                        }
                        return 1;
                    }
                }
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                err.println(PROG + ": option " + a + " needs a number of seconds");
                return 1;
            }
        }
        if (op == null) {
            err.println(PROG + ": no operation specified");
            return 1;
        }
        ClusterRoot root = rootOf(env);
        FencedClient fenced = new FencedClient(root);
        try {
            switch (op) {
                case "ls":
                    out.print(LsFormat.render(fenced.ls(), all));
                    return 0;
                case "dump":
                    for (String l : fenced.dump()) out.println(l);
                    return 0;
                case "leave":
                    if (!fenced.isRunning()) {
                        err.println(PROG + ": fenced not running");
                        return 1;
                    }
                    fenced.leave();
                    if (wait != 0) awaitGone(fenced, wait);
                    return 0;
                default:
                    if (!fenced.isRunning()) {
                        String problem = startDaemon(fenced, env, wait > 0 ? wait : START_WAIT_S);
                        if (problem != null) {
                            err.println(PROG + ": cannot start fenced: " + problem);
                            return 1;
                        }
                    }
                    fenced.join();
                    if (wait != 0 && !awaitMember(fenced, wait)) {
                        err.println(PROG + ": this node is not a member of the fence domain after " + wait + " s");
                        return 1;
                    }
                    return 0;
            }
        } catch (IpcException e) {
            err.println(PROG + ": " + e.getMessage());
            return 1;
        }
    }

    static ClusterRoot rootOf(Map<String, String> env) {
        String p = System.getProperty(ClusterRoot.PROPERTY);
        if (p == null || p.isEmpty()) p = env.get(ClusterRoot.ENV);
        return new ClusterRoot(Path.of(p == null || p.isEmpty() ? "/" : p));
    }

    /** Starts fenced in its own session; null when it answers, else what went wrong. */
    static String startDaemon(FencedClient fenced, Map<String, String> env, int waitSeconds) {
        Path launcher = locateFenced(env);
        if (launcher == null) return "no fenced launcher found (set FENCED, or put fenced on PATH)";
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) cmd.add("/usr/bin/setsid");
        cmd.add(launcher.toString());
        File errFile = null;
        try {
            errFile = File.createTempFile("fenced-start", ".err");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(errFile);
            pb.environment().clear();
            pb.environment().putAll(env);
            Process p = pb.start();
            long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
            while (System.nanoTime() < deadline) {
                if (fenced.isRunning()) return null;
                // ours exited: another fenced may be starting (it holds the pid file) and answer soon
                if (!p.isAlive() && fenced.pid().isEmpty() && !fenced.isRunning()) {
                    String why = Files.readString(errFile.toPath(), StandardCharsets.UTF_8).strip();
                    return why.isEmpty() ? "fenced exited with status " + p.exitValue() : why;
                }
                Thread.sleep(50); // polling the socket with a deadline: fenced has no other way to say it is up
            }
            return "fenced did not answer within " + waitSeconds + " s";
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            if (errFile != null && !errFile.delete()) errFile.deleteOnExit();
        }
    }

    /**
     * The fenced launcher: {@code $FENCED}; else beside the jars this tool runs from
     * ({@code ../bin/fenced} in a source tree, {@code PREFIX/sbin} or {@code PREFIX/bin}
     * in an installed tree); else {@code fenced} on PATH.
     */
    static Path locateFenced(Map<String, String> env) {
        String explicit = env.get("FENCED");
        if (explicit != null && !explicit.isEmpty()) return Path.of(explicit);
        List<Path> candidates = new ArrayList<>();
        try {
            Path jar = Path.of(FenceTool.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path lib = Files.isDirectory(jar) ? jar : jar.getParent();
            candidates.add(lib.resolve("../bin/fenced"));
            candidates.add(lib.resolve("../../../sbin/fenced"));
            candidates.add(lib.resolve("../../../bin/fenced"));
        } catch (Exception ignored) {
            // no code source (unusual class loader): fall back to PATH
        }
        String path = env.getOrDefault("PATH", "");
        for (String d : path.split(":")) if (!d.isEmpty()) candidates.add(Path.of(d, "fenced"));
        for (Path c : candidates) if (Files.isExecutable(c)) return c.normalize();
        return null;
    }

    /**
     * join -w: true once fenced has this node in the domain's view. Without it, the join is
     * only asked for: a node killed right after {@code service cman start} could die before
     * the others saw it join, and nobody fenced it.
     */
    private static boolean awaitMember(FencedClient fenced, int seconds) {
        long deadline = seconds < 0 ? Long.MAX_VALUE : System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            try {
                if (fenced.ls().joined()) return true;
            } catch (IpcException e) {
                // fenced went away or is busy: it may still answer before the deadline
            }
            if (System.nanoTime() > deadline) return false;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static void awaitGone(FencedClient fenced, int seconds) {
        long deadline = seconds < 0 ? Long.MAX_VALUE : System.nanoTime() + seconds * 1_000_000_000L;
        while (fenced.isRunning() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static String usage() {
        return """
                Usage:

                fence_tool <ls|join|leave|dump> [options]

                Actions:
                  ls               List nodes status
                  join             Join the default fence domain
                  leave            Leave default fence domain
                  dump             Dump debug buffer from fenced

                Options:
                  -n               Show all node information in ls
                  -t <seconds>     Retry cman connection for <seconds>.
                                   Default 0.  0 no retry, -1 indefinite retry.
                  -q <seconds>     Delay join up to <seconds> for the cluster to have quorum.
                                   Default 0.  0 no delay, -1 indefinite delay.
                  -m <seconds>     Delay join up to <seconds> for all nodes in cluster.conf
                                   to be cluster members.
                                   Default 0.  0 no delay, -1 indefinite delay
                  -w <seconds>     Wait up to <seconds> for join or leave result.
                                   Default 0.  0 no wait, -1 indefinite wait.
                  -V               Print program version information, then exit
                  -h               Print this help, then exit

                """;
    }
}
