package org.jrhcs.fence.tool;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.ccs.ConfException;
import org.jrhcs.ccs.Defaults;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.client.ipc.IpcException;
import org.jrhcs.cman.client.CmanClient;
import org.jrhcs.fence.agent.AgentRunner;
import org.jrhcs.fence.agent.FenceConfigLoader;
import org.jrhcs.fence.agent.NodeFencer;
import org.jrhcs.fence.client.FencedClient;
import org.jrhcs.fence.core.FenceConfig;
import org.jrhcs.fence.core.NodeFencing;

/**
 * {@code fence_node [-U] [-v] NODE} (fence_node(8)): fences NODE by hand, once through its
 * methods, with the agents and arguments of cluster.conf; {@code -U} unfences (NODE
 * defaults to this node). When fenced runs, the fence goes through it so the domain
 * learns of the success; otherwise the agents run here. Messages and exit status as
 * RHCS: {@code fence NODE success} (0), {@code fence NODE failed} (1),
 * {@code fence NODE undefined} (2, no methods), all on standard error.
 */
public final class FenceNode {
    private static final String PROG = "fence_node";

    private FenceNode() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        boolean unfence = false;
        int verbose = 0;
        String node = null;
        for (String a : args) {
            switch (a) {
                case "-U" -> unfence = true;
                case "-v" -> verbose++;
                case "-vv" -> verbose += 2;
                case "-h" -> {
                    out.print(usage());
                    return 0;
                }
                case "-V" -> {
                    out.println(PROG + " (jrhcs)");
                    return 0;
                }
                default -> {
                    if (a.startsWith("-") || node != null) {
                        err.println(PROG + ": unknown option " + a);
                        err.println("Please use '-h' for usage.");
                        return 1;
                    }
                    node = a;
                }
            }
        }
        ClusterRoot root = FenceTool.rootOf(env);
        String local = localName(root, env);
        if (node == null && unfence) node = local;
        if (node == null) {
            err.println(PROG + ": no node name specified");
            return 1;
        }
        String verb = unfence ? "unfence" : "fence";

        FencedClient fenced = new FencedClient(root);
        if (!unfence && fenced.isRunning()) {
            try {
                FencedClient.FenceNodeReply r = fenced.fenceNode(node, true);
                for (String line : r.devices())
                    if (verbose > 0 || !line.endsWith("result: success")) err.println(line);
                return finish(err, verb, node, NodeFencer.Result.valueOf(r.result().toUpperCase()));
            } catch (IpcException | IllegalArgumentException e) {
                err.println(PROG + ": " + e.getMessage());
                return 1;
            }
        }

        FenceConfig config;
        try {
            config = FenceConfigLoader.load(ConfDocument.load(root.clusterConf()));
        } catch (ConfException e) {
            err.println(PROG + ": " + e.getMessage());
            return 1;
        }
        NodeFencing n = config.node(node).orElse(null);
        if (n == null) {
            err.println(PROG + ": " + node + " is not a node in " + root.clusterConf());
            return 1;
        }
        AgentRunner runner = new AgentRunner(root, local, Duration.ofSeconds(Defaults.FENCE_AGENT_TIMEOUT_S), env.get("PATH"));
        NodeFencer fencer = new NodeFencer(runner);
        final int v = verbose;
        java.util.function.Consumer<NodeFencer.DeviceReport> report = rep -> {
            if (v > 0 || !rep.result().ok()) err.println(rep.line(verb));
            if (v > 1) err.println("agent args: " + String.join(" ", AgentRunner.arguments(rep.call(), rep.victim(),
                    unfenceAction(verb)).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
            if (!rep.result().ok() && !rep.result().output().isEmpty()) err.println(rep.result().output());
        };
        NodeFencer.Result r = unfence ? fencer.unfence(n, report) : fencer.fence(n, report);
        return finish(err, verb, node, r);
    }

    private static String unfenceAction(String verb) {
        return verb.equals("unfence") ? AgentRunner.UNFENCE_ACTION : AgentRunner.DEFAULT_ACTION;
    }

    private static int finish(PrintStream err, String verb, String node, NodeFencer.Result r) {
        err.println(verb + " " + node + " " + r.name().toLowerCase());
        return r.exitCode();
    }

    /** CLUSTER_NODE when set (agents and tests), else cman's name for this node, else null. */
    private static String localName(ClusterRoot root, Map<String, String> env) {
        String n = env.get("CLUSTER_NODE");
        if (n != null && !n.isEmpty()) return n;
        try {
            return new CmanClient(root).status().nodeName();
        } catch (IpcException e) {
            return null;
        }
    }

    static String usage() {
        return """
                Usage:

                fence_node [options] node_name

                Options:
                  -U    Unfence the node, default local node name
                  -v    Show fence agent results, -vv to also show agent args
                  -h    Print this help, then exit
                  -V    Print program version information, then exit

                """;
    }
}
