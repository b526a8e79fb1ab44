package org.jrhcs.rg.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.jrhcs.ccs.Defaults;
import org.jrhcs.rg.core.ResourceType;

/**
 * The agents of one directory and their metadata. Every executable file in the directory
 * is asked for {@code meta-data} once: in parallel, and remembered per file (path,
 * size, modification time) in memory for the life of the process and on disk (see
 * {@link MetadataDiskCache}) across processes, so rg_test and a reload re-run only the
 * agents that changed. Agents whose metadata cannot be read are listed in
 * {@link #problems()} and provide no type.
 */
public final class AgentCatalog {
    private record Stamp(Path path, long size, long mtime) {}

    private static final Map<Stamp, ResourceType> CACHE = new ConcurrentHashMap<>();

    private final Path dir;
    private final Map<String, ResourceType> types;
    private final Map<String, Path> paths;
    private final List<String> problems;

    private AgentCatalog(Path dir, Map<String, ResourceType> types, Map<String, Path> paths, List<String> problems) {
        this.dir = dir;
        this.types = Collections.unmodifiableMap(types);
        this.paths = Collections.unmodifiableMap(paths);
        this.problems = List.copyOf(problems);
    }

    public static AgentCatalog load(Path dir) throws IOException {
        return load(dir, new AgentRunner(), MetadataDiskCache.standard());
    }

    public static AgentCatalog load(Path dir, AgentRunner runner) throws IOException {
        return load(dir, runner, MetadataDiskCache.standard());
    }

    /** @param disk where meta-data output is kept across processes; {@link MetadataDiskCache#NONE} for none */
    public static AgentCatalog load(Path dir, AgentRunner runner, MetadataDiskCache disk) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException(dir + ": agent directory does not exist");
        List<Path> agents;
        try (Stream<Path> s = Files.list(dir)) {
            agents = s.filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        }
        List<Future<Object>> jobs = new ArrayList<>();
        int threads = Math.max(1, Math.min(agents.size(), 2 * Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "agent-meta-data");
            t.setDaemon(true);
            return t;
        });
        try {
            for (Path a : agents) jobs.add(pool.submit(() -> metadata(a, runner, disk)));
            Map<String, ResourceType> types = new LinkedHashMap<>();
            Map<String, Path> paths = new LinkedHashMap<>();
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < agents.size(); i++) {
                Object o;
                try {
                    o = jobs.get(i).get();
                } catch (Exception e) {
                    o = agents.get(i).getFileName() + ": " + e.getMessage();
                }
                if (o instanceof ResourceType t) {
                    if (types.containsKey(t.name())) {
                        problems.add(t.agent() + ": type " + t.name() + " is already provided by " + types.get(t.name()).agent());
                        continue;
                    }
                    types.put(t.name(), t);
                    paths.put(t.name(), agents.get(i));
                } else {
                    problems.add(o.toString());
                }
            }
            return new AgentCatalog(dir, types, paths, problems);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The agent's type, or a String describing why it has none. */
    private static Object metadata(Path agent, AgentRunner runner, MetadataDiskCache disk) throws IOException {
        Stamp stamp = new Stamp(agent.toAbsolutePath(), Files.size(agent), Files.getLastModifiedTime(agent).toMillis());
        ResourceType cached = CACHE.get(stamp);
        if (cached != null) return cached;
        String name = agent.getFileName().toString();
        String xml = disk.get(stamp.path(), stamp.size(), stamp.mtime());
        boolean fresh = xml == null;
        if (fresh) {
            AgentResult r = runner.runForOutput(agent, "meta-data", Map.of("OCF_ROOT", Defaults.OCF_ROOT),
                    Duration.ofSeconds(Defaults.RG_METADATA_TIMEOUT_S));
            if (r.timedOut()) return name + ": meta-data timed out";
            if (r.exitCode() != 0) return name + ": meta-data exited with " + r.exitCode();
            xml = r.output();
        }
        try {
            ResourceType t = MetadataParser.parse(xml, name);
            CACHE.put(stamp, t);
            if (fresh) disk.put(stamp.path(), stamp.size(), stamp.mtime(), xml);
            return t;
        } catch (MetadataParser.MetadataException e) {
            return e.getMessage();
        }
    }

    /** Forgets the in-memory cache (tests of the disk cache). */
    static void clearMemoryCache() { CACHE.clear(); }

    public Path directory() { return dir; }

    /** Resource types by type name. */
    public Map<String, ResourceType> types() { return types; }

    /** The agent program of a type. */
    public Path agentPath(String type) {
        Path p = paths.get(type);
        if (p == null) throw new IllegalArgumentException("no agent for type " + type);
        return p;
    }

    /** Agents that provide no type, each with the reason. */
    public List<String> problems() { return problems; }
}
