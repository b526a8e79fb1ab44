package org.jrhcs.rg.tool;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.ccs.ConfException;
import org.jrhcs.ccs.ConfNode;
import org.jrhcs.ccs.Defaults;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.rg.agent.AgentCatalog;
import org.jrhcs.rg.agent.AgentRunner;
import org.jrhcs.rg.agent.ServiceRunner;
import org.jrhcs.rg.core.Delta;
import org.jrhcs.rg.core.ResourceException;
import org.jrhcs.rg.core.ResourceNode;
import org.jrhcs.rg.core.ResourceTree;
import org.jrhcs.rg.core.RgTestFormat;
import org.jrhcs.rg.core.TreeBuilder;

/**
 * rg_test: shows and exercises resource trees without the service manager.
 * The agent directory comes first, as in RHCS ({@code rg_test DIR test FILE}), or with
 * {@code -d DIR}; without either it is {@code $CLUSTER_ROOT/usr/share/cluster}.
 */
public final class RgTest {
    static final String USAGE = """
            usage: rg_test [AGENTDIR | -d AGENTDIR] COMMAND
              test FILE                                  print the resource list and trees
              test FILE start|stop|status service NAME   run the agents of a service
              noop FILE start|stop service NAME          print the start/stop order only
              delta OLD NEW                              print what a reload from OLD to NEW starts and stops
              rules                                      print the resource types the agents provide
            """;
    private static final List<String> COMMANDS = List.of("test", "noop", "delta", "rules");

    private RgTest() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> a = new ArrayList<>(List.of(args));
        ClusterRoot root = ClusterRoot.fromEnvironment();
        Path agentDir = root.resolve(Defaults.RG_AGENT_DIR);
        if (!a.isEmpty() && a.get(0).equals("-d")) {
            if (a.size() < 2) return usage(err);
            agentDir = Path.of(a.get(1));
            a = a.subList(2, a.size());
        } else if (!a.isEmpty() && !COMMANDS.contains(a.get(0))) {
            agentDir = Path.of(a.get(0));
            a = a.subList(1, a.size());
        }
        if (a.isEmpty() || !COMMANDS.contains(a.get(0))) return usage(err);
        try {
            AgentCatalog catalog = AgentCatalog.load(agentDir);
            for (String p : catalog.problems()) err.println("Warning: agent " + p);
            switch (a.get(0)) {
                case "rules":
                    return rules(catalog, out);
                case "delta":
                    if (a.size() != 3) return usage(err);
                    ResourceTree older = load(a.get(1), catalog), newer = load(a.get(2), catalog);
                    out.print(RgTestFormat.delta(Delta.between(older, newer)));
                    return 0;
                case "noop":
                    if (a.size() != 5 || !a.get(3).equals("service") || !List.of("start", "stop").contains(a.get(2)))
                        return usage(err);
                    return noop(load(a.get(1), catalog), a.get(2).equals("start"), a.get(4), out, err);
                default: // test
                    if (a.size() == 2) {
                        out.print(RgTestFormat.test(load(a.get(1), catalog)));
                        return 0;
                    }
                    if (a.size() != 5 || !a.get(3).equals("service") || !List.of("start", "stop", "status").contains(a.get(2)))
                        return usage(err);
                    return live(load(a.get(1), catalog), catalog, root, a.get(2), a.get(4), out, err);
            }
        } catch (IOException | ConfException | ResourceException e) {
            err.println("rg_test: " + e.getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream err) {
        err.print(USAGE);
        return 2;
    }

    /** Reads a cluster.conf (only as XML: rg_test needs no more) and builds its trees. */
    static ResourceTree load(String file, AgentCatalog catalog) throws IOException, ConfException, ResourceException {
        Path p = Path.of(file);
        if (!Files.isReadable(p)) throw new IOException(file + ": cannot read");
        ConfNode cluster = ConfNode.of(ConfDocument.parseDom(Files.readAllBytes(p), file).getDocumentElement());
        return TreeBuilder.build(cluster, catalog.types());
    }

    private static int noop(ResourceTree tree, boolean start, String name, PrintStream out, PrintStream err) {
        out.print(RgTestFormat.warnings(tree));
        Optional<ResourceNode> svc = tree.service(name);
        if (svc.isEmpty()) {
            err.println("rg_test: no service named " + name);
            return 1;
        }
        out.print(RgTestFormat.noop(svc.get(), start));
        return 0;
    }

    private static int live(ResourceTree tree, AgentCatalog catalog, ClusterRoot root, String op, String name,
                            PrintStream out, PrintStream err) {
        out.print(RgTestFormat.warnings(tree));
        Optional<ResourceNode> svc = tree.service(name);
        if (svc.isEmpty()) {
            err.println("rg_test: no service named " + name);
            return 1;
        }
        out.println("Running in test mode.");
        ServiceRunner runner = new ServiceRunner(catalog, new AgentRunner(), root, System.getenv("CLUSTER_NODE"),
                s -> { out.print(s); out.flush(); });
        switch (op) {
            case "start" -> {
                out.println("Starting " + name + "...");
                boolean ok = runner.start(svc.get()).ok();
                out.println(ok ? "Start of " + name + " complete" : "Failed to start " + name);
                return ok ? 0 : 1;
            }
            case "stop" -> {
                out.println("Stopping " + name + "...");
                boolean ok = runner.stop(svc.get()).ok();
                out.println(ok ? "Stop of " + name + " complete" : "Failed to stop " + name);
                return ok ? 0 : 1;
            }
            default -> {
                out.println("Checking status of " + name + "...");
                boolean ok = runner.status(svc.get(), 0).ok();
                out.println(ok ? "Status check of " + name + " complete" : "Status check of " + name + " failed");
                return ok ? 0 : 1;
            }
        }
    }

    private static int rules(AgentCatalog catalog, PrintStream out) {
        StringBuilder b = new StringBuilder();
        catalog.types().values().forEach(t -> {
            b.append("Resource Rules for \"").append(t.name()).append("\"");
            if (t.maxInstances() > 0) b.append(" [max instances: ").append(t.maxInstances()).append(']');
            b.append('\n').append("Agent: ").append(t.agent()).append('\n');
            t.params().forEach(p -> b.append("  ").append(p.name()).append(p.flagText())
                    .append(p.defaultValue() == null ? "" : " default=\"" + p.defaultValue() + "\"").append('\n'));
            t.children().forEach(c -> b.append("  child ").append(c.type())
                    .append(c.forbid() ? " forbidden" : " start=" + c.start() + " stop=" + c.stop()).append('\n'));
            t.actions().forEach(x -> b.append("  action ").append(x.name()).append(" timeout=").append(x.timeoutSeconds())
                    .append(x.depth() > 0 ? " depth=" + x.depth() : "").append(x.intervalSeconds() > 0 ? " interval=" + x.intervalSeconds() : "")
                    .append('\n'));
            b.append('\n');
        });
        out.print(b);
        return 0;
    }
}
