package org.jrhcs.tools.clusvcadm;

import java.io.PrintStream;
import java.util.List;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.client.ipc.IpcException;
import org.jrhcs.cman.client.CmanClient;
import org.jrhcs.cman.client.CmanNode;
import org.jrhcs.rg.client.RgClient;
import org.jrhcs.rg.client.RgResult;
import org.jrhcs.tools.Getopt;

/**
 * {@code clusvcadm}: operator requests to rgmanager, with RHCS clusvcadm(8)'s options,
 * messages and exit codes (the request's return code; 0 on success).
 */
public final class Clusvcadm {
    static final String VERSION = "3.0.12-jrhcs";

    /** The two daemons clusvcadm talks to; a seam so the messages can be tested without them. */
    public interface Cluster {
        List<CmanNode> members();

        RgClient.Reply request(String action, String service, String target);

        boolean lock(String op);
    }

    private final Cluster cluster;

    public Clusvcadm(Cluster cluster) { this.cluster = cluster; }

    public static void main(String[] args) {
        ClusterRoot root = ClusterRoot.fromEnvironment();
        CmanClient cman = new CmanClient(root);
        RgClient rg = new RgClient(root);
        Cluster real = new Cluster() {
            public List<CmanNode> members() { return cman.nodes(); }
            public RgClient.Reply request(String a, String s, String t) { return rg.request(a, s, t); }
            public boolean lock(String op) { return rg.lock(op); }
        };
        int rc = new Clusvcadm(real).run(args, System.out, System.err);
        System.exit(rc & 0xff);
    }

    public int run(String[] args, PrintStream out, PrintStream err) {
        Getopt g;
        try {
            g = Getopt.parse(args, "lSue:M:d:r:n:c:m:FvR:s:Z:U:qh?");
        } catch (IllegalArgumentException e) {
            err.println("clusvcadm: " + e.getMessage());
            usage(out);
            return 1;
        }
        if (g.has('v')) { out.println(VERSION); return 0; }
        if (g.has('l')) return lockOp("lock", out, "Resource groups locked", "Lock operation failed");
        if (g.has('u')) return lockOp("unlock", out, "Resource groups unlocked", "Unlock operation failed");
        if (g.has('S')) return lockState(out);
        if (g.has('h') || g.has('?')) { usage(out); return 1; }
        if (g.has('F') && (g.has('m') || g.has('n'))) { err.println("Cannot use '-F' with '-n' or '-m'"); return 1; }

        String action = null, words = null, service = null;
        String[][] table = {
                {"e", "enable", "trying to enable"}, {"d", "disable", "disabling"}, {"r", "relocate", "relocate"},
                {"M", "migrate", "migrate"}, {"s", "stop", "stopping"}, {"R", "restart", "trying to restart"},
                {"Z", "freeze", "freezing"}, {"U", "unfreeze", "unfreezing"}, {"c", "convalesce", "convalescing"}};
        for (String[] row : table) {
            if (g.has(row[0].charAt(0))) { action = row[1]; words = row[2]; service = g.value(row[0].charAt(0)); }
        }
        if (service == null) { usage(out); return 1; }
        String member = g.has('m') ? g.value('m') : g.value('n');
        if (action.equals("migrate") && member == null) { out.println("Migration requires a target cluster member"); return 1; }
        if (!service.contains(":")) service = "service:" + service;
        boolean quiet = g.has('q');
        PrintStream say = quiet ? new PrintStream(java.io.OutputStream.nullOutputStream()) : out;

        List<CmanNode> members;
        try {
            members = cluster.members();
        } catch (IpcException e) {
            say.println("Could not connect to cluster service");
            return 1;
        }
        if (member != null) {
            CmanNode target = members.stream().filter(n -> n.name().equals(member)).findFirst().orElse(null);
            String resolved = member;
            if (target == null) {
                say.println("'" + member + "' not in membership list");
                resolved = closest(members, member, say);
                if (resolved == null) return 1;
                String r = resolved;
                target = members.stream().filter(n -> n.name().equals(r)).findFirst().orElseThrow();
            }
            if (action.equals("migrate") && !target.isMember()) { say.println("'" + resolved + "' is offline"); return 1; }
            return send(action, words, service, resolved, say);
        }
        return send(action, words, service, null, say);
    }

    private int send(String action, String words, String service, String member, PrintStream out) {
        boolean moves = action.equals("relocate") || action.equals("migrate");
        if (!moves) out.print(member == null ? "Local machine " + words + " " + service : "Member " + member + " " + words + " " + service);
        else out.print(member == null ? "Trying to " + words + " " + service : "Trying to " + words + " " + service + " to " + member);
        out.print("...");
        out.flush();
        RgClient.Reply reply;
        try {
            reply = cluster.request(action, service, member);
        } catch (IpcException e) {
            out.println("Could not connect to resource group manager");
            return 1;
        }
        out.println(reply.result().text());
        if (reply.result() == RgResult.RUNNING) return 0;
        if (reply.result() != RgResult.SUCCESS) return reply.result().code();
        if (action.equals("relocate") || action.equals("enable")) {
            String warn = member == null || member.equals(reply.owner()) ? "" : "Warning: ";
            out.println(warn + service + " is now running on " + (reply.owner() == null ? "none" : reply.owner()));
        }
        return 0;
    }

    /** clusvcadm's prefix match: the one member whose name shares the longest prefix. */
    private static String closest(List<CmanNode> members, String name, PrintStream out) {
        int best = 0, second = 0;
        String match = null;
        for (CmanNode n : members) {
            int len = 0;
            while (len < n.name().length() && len < name.length() && n.name().charAt(len) == name.charAt(len)) len++;
            if (len == 0) continue;
            if (len >= best) { second = best; best = len; match = n.name(); }
        }
        if (best == 0) { out.println("No matches for '" + name + "' found"); return null; }
        if (second == best) { out.println("More than one possible match for '" + name + "' found"); return null; }
        out.println("Closest match: '" + match + "'");
        return match;
    }

    private int lockOp(String op, PrintStream out, String ok, String failed) {
        try {
            cluster.lock(op);
            out.println(ok);
            return 0;
        } catch (IpcException e) {
            out.println(failed);
            return 1;
        }
    }

    private int lockState(PrintStream out) {
        try {
            out.println(cluster.lock("lock_state") ? "Resource groups locked" : "Resource groups unlocked");
            return 0;
        } catch (IpcException e) {
            out.println("Query operation failed");
            return 1;
        }
    }

    private static void usage(PrintStream out) {
        out.print("""
                usage: clusvcadm [command]

                Resource Group Control Commands:
                  -v                     Display version and exit
                  -d <group>             Disable <group>.  This stops a group
                                         until an administrator enables it again,
                                         the cluster loses and regains quorum, or
                                         an administrator-defined event script
                                         explicitly enables it again.
                  -e <group>             Enable <group>
                  -e <group> -F          Enable <group> according to failover
                                         domain rules (deprecated; always the
                                         case when using central processing)
                  -e <group> -m <member> Enable <group> on <member>
                  -r <group> -m <member> Relocate <group> [to <member>]
                                         Stops a group and starts it on another
                                         cluster member.
                  -M <group> -m <member> Migrate <group> to <member>
                                         (e.g. for live migration of VMs)
                  -q                     Quiet operation
                  -R <group>             Restart a group in place.
                  -s <group>             Stop <group>.  This temporarily stops
                                         a group.  After the next group or
                                         or cluster member transition, the group
                                         will be restarted (if possible).
                  -Z <group>             Freeze resource group.  This prevents
                                         transitions and status checks, and is
                                         useful if an administrator needs to
                                         administer part of a service without
                                         stopping the whole service.
                  -U <group>             Unfreeze (thaw) resource group.  Restores
                                         a group to normal operation.
                  -c <group>             Convalesce (repair, fix) resource group.
                                         Attempts to start failed, non-critical
                                         resources within a resource group.
                Resource Group Locking (for cluster Shutdown / Debugging):
                  -l                     Lock local resource group managers.
                                         This prevents resource groups from
                                         starting.
                  -S                     Show lock state
                  -u                     Unlock resource group managers.
                                         This allows resource groups to start.
                """);
    }
}
