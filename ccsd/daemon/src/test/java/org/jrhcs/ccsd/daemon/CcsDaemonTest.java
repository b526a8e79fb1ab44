package org.jrhcs.ccsd.daemon;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.jrhcs.ccsd.client.CcsClient;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.client.ipc.IpcException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three ccsd instances in one JVM, each with its own root, over an in-memory total-order group. */
class CcsDaemonTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir Path dir;
    private final FakeGroup group = new FakeGroup();
    private final List<CcsDaemon> running = new ArrayList<>();
    private final List<List<String>> logs = new ArrayList<>();
    private final List<List<Integer>> reloads = new ArrayList<>();

    static String conf(int version, String services) {
        return "<?xml version=\"1.0\"?>\n"
                + "<!-- the test cluster; this comment must survive distribution -->\n"
                + "<cluster name=\"alpha\" config_version=\"" + version + "\">\n"
                + "  <clusternodes>\n"
                + "    <clusternode name=\"n1\" nodeid=\"1\" votes=\"1\"/>\n"
                + "    <clusternode name=\"n2\" nodeid=\"2\" votes=\"1\"/>\n"
                + "    <clusternode name=\"n3\" nodeid=\"3\" votes=\"1\"/>\n"
                + "  </clusternodes>\n"
                + "  <rm>" + services + "</rm>\n"
                + "</cluster>\n";
    }

    ClusterRoot root(int node) { return new ClusterRoot(dir.resolve("n" + node)); }

    CcsClient client(int node) { return new CcsClient(root(node)); }

    String file(int node) throws Exception { return Files.readString(root(node).clusterConf()); }

    CcsDaemon start(int node) throws Exception {
        while (logs.size() <= node) { logs.add(new CopyOnWriteArrayList<>()); reloads.add(new CopyOnWriteArrayList<>()); }
        List<String> log = logs.get(node);
        List<Integer> rel = reloads.get(node);
        CcsDaemon d = new CcsDaemon(root(node), group.transport(node), rel::add,
                (s, m) -> log.add(s.text() + ": " + m)).updateTimeout(5000).start();
        running.add(d);
        return d;
    }

    void write(int node, String text) throws Exception {
        Files.createDirectories(root(node).clusterConf().getParent());
        Files.writeString(root(node).clusterConf(), text);
    }

    @AfterEach void stop() throws Exception {
        for (CcsDaemon d : running) d.close();
        group.close();
    }

    static void await(String what, BooleanSupplier cond) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (!cond.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) fail("timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    @Test
    void updatesPropagateOlderVersionsAreRefusedAndARejoiningNodeCatchesUp() throws Exception {
        String v1 = conf(1, "");
        for (int n = 1; n <= 3; n++) write(n, v1);
        write(3, conf(1, "").replace("n3\"", "n3\"")); // same content: no conflict
        CcsDaemon[] d = {null, start(1), start(2), start(3)};
        for (int n = 1; n <= 3; n++) assertEquals(1, client(n).await(WAIT).version(), "node " + n + " in sync");

        List<Integer> seen = new CopyOnWriteArrayList<>();
        try (CcsClient.Subscription sub = client(3).subscribe(seen::add)) {
            String v2 = conf(2, "<service name=\"web\" autostart=\"1\"/>");
            CcsClient.UpdateResult r;
            try { r = client(1).update(v2, "/tmp/new.conf"); } catch (IpcException e) { throw new AssertionError(logs.toString(), e); }
            assertEquals(1, r.fromVersion());
            assertEquals(2, r.toVersion());
            assertEquals("Config file updated from version 1 to 2", r.message());
            for (int n = 1; n <= 3; n++) {
                assertEquals(v2, file(n), "node " + n + " has the new file byte for byte");
                assertEquals(v1, Files.readString(AtomicFile.sibling(root(n).clusterConf(), ".bak")), "backup on node " + n);
                assertEquals(2, client(n).get().version());
                assertEquals(List.of(2), reloads.get(n), "cman told to reload on node " + n);
            }
            await("the change event on node 3", () -> seen.contains(2));
        }

        // A lower or equal version, and a broken file, are refused and nothing changes anywhere.
        IpcException older = assertThrows(IpcException.class, () -> client(2).update(conf(1, "<service name=\"x\"/>"), "old.conf"));
        assertEquals("config_version 1 is not greater than the cluster's config_version 2 (published by node 1); "
                + "raise config_version in the new file",
                older.getMessage());
        IpcException broken = assertThrows(IpcException.class, () -> client(2).update(conf(3, "<service name=\"x\">"), "broken.conf"));
        assertTrue(broken.getMessage().startsWith("broken.conf:9:"), broken.getMessage());
        IpcException invalid = assertThrows(IpcException.class,
                () -> client(2).update(conf(3, "").replace("nodeid=\"3\"", "nodeid=\"2\""), "dup.conf"));
        assertTrue(invalid.getMessage().matches("(?s)dup\\.conf:\\d+:\\d+: error: .*"), invalid.getMessage());
        IpcException other = assertThrows(IpcException.class, () -> client(2).update(conf(3, "").replace("alpha", "beta"), "b.conf"));
        assertTrue(other.getMessage().contains("cluster name \"beta\" does not match the running cluster \"alpha\""), other.getMessage());
        for (int n = 1; n <= 3; n++) assertEquals(2, client(n).get().version());

        // Node 3 is down during an update and catches up when it starts again.
        d[3].close();
        running.remove(d[3]);
        String v3 = conf(3, "<service name=\"web\" autostart=\"1\"/><service name=\"db\"/>");
        assertEquals(3, client(2).update(v3, "v3.conf").toVersion());
        assertEquals(conf(2, "<service name=\"web\" autostart=\"1\"/>"), file(3), "node 3 was down");
        start(3);
        assertEquals(3, client(3).await(WAIT).version());
        assertEquals(v3, file(3));
        assertTrue(logs.get(3).contains("notice: Remote copy of cluster.conf (version = 3) is newer than local copy (version = 2)."),
                logs.get(3).toString());
        assertTrue(logs.get(3).contains("notice: Update of cluster.conf complete (version 2 -> 3)."), logs.get(3).toString());
    }

    @Test
    void concurrentUpdatesOneWinsTheOtherIsToldWhichVersionItLostTo() throws Exception {
        for (int n = 1; n <= 3; n++) write(n, conf(1, ""));
        for (int n = 1; n <= 3; n++) start(n);
        for (int n = 1; n <= 3; n++) client(n).await(WAIT);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<String>> both = List.of(
                    () -> client(1).update(conf(2, "<service name=\"a\"/>"), "a.conf").message(),
                    () -> client(2).update(conf(2, "<service name=\"b\"/>"), "b.conf").message());
            List<String> outcomes = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(both)) {
                try {
                    outcomes.add("ok: " + f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    outcomes.add("error: " + e.getCause().getMessage());
                }
            }
            Collections.sort(outcomes);
            // Either the loser's request met the winner in the group (lost in the total order) or
            // it came in after the winner was applied locally (refused at once); both name the winner.
            assertTrue(outcomes.get(0).matches("error: config_version 2 lost to config_version 2 published by node [12] first")
                    || outcomes.get(0).matches("error: config_version 2 is not greater than the cluster's config_version 2 "
                            + "\\(published by node [12]\\); raise config_version in the new file"), outcomes.toString());
            assertEquals("ok: Config file updated from version 1 to 2", outcomes.get(1));
        } finally {
            pool.shutdown();
        }
        assertEquals(file(1), file(2));
        assertEquals(file(1), file(3));
    }

    @Test
    void aJoinerWithANewerUnpublishedFileDoesNotOverrideTheCluster() throws Exception {
        write(1, conf(4, ""));
        write(2, conf(4, ""));
        start(1);
        start(2);
        client(1).await(WAIT);
        client(2).await(WAIT);
        String local = conf(9, "<service name=\"experiment\"/>");
        write(3, local);
        start(3);
        assertEquals(4, client(3).await(WAIT).version());
        assertEquals(conf(4, ""), file(3));
        assertEquals(conf(4, ""), file(1));
        assertEquals(local, Files.readString(AtomicFile.sibling(root(3).clusterConf(), ".unpublished")));
        assertTrue(logs.get(3).stream().anyMatch(l -> l.startsWith("warning: Conflict: local cluster.conf (version = 9) is newer")),
                logs.get(3).toString());
        // The administrator publishes it.
        assertEquals(9, client(3).update(local, "cluster.conf.unpublished").toVersion());
        assertEquals(local, file(1));
    }

    @Test
    void startCanBeRetriedWhileCmanIsNotReady() throws Exception {
        write(1, conf(1, ""));
        GroupTransport real = group.transport(1);
        int[] attempts = {0};
        CcsDaemon d = new CcsDaemon(root(1), (g, l) -> {
            if (attempts[0]++ == 0) throw new IpcException("cannot connect to cman-admin.sock: no such socket (is the daemon running?)");
            return real.join(g, l);
        }, v -> {}, (s, m) -> {});
        assertThrows(IpcException.class, d::start);
        assertFalse(Files.exists(root(1).socket("ccsd")), "a failed start leaves no socket behind");
        running.add(d.start());
        assertEquals(1, client(1).await(WAIT).version());
    }

    @Test
    void nothingIsServedBeforeTheNodeIsInSync() throws Exception {
        write(1, conf(1, ""));
        IpcException e = assertThrows(IpcException.class, () -> client(1).get());
        assertTrue(e.getMessage().contains("no such socket"), e.getMessage());
        // A daemon whose group never delivers anything stays out of sync and says so.
        CcsDaemon lonely = new CcsDaemon(root(1), (g, l) -> new GroupTransport.Handle() {
            @Override public void send(org.jrhcs.client.ipc.IpcMessage p) {}
            @Override public void leave() {}
        }, v -> {}, (s, m) -> {}).start();
        running.add(lonely);
        IpcException notYet = assertThrows(IpcException.class, () -> client(1).get());
        assertEquals("ccsd has no configuration to serve yet: it is not in sync with the cluster", notYet.getMessage());
        assertEquals(0, client(1).version());
    }

    @Test
    void aNodeBackWithTheCopyItsCcsdWroteBringsItToAClusterThatStartedWithAnOlderOne() throws Exception {
        write(1, conf(1, ""));
        CcsDaemon one = start(1);
        client(1).await(WAIT);
        String v2 = conf(2, "<service name=\"web\"/>");
        assertEquals(2, client(1).update(v2, "v2.conf").toVersion());
        one.close();
        running.remove(one);
        write(2, conf(1, ""));
        write(3, conf(1, ""));
        start(2);
        start(3);
        assertEquals(1, client(2).await(WAIT).version(), "nodes 2 and 3 never saw version 2");
        start(1);
        for (int n = 1; n <= 3; n++) {
            int node = n;
            await("version 2 on node " + n, () -> {
                try { return client(node).get().version() == 2; } catch (IpcException e) { return false; }
            });
            assertEquals(v2, file(n), "node " + n);
        }
        assertFalse(Files.exists(AtomicFile.sibling(root(1).clusterConf(), ".unpublished")));
    }

    @Test
    void configFeedReadsTheFileWhileCcsdIsDownAndCcsdOnceItRuns() throws Exception {
        write(1, conf(1, ""));
        List<String> said = new CopyOnWriteArrayList<>();
        List<Integer> changes = new CopyOnWriteArrayList<>();
        try (org.jrhcs.ccsd.client.ConfigFeed feed = new org.jrhcs.ccsd.client.ConfigFeed(root(1), said::add)) {
            org.jrhcs.ccsd.client.ConfigFeed.Snapshot s = feed.current(Duration.ZERO);
            assertEquals(org.jrhcs.ccsd.client.ConfigFeed.Source.FILE, s.source());
            assertEquals(1, s.version());
            feed.current(Duration.ZERO);
            assertEquals(List.of("ccsd is not running: reading " + root(1).clusterConf() + " directly"), said, "said once");
            feed.watch(() -> {
                try {
                    changes.add(feed.current(Duration.ZERO).version());
                } catch (IOException e) {
                    changes.add(-1);
                }
            });
            write(1, conf(2, ""));
            await("the file change", () -> changes.contains(2));
            assertEquals(2, feed.current(Duration.ZERO).version());

            start(1);
            start(2);
            start(3);
            org.jrhcs.ccsd.client.ConfigFeed.Snapshot fromCcsd = feed.current(WAIT);
            assertEquals(org.jrhcs.ccsd.client.ConfigFeed.Source.CCSD, fromCcsd.source());
            assertEquals(2, fromCcsd.version());
            assertEquals("ccsd is running: reading cluster.conf through ccsd again", said.get(said.size() - 1));
            changes.clear();
            assertEquals(3, client(2).update(conf(3, ""), "v3.conf").toVersion());
            await("the ccsd change event", () -> changes.contains(3));
            assertEquals(conf(3, ""), feed.atLeast(3, WAIT).text());
            IOException tooNew = assertThrows(IOException.class, () -> feed.atLeast(4, Duration.ofMillis(200)));
            assertEquals("ccsd has config_version 3, not 4", tooNew.getMessage());
        }
    }
}
