package org.jrhcs.fence.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.fence.agent.AgentRunner;
import org.jrhcs.fence.agent.FenceConfigLoader;
import org.jrhcs.fence.core.FenceConfig;
import org.jrhcs.fence.core.FenceSettings;

/** Several fenced daemons over one {@link FakeDomainHub}, real agents, logs in lists. */
public final class TestDomain implements AutoCloseable {
    static final String[] NAMES = {"", "web1", "web2", "web3"};

    final FakeDomainHub hub = new FakeDomainHub();
    final Path root;
    final FenceConfig config;
    final FencedDaemon[] daemons = new FencedDaemon[4];
    @SuppressWarnings("unchecked")
    final List<String>[] logs = new List[4];

    /** {@code fenceXml} is the {@code <fence>} element given to every node (NODE is replaced by its name). */
    public TestDomain(Path root, String fenceXml, FenceSettings settings) throws Exception {
        this.root = root;
        StringBuilder conf = new StringBuilder("<cluster name=\"t\" config_version=\"1\"><clusternodes>");
        for (int i = 1; i <= 3; i++)
            conf.append("<clusternode name=\"").append(NAMES[i]).append("\" nodeid=\"").append(i).append("\">")
                    .append(fenceXml.replace("NODE", NAMES[i])).append("</clusternode>");
        conf.append("</clusternodes><fencedevices>")
                .append("<fencedevice name=\"dummy\" agent=\"fence_dummy\" type=\"file\"/>")
                .append("<fencedevice name=\"rec\" agent=\"fence_record\"/>")
                .append("</fencedevices></cluster>");
        FenceConfig loaded = FenceConfigLoader.load(ConfDocument.parse(conf.toString(), "cluster.conf"));
        this.config = new FenceConfig(settings, loaded.nodes());
        hub.clusterUp(1, 2, 3);
    }

    public FencedDaemon start(int id) { return start(id, (sev, text) -> { }); }

    /** {@code before} sees every log line first (a test's way to make logging fail). */
    FencedDaemon start(int id, FencedDaemon.LogSink before) {
        logs[id] = Collections.synchronizedList(new ArrayList<>());
        List<String> sink = logs[id];
        AgentRunner runner = new AgentRunner(new ClusterRoot(root), NAMES[id], Duration.ofSeconds(20), "/usr/bin:/bin");
        daemons[id] = new FencedDaemon(config, id, NAMES[id], hub.group(id), runner,
                (sev, text) -> {
                    before.log(sev, text);
                    if (sev != org.jrhcs.log.Severity.DEBUG) sink.add(text);
                }, System::currentTimeMillis).start();
        daemons[id].join();
        return daemons[id];
    }

    public void crash(int id) {
        hub.crash(id);
        daemons[id].stop(1);
    }

    public List<String> log(int id) {
        synchronized (logs[id]) { return new ArrayList<>(logs[id]); }
    }

    long count(int id, String line) { return log(id).stream().filter(line::equals).count(); }

    public static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    public void awaitLog(int id, String line) {
        await("\"" + line + "\" in node " + id + "'s log " + (logs[id] == null ? "" : log(id)), () -> log(id).contains(line));
    }

    public FencedDaemon daemon(int id) { return daemons[id]; }

    /** Waits until node {@code viewer} (the first id) sees exactly {@code ids} as domain members. */
    public void awaitMembers(int... ids) {
        java.util.List<Integer> want = java.util.Arrays.stream(ids).boxed().toList();
        await("members " + want, () -> want.equals(daemons[ids[0]].query(c -> c.status().members())));
    }

    @Override public void close() {
        for (FencedDaemon d : daemons) if (d != null) d.stop(0);
    }
}
