package org.jrhcs.fence.tool;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.util.Map;
import org.jrhcs.client.ipc.IpcException;
import org.jrhcs.fence.client.FencedClient;

/**
 * {@code fence_ack_manual [-n] NODE} (fence_ack_manual(8)): tells fenced to stop retrying a
 * failed fence of NODE and consider it fenced. The operator must have turned NODE off by
 * hand first. On a terminal it asks for "absolutely" first; fenced refuses when no fencing
 * of NODE is pending. JDK only.
 */
public final class FenceAckManual {
    private static final String PROG = "fence_ack_manual";

    private FenceAckManual() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv(), System.console() != null));
    }

    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, boolean interactive) {
        String node = null;
        for (String a : args) {
            if (a.equals("-h")) {
                out.print(usage());
                return 0;
            }
            if (a.equals("-n")) continue; // the old form "-n NODE" still works
            if (a.startsWith("-") || node != null) {
                err.print(usage());
                return 1;
            }
            node = a;
        }
        if (node == null) {
            err.print(usage());
            return 1;
        }
        if (interactive) {
            out.println("About to override fencing for " + node + ".");
            out.println("Improper use of this command can cause severe file system damage.");
            out.println();
            out.print("Continue [NO/absolutely]? ");
            out.flush();
            String answer;
            try {
                answer = new BufferedReader(new InputStreamReader(System.in)).readLine();
            } catch (IOException e) {
                answer = null;
            }
            if (!"absolutely".equals(answer == null ? null : answer.strip())) {
                out.println("Aborted.");
                return 1;
            }
        }
        try {
            new FencedClient(FenceTool.rootOf(env)).ackManual(node);
        } catch (IpcException e) {
            err.println(PROG + ": " + e.getMessage());
            return 1;
        }
        out.println("Done");
        return 0;
    }

    static String usage() {
        return """
                Usage:

                fence_ack_manual [options] <nodename>

                Options:
                  -h               Print this help, then exit

                """;
    }
}
