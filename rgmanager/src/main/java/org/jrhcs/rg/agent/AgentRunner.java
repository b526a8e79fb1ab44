package org.jrhcs.rg.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one agent action as a process: {@code AGENT ACTION} with the given environment
 * plus PATH and LANG=C only ({@link org.jrhcs.client.ChildEnvironment}; no shell sees the
 * values), output (stdout and stderr together) collected in a file so a
 * daemon the agent leaves running cannot hold it open, and the whole process tree killed
 * when the timeout passes. The seam the service manager mocks in tests.
 */
public class AgentRunner {
    private final List<String> wrapper;

    public AgentRunner() {
        this(List.of());
    }

    /**
     * @param wrapper a command line the agent runs under, e.g. {@code nsenter --net=/run/netns/n1}
     *                to act inside a node's network namespace (the sandbox does)
     */
    public AgentRunner(List<String> wrapper) {
        this.wrapper = List.copyOf(wrapper);
    }

    public AgentResult run(Path agent, String action, Map<String, String> env, Duration timeout) {
        return run(agent, action, env, timeout, true);
    }

    /**
     * Like {@link #run(Path, String, Map, Duration)}, but the output is standard output
     * only: for {@code meta-data}, where an agent's complaints on standard error (a
     * missing helper program, say) must not end up inside the XML.
     */
    public AgentResult runForOutput(Path agent, String action, Map<String, String> env, Duration timeout) {
        return run(agent, action, env, timeout, false);
    }

    private AgentResult run(Path agent, String action, Map<String, String> env, Duration timeout, boolean withStderr) {
        long t0 = System.nanoTime();
        Path out = null;
        try {
            out = Files.createTempFile("rg-agent", ".out");
            List<String> cmd = new java.util.ArrayList<>(wrapper);
            cmd.add(agent.toString());
            cmd.add(action);
            ProcessBuilder pb = new ProcessBuilder(cmd);
            org.jrhcs.client.ChildEnvironment.apply(pb, env);
            if (withStderr) pb.redirectErrorStream(true);
            else pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.redirectOutput(out.toFile());
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            if (!done)
                return new AgentResult(action, 1, text + agent.getFileName() + " " + action + " timed out after "
                        + timeout.toSeconds() + "s\n", true, took);
            return new AgentResult(action, p.exitValue(), text, false, took);
        } catch (IOException e) {
            // Exit 5 is OCF's "not installed": the program cannot be run here at all.
            return new AgentResult(action, 5, "cannot run " + agent + ": " + e.getMessage() + "\n", false,
                    Duration.ofNanos(System.nanoTime() - t0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new AgentResult(action, 1, "interrupted\n", true, Duration.ofNanos(System.nanoTime() - t0));
        } finally {
            if (out != null) try { Files.deleteIfExists(out); } catch (IOException ignored) { }
        }
    }
}
