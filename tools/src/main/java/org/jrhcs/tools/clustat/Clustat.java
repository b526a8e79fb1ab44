package org.jrhcs.tools.clustat;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.client.ipc.IpcException;
import org.jrhcs.cman.client.CmanClient;
import org.jrhcs.cman.client.CmanNode;
import org.jrhcs.cman.client.CmanStatus;
import org.jrhcs.rg.client.RgClient;
import org.jrhcs.tools.Getopt;
import org.jrhcs.tools.TimeText;

/** {@code clustat}: cluster, member and service status (options as RHCS clustat(8)). */
public final class Clustat {
    static final String VERSION = "3.0.12-jrhcs";

    /**
     * What clustat reads and how it waits and measures the terminal: a seam so the options,
     * exit statuses and refresh loop can be tested without daemons or a terminal.
     */
    public interface Cluster {
        boolean quorate();

        int localNodeId();

        /** @param wantServices false for {@code -m}: rgmanager is not asked */
        ClusterSnapshot snapshot(boolean wantServices);

        /** Terminal width when standard output is a terminal, else 0 (clustat then uses 80). */
        default int terminalColumns() { return 0; }

        /** Waits between refreshes; false when interrupted (clustat then exits). */
        default boolean pause(long millis) {
            try {
                Thread.sleep(millis);
                return true;
            } catch (InterruptedException e) {
                return false;
            }
        }
    }

    private final Cluster cluster;

    public Clustat(Cluster cluster) { this.cluster = cluster; }

    public Clustat(ClusterRoot root) { this(real(root)); }

    public static void main(String[] args) {
        System.exit(new Clustat(ClusterRoot.fromEnvironment()).run(args, System.out, System.err));
    }

    public int run(String[] args, PrintStream out, PrintStream err) {
        Getopt g;
        try {
            g = Getopt.parse(args, "fIls:m:i:xvQh?");
        } catch (IllegalArgumentException e) {
            err.println("clustat: " + e.getMessage());
            usage(out);
            return 1;
        }
        if (g.has('h') || g.has('?')) { usage(out); return 0; }
        if (g.has('i') && g.has('x')) { out.println("Error: Options '-i' and '-x' are mutually exclusive"); return 1; }
        if (g.has('v')) { out.println("clustat version " + VERSION); return 0; }
        try {
            if (g.has('Q')) return cluster.quorate() ? 0 : 1;
            if (g.has('I')) { out.printf("0x%08x%n", cluster.localNodeId()); return 0; }
        } catch (IpcException e) {
            if (g.has('Q')) return 1;      // -Q prints nothing: no cman is "not quorate"
            out.println("Could not connect to CMAN: " + e.getMessage());
            return 1;
        }
        String service = g.value('s');
        if (service != null && !service.contains(":")) service = "service:" + service;
        int tty = cluster.terminalColumns();
        ClustatFormat.Options o = new ClustatFormat.Options(g.value('m'), service, g.has('l'), tty > 0, tty > 0 ? tty : 80);
        int refresh = g.has('i') ? Math.max(1, parseInt(g.value('i'))) : 0;
        while (true) {
            ClusterSnapshot snap;
            try {
                snap = cluster.snapshot(o.member() == null);
            } catch (IpcException e) {
                out.println("Could not connect to cluster service");
                err.println("clustat: " + e.getMessage());
                return 1;
            }
            if (refresh > 0) out.print("\033[H\033[2J");
            ClustatFormat.Output result = g.has('x') ? ClustatFormat.xml(snap, o) : ClustatFormat.text(snap, o, TimeText.local(System.currentTimeMillis()));
            out.print(result.text());
            out.flush();
            if (refresh == 0 || !cluster.pause(refresh * 1000L)) return result.status();
        }
    }

    static Cluster real(ClusterRoot root) {
        CmanClient cman = new CmanClient(root);
        RgClient rg = new RgClient(root);
        return new Cluster() {
            public boolean quorate() { return cman.isQuorate(); }
            public int localNodeId() { return cman.status().nodeId(); }
            public ClusterSnapshot snapshot(boolean wantServices) { return Clustat.snapshot(cman, rg, wantServices); }
            public int terminalColumns() { return System.console() == null ? 0 : TerminalWidth.columns(); }
        };
    }

    static ClusterSnapshot snapshot(CmanClient cman, RgClient rg, boolean wantServices) {
        CmanStatus st = cman.status();
        List<CmanNode> nodes = cman.nodes();
        RgClient.Status rgs = null;
        if (rg.isRunning()) {
            try {
                rgs = rg.status();
            } catch (IpcException e) {
                rgs = null; // rgmanager is stopping or not yet serving: show it as not running
            }
        }
        List<ClusterSnapshot.Member> members = new ArrayList<>();
        for (CmanNode n : nodes) {
            boolean qdisk = n.nodeId() == 0;
            boolean rgm = rgs != null && rgs.nodes().contains(n.nodeId());
            members.add(new ClusterSnapshot.Member(n.name(), n.nodeId(), n.isMember(), n.nodeId() == st.nodeId() && !qdisk,
                    rgm, rgm && rgs.master() == n.nodeId(), qdisk, false));
        }
        return new ClusterSnapshot(st.clusterName(), st.clusterId(), st.generation(), st.quorate(), members,
                rgs == null || !wantServices ? null : rgs.services());
    }

    private static int parseInt(String s) {
        try { return Integer.parseInt(s.trim()); } catch (NumberFormatException e) { return 1; }
    }

    private static void usage(PrintStream out) {
        out.print("""
                usage: clustat <options>
                    -i <interval>      Refresh every <interval> seconds.  May not be used
                                       with -x.
                    -I                 Display local node ID and exit
                    -m <member>        Display status of <member> and exit
                    -s <service>       Display status of <service> and exit
                    -v                 Display version and exit
                    -x                 Dump information as XML
                    -Q                 Return 0 if quorate, 1 if not (no output)
                    -f                 Enable fast clustat reports
                    -l                 Use long format for services

                """);
    }
}
