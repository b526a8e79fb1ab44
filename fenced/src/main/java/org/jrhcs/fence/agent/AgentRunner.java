package org.jrhcs.fence.agent;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.fence.core.DeviceCall;

/**
 * Runs fence agents the way the fence-agents project expects: a separate program, its
 * arguments as {@code key=value} lines on standard input, exit 0 for success.
 *
 * <p>Agents are looked up on {@code PATH}, then {@code /usr/sbin}, then
 * {@code $CLUSTER_ROOT/usr/sbin}; an agent named with a slash must be that file. They run
 * with a clean environment ({@code CLUSTER_ROOT}, {@code CLUSTER_NODE}, {@code PATH},
 * {@code LANG=C}) so nothing of the daemon's environment changes what they do, and are
 * killed (with their children) after the timeout.
 */
public final class AgentRunner {
    public static final String DEFAULT_ACTION = "reboot";
    public static final String UNFENCE_ACTION = "on";
    private static final String FALLBACK_PATH = "/usr/sbin:/usr/bin:/sbin:/bin";
    private static final int MAX_OUTPUT = 4096;

    private final ClusterRoot root;
    private final String localNode;
    private final Duration timeout;
    private final String path;

    /**
     * @param localNode this node's cluster.conf name (CLUSTER_NODE for the agent)
     * @param path      the PATH to search and to give agents; null for the caller's PATH
     */
    public AgentRunner(ClusterRoot root, String localNode, Duration timeout, String path) {
        this.root = root;
        this.localNode = localNode == null ? "" : localNode;
        this.timeout = timeout;
        this.path = path == null || path.isEmpty() ? Optional.ofNullable(System.getenv("PATH")).orElse(FALLBACK_PATH) : path;
    }

    /** Where the agent program is, if anywhere. */
    public Optional<Path> locate(String agent) {
        if (agent == null || agent.isEmpty()) return Optional.empty();
        if (agent.contains("/")) {
            Path p = Path.of(agent);
            return Files.isExecutable(p) && !Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        List<Path> dirs = new ArrayList<>();
        for (String d : path.split(":")) if (!d.isEmpty()) dirs.add(Path.of(d));
        dirs.add(Path.of("/usr/sbin"));
        dirs.add(root.resolve("usr/sbin"));
        for (Path d : dirs) {
            Path p = d.resolve(agent);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** The stdin lines an agent gets: the device arguments, nodename, and action unless configured. */
    public static Map<String, String> arguments(DeviceCall call, String victim, String defaultAction) {
        Map<String, String> args = new LinkedHashMap<>(call.args());
        args.putIfAbsent("nodename", victim);
        args.putIfAbsent("action", defaultAction);
        return args;
    }

    /** Fences (default action reboot) or unfences (action on) {@code victim} with one device. */
    public AgentResult run(DeviceCall call, String victim, String defaultAction) {
        long start = System.nanoTime();
        if (call.problem() != null) return new AgentResult(AgentResult.Status.BAD_CONFIG, -1, "", 0, call.problem());
        Optional<Path> program = locate(call.agent());
        if (program.isEmpty())
            return new AgentResult(AgentResult.Status.NOT_FOUND, -1, "", 0,
                    call.agent() + " is not on PATH, /usr/sbin or " + root.resolve("usr/sbin"));
        Map<String, String> arguments = arguments(call, victim, defaultAction);
        String unsafe = lineBreakIn(arguments);
        if (unsafe != null)
            return new AgentResult(AgentResult.Status.BAD_CONFIG, -1, "", 0, "device " + call.device() + ": " + unsafe
                    + " contains a line break or NUL (agents read one key=value per line)");
        StringBuilder stdin = new StringBuilder();
        arguments.forEach((k, v) -> stdin.append(k).append('=').append(v).append('\n'));
        File out = null;
        Process p = null;
        try {
            out = File.createTempFile("fence-agent", ".out");
            ProcessBuilder pb = new ProcessBuilder(program.get().toString());
            pb.environment().clear();
            pb.environment().put("CLUSTER_ROOT", root.path().toString());
            pb.environment().put("CLUSTER_NODE", localNode);
            pb.environment().put("PATH", path);
            pb.environment().put("LANG", "C");
            pb.redirectErrorStream(true).redirectOutput(out);
            p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.toString().getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // an agent may exit without reading its arguments; its exit status says the rest
            }
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (!done) {
                kill(p);
                return new AgentResult(AgentResult.Status.TIMEOUT, -1, read(out), ms,
                        "no result after " + timeout.toSeconds() + " s");
            }
            int rc = p.exitValue();
            return new AgentResult(rc == 0 ? AgentResult.Status.SUCCESS : AgentResult.Status.ERROR, rc, read(out), ms,
                    rc == 0 ? null : "exit " + rc);
        } catch (IOException e) {
            return new AgentResult(AgentResult.Status.NOT_FOUND, -1, "", 0, "cannot run " + program.get() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            if (p != null) kill(p);
            Thread.currentThread().interrupt();
            return new AgentResult(AgentResult.Status.TIMEOUT, -1, "", 0, "interrupted");
        } finally {
            if (out != null && !out.delete()) out.deleteOnExit();
        }
    }

    /**
     * The argument whose name or value would break the one-per-line stdin format (a value
     * with "\naction=off" would add a line), or null. Values are otherwise passed as they are:
     * no shell ever sees them.
     */
    static String lineBreakIn(Map<String, String> args) {
        for (Map.Entry<String, String> e : args.entrySet()) {
            if (e.getKey().chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0 || c == '='))
                return "argument name \"" + e.getKey().replaceAll("[\r\n\0]", "?") + "\"";
            if (e.getValue() != null && e.getValue().chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0))
                return "the value of " + e.getKey();
        }
        return null;
    }

    private static void kill(Process p) {
        // an agent's helpers (ssh, telnet, sleep) must not outlive it
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(File f) {
        try {
            byte[] b = Files.readAllBytes(f.toPath());
            String s = new String(b, 0, Math.min(b.length, MAX_OUTPUT), StandardCharsets.UTF_8).strip();
            return b.length > MAX_OUTPUT ? s + " ..." : s;
        } catch (IOException e) {
            return "";
        }
    }
}
