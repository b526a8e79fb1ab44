package org.jrhcs.ccs.tool;

import java.io.PrintStream;
import java.nio.file.Path;
import org.jrhcs.ccs.ConfValidator;
import org.jrhcs.ccs.Problem;
import org.jrhcs.client.ClusterRoot;

/**
 * {@code ccs_config_validate [-f FILE] [-h]}: checks a cluster.conf against the schema and
 * the semantic rules. Prints {@code Configuration validates} and exits 0 (warnings go to
 * standard error first), or prints every problem to standard error, then
 * {@code Configuration fails to validate}, and exits 1. A wrong option prints the usage
 * to standard error and exits 2. Without -f the file is
 * {@code $CLUSTER_ROOT/etc/cluster/cluster.conf}.
 */
public final class CcsConfigValidate {
    public static final int VALID = 0;
    public static final int INVALID = 1;
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
            Usage:

            ccs_config_validate [options]

            Options:
              -h               Print this help, then exit
              -f configfile    Validate an alternate config file
                               (default: $CLUSTER_ROOT/etc/cluster/cluster.conf)
            """;

    private CcsConfigValidate() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, ClusterRoot.fromEnvironment());
    }

    public static int run(String[] args, PrintStream out, PrintStream err, ClusterRoot root) {
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-h" -> {
                    out.print(USAGE_TEXT);
                    return VALID;
                }
                case "-f" -> {
                    if (i + 1 >= args.length || file != null) return usage(err, "option -f needs one file name");
                    file = Path.of(args[++i]);
                }
                default -> {
                    return usage(err, args[i].startsWith("-") ? "unknown option " + args[i] : "unexpected argument " + args[i]);
                }
            }
        }
        if (file == null) file = root.clusterConf();
        ConfValidator.Result result = ConfValidator.validate(file);
        for (Problem p : result.problems()) err.println(p);
        if (result.validates()) {
            out.println("Configuration validates");
            return VALID;
        }
        out.println("Configuration fails to validate");
        return INVALID;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("ccs_config_validate: " + problem);
        err.print(USAGE_TEXT);
        return USAGE;
    }
}
