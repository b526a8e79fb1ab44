package org.jrhcs.rg.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.cman.testing.InMemoryGroups;
import org.jrhcs.rg.client.RgClient;
import org.jrhcs.rg.core.state.RgConfig;
import org.jrhcs.rg.core.state.RgCore;

/** N rgmanager daemons in one JVM over {@link InMemoryGroups}, each with its own root. */
final class TestCluster implements AutoCloseable {
    static final RgDaemon.Settings FAST = new RgDaemon.Settings(100, 10, 10, 10_000, 5_000);

    final InMemoryGroups groups = new InMemoryGroups();
    final FakeWorld world = new FakeWorld();
    final RgConfig config;
    /** What every node's cluster.conf says now (ccsd keeps them identical). */
    volatile int diskVersion = 1;
    volatile RgConfig diskConfig;
    final Path dir;
    final Map<Integer, RgDaemon> daemons = new LinkedHashMap<>();
    final Map<Integer, List<String>> logs = new LinkedHashMap<>();

    TestCluster(Path dir, String clusterConf) throws Exception {
        this.dir = dir;
        this.config = RgConfig.from(ConfDocument.parse(clusterConf, "cluster.conf").cluster());
        this.diskConfig = config;
    }

    ClusterRoot root(int id) { return new ClusterRoot(dir.resolve("n" + id)); }

    RgDaemon start(int id) throws IOException {
        List<String> log = logs.computeIfAbsent(id, k -> Collections.synchronizedList(new ArrayList<>()));
        RgLog sink = (level, text) -> log.add("<" + level.name().toLowerCase() + "> " + text);
        GroupPort.Connector connector = (group, listener) -> {
            InMemoryGroups.Member m = groups.join(group, id, listener);
            return new GroupPort() {
                public void send(org.jrhcs.client.ipc.IpcMessage p) { m.send(p); }
                public void leave() { m.leave(); }
            };
        };
        String name = config.name(id);
        ConfigSource disk = new ConfigSource() {
            public int diskVersion() { return diskVersion; }

            public RgConfig switchTo(int version, List<String> ownedHere) {
                RgConfig next = diskConfig;
                // the engine stops what the new configuration no longer has
                for (String s : ownedHere) if (!next.services().containsKey(s)) world.stop(s, name);
                return next;
            }
        };
        RgDaemon d = new RgDaemon(new RgCore(diskConfig, diskVersion, id), connector, world.runner(name), world, sink,
                root(id), System::currentTimeMillis, FAST).withConfigSource(disk).start();
        daemons.put(id, d);
        return d;
    }

    /** ccs_tool update: every node's file now holds {@code clusterConf} at {@code version}. */
    void update(int version, String clusterConf) throws Exception {
        diskConfig = RgConfig.from(ConfDocument.parse(clusterConf, "cluster.conf").cluster());
        diskVersion = version;
    }

    /** The node crashes: its daemon stops dead, the group sees it fail; what it ran keeps running until fenced. */
    void crash(int id) {
        RgDaemon d = daemons.remove(id);
        d.close();
        groups.failNode(id);
    }

    RgClient client(int id) { return new RgClient(root(id)); }

    List<String> log(int id) {
        synchronized (logs.get(id)) {
            return List.copyOf(logs.get(id));
        }
    }

    /** Polls {@code cond} until it holds, checking the one-owner invariant at every step. */
    void await(String what, BooleanSupplier cond) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            checkInvariant();
            if (cond.getAsBoolean()) return;
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting for " + what + "\n" + dump());
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** Holds for {@code ms}: {@code cond} stays true the whole time (for "nothing happens" checks). */
    void holds(String what, long ms, BooleanSupplier cond) {
        long end = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < end) {
            checkInvariant();
            if (!cond.getAsBoolean()) throw new AssertionError("no longer true: " + what + "\n" + dump());
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    void checkInvariant() {
        List<String> v = world.violations();
        if (!v.isEmpty()) throw new AssertionError("two owners: " + v + "\n" + dump());
    }

    /** What node {@code id}'s table says about {@code service}: "state owner". */
    String state(int id, String service) {
        RgDaemon d = daemons.get(id);
        if (d == null) return "down";
        return d.published().services().stream().filter(s -> s.name().equals(service))
                .map(s -> s.state().text() + " " + s.owner()).findFirst().orElse("?");
    }

    boolean allSee(String service, String stateOwner) {
        for (int id : daemons.keySet()) if (!state(id, service).equals(stateOwner)) return false;
        return true;
    }

    /** Every live daemon publishes the same table (use after the cluster settled). */
    boolean tablesAgree() {
        return daemons.values().stream().map(d -> d.published().services()).distinct().count() <= 1;
    }

    String dump() {
        StringBuilder sb = new StringBuilder();
        for (var e : daemons.entrySet())
            sb.append("node ").append(e.getKey()).append(" master=").append(e.getValue().published().master())
                    .append(" ").append(e.getValue().published().debug()).append(" services=").append(e.getValue().published().services()).append('\n');
        for (var e : logs.entrySet()) sb.append("log ").append(e.getKey()).append(": ").append(log(e.getKey())).append('\n');
        sb.append("journal: ").append(world.journal());
        return sb.toString();
    }

    @Override public void close() {
        for (RgDaemon d : daemons.values()) d.close();
    }
}
