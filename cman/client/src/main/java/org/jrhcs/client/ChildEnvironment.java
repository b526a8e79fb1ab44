package org.jrhcs.client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole environment of a program a daemon runs for the cluster (a resource agent, a
 * qdiskd heuristic): PATH (the daemon's, else a system default), LANG=C, then the
 * variables the caller names (OCF_*, CLUSTER_ROOT, CLUSTER_NODE, ...). Nothing else of the
 * daemon's environment reaches the program, so what an administrator's shell exported when
 * the daemon started cannot change what an agent does.
 */
public final class ChildEnvironment {
    public static final String FALLBACK_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ChildEnvironment() {}

    /** Pure: the environment for a child of a daemon whose own environment is {@code daemonEnv}. */
    public static Map<String, String> of(Map<String, String> daemonEnv, Map<String, String> vars) {
        Map<String, String> env = new LinkedHashMap<>();
        String path = daemonEnv.get("PATH");
        env.put("PATH", path == null || path.isBlank() ? FALLBACK_PATH : path);
        env.put("LANG", "C");
        env.putAll(vars);
        return env;
    }

    /** Replaces {@code pb}'s inherited environment with {@link #of} this process's. */
    public static ProcessBuilder apply(ProcessBuilder pb, Map<String, String> vars) {
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(of(System.getenv(), vars));
        return pb;
    }
}
