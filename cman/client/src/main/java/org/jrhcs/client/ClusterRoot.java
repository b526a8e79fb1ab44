package org.jrhcs.client;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a node's files live. Every path of every daemon and tool resolves under
 * {@code $CLUSTER_ROOT} (default {@code /}), so several nodes can share one machine,
 * each with its own root (the sandbox and the tests rely on this).
 */
public final class ClusterRoot {
    public static final String ENV = "CLUSTER_ROOT";
    public static final String PROPERTY = "cluster.root";

    private final Path root;

    public ClusterRoot(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The root named by the system property {@code cluster.root}, else {@code $CLUSTER_ROOT}, else {@code /}. */
    public static ClusterRoot fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static ClusterRoot fromEnvironment(Map<String, String> env) {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isEmpty()) value = env.get(ENV);
        if (value == null || value.isEmpty()) value = "/";
        return new ClusterRoot(Path.of(value));
    }

    public Path path() { return root; }

    /** {@code relative} may start with a slash: "/etc/cluster" and "etc/cluster" name the same place. */
    public Path resolve(String relative) {
        String r = relative;
        while (r.startsWith("/")) r = r.substring(1);
        return r.isEmpty() ? root : root.resolve(r);
    }

    public Path clusterConf() { return resolve("etc/cluster/cluster.conf"); }
    public Path runDir() { return resolve("var/run/cluster"); }
    public Path logDir() { return resolve("var/log/cluster"); }
    public Path stateDir() { return resolve("var/lib/cluster"); }
    public Path messagesLog() { return resolve("var/log/messages"); }
    public Path sysconfig(String name) { return resolve("etc/sysconfig/" + name); }

    /** The read-only socket of a daemon, e.g. {@code var/run/cluster/cman.sock}. */
    public Path socket(String daemon) { return runDir().resolve(daemon + ".sock"); }

    /** The admin socket of a daemon (root only), e.g. {@code var/run/cluster/cman-admin.sock}. */
    public Path adminSocket(String daemon) { return runDir().resolve(daemon + "-admin.sock"); }

    public Path pidFile(String daemon) { return runDir().resolve(daemon + ".pid"); }

    @Override public String toString() { return root.toString(); }
}
