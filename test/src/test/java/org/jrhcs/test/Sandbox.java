package org.jrhcs.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.cman.client.CmanClient;

/**
 * Drives {@code tools/bin/cluster-sandbox} from a test: real daemons, one process per
 * node daemon, each node with its own root and loopback address.
 */
public final class Sandbox implements AutoCloseable {
    /** tools/bin of this source tree (the test module's ../tools/bin), or -Dsandbox.bin. */
    public static final Path TOOLS_BIN = Path.of(System.getProperty("sandbox.bin", "../tools/bin")).toAbsolutePath().normalize();
    private final Path dir;

    private Sandbox(Path dir) { this.dir = dir; }

    /** Creates a sandbox under {@code dir} for the nodes of {@code clusterConf}. */
    public static Sandbox create(Path dir, String clusterConf, String... extra) throws IOException {
        Files.createDirectories(dir);
        Path conf = dir.resolveSibling(dir.getFileName() + ".conf");
        Files.writeString(conf, clusterConf);
        Sandbox s = new Sandbox(dir.resolve("nodes"));
        List<String> args = new ArrayList<>(List.of("create", s.dir.toString(), "--conf", conf.toString()));
        args.addAll(List.of(extra));
        s.run(args.toArray(String[]::new));
        return s;
    }

    public Path root(String node) { return dir.resolve(node); }

    public CmanClient cman(String node) { return new CmanClient(new ClusterRoot(root(node))); }

    public String start(String... nodes) { return run(concat("start", nodes)); }
    public String stop(String... nodes) { return run(concat("stop", nodes)); }
    /**
     * SIGKILL of every daemon of the node, rgmanager's watchdog parent first (a watchdog that
     * outlived its rgmanager would "reboot" the node a second time and log it).
     */
    public String crash(String node) { return run("crash", dir.toString(), node); }
    public String hang(String node) { return run("hang", dir.toString(), node); }
    public String resume(String node) { return run("resume", dir.toString(), node); }
    public String exec(String node, String... cmd) { return run(concat("exec", prepend(node, cmd))); }
    public String pids(String node) { return run("pids", dir.toString(), node); }

    public String logs(String node) {
        try {
            Path m = root(node).resolve("var/log/messages");
            return Files.exists(m) ? Files.readString(m) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * A short account of each node's state for a failure message: CI shows a test's failure
     * message but only the tail of its output, so the full logs printed there may be lost.
     * Per node: `cman_tool nodes`, `fence_tool ls` where fenced runs, and its last log lines
     * but the membership listings.
     */
    public String diagnosis(List<String> nodes) {
        StringBuilder b = new StringBuilder();
        for (String n : nodes) {
            String pids = tryRun("pids", dir.toString(), n).output().strip();
            b.append("== ").append(n).append(" (pids: ").append(pids.replace('\n', ' '))
                    .append(")\n").append(tryRun("exec", dir.toString(), n, "cman_tool", "nodes").output().strip()).append('\n');
            if (pids.lines().anyMatch(l -> l.startsWith("fenced ")))
                b.append(tryRun("exec", dir.toString(), n, "fence_tool", "ls").output().strip()).append('\n');
            List<String> important = logs(n).lines().filter(l -> !l.contains("[CLM  ]")).toList();
            important.subList(Math.max(0, important.size() - 25), important.size()).forEach(l -> b.append("  ").append(l).append('\n'));
        }
        return b.toString();
    }

    /** A test's body, which may throw anything. */
    public interface Body {
        void run() throws Exception;
    }

    /**
     * Runs {@code body}; an assertion or error out of it fails with its message followed by
     * {@link #diagnosis} of {@code nodes}, taken at the moment of the failure. The nodes' whole
     * logs go to standard output (the surefire report keeps them).
     */
    public void diagnosing(List<String> nodes, Body body) throws Exception {
        try {
            body.run();
        } catch (AssertionError | RuntimeException e) {
            for (String n : nodes) System.out.println("---- " + n + "\n" + logs(n));
            throw new AssertionError(e.getMessage() + "\n" + diagnosis(nodes), e);
        }
    }

    private String[] concat(String cmd, String... rest) {
        String[] a = new String[rest.length + 2];
        a[0] = cmd;
        a[1] = dir.toString();
        System.arraycopy(rest, 0, a, 2, rest.length);
        return a;
    }

    private static String[] prepend(String first, String... rest) {
        String[] a = new String[rest.length + 1];
        a[0] = first;
        System.arraycopy(rest, 0, a, 1, rest.length);
        return a;
    }

    /** Runs the sandbox script; a non-zero exit fails with its output. */
    public String run(String... args) {
        Result r = tryRun(args);
        if (r.rc != 0) throw new IllegalStateException("cluster-sandbox " + String.join(" ", args) + " exited " + r.rc + ":\n" + r.output);
        return r.output;
    }

    public record Result(int rc, String output) {}

    public Result tryRun(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(TOOLS_BIN.resolve("cluster-sandbox").toString());
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("cluster-sandbox " + String.join(" ", args) + " timed out");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code cond} every 10 ms; fails naming {@code what} after {@code ms}. Returns the wait in ms. */
    public static long await(String what, long ms, BooleanSupplier cond) {
        long t0 = System.nanoTime();
        long deadline = t0 + ms * 1_000_000;
        while (true) {
            boolean ok;
            try {
                ok = cond.getAsBoolean();
            } catch (RuntimeException e) {
                ok = false;
            }
            if (ok) return (System.nanoTime() - t0) / 1_000_000;
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + ms + " ms waiting for: " + what);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    @Override public void close() { tryRun("destroy", dir.toString()); }
}
