package org.jrhcs.fence.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jrhcs.ccsd.client.ConfigFeed;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.fence.core.FenceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWatcherTest {
    @TempDir Path dir;

    private static String conf(String agent) {
        return "<cluster name=\"t\" config_version=\"1\"><clusternodes><clusternode name=\"a\" nodeid=\"1\"><fence>"
                + "<method name=\"1\"><device name=\"d\"/></method></fence></clusternode></clusternodes>"
                + "<fencedevices><fencedevice name=\"d\" agent=\"" + agent + "\"/></fencedevices></cluster>";
    }

    @Test
    void aChangedFileIsReloadedAndABrokenOneKeepsThePreviousConfig() throws Exception {
        ClusterRoot root = new ClusterRoot(dir);
        Path f = root.clusterConf();
        Files.createDirectories(f.getParent());
        Files.writeString(f, conf("fence_a"));
        List<String> log = new ArrayList<>();
        List<String> feedSaid = new ArrayList<>();
        try (ConfigWatcher w = new ConfigWatcher(new ConfigFeed(root, feedSaid::add), conf("fence_a"), c -> c)) {
            assertNull(w.changed((s, t) -> log.add(t)), "unchanged");
            Files.writeString(f, conf("fence_bb"));
            FenceConfig c = awaitChange(w, log);
            assertEquals("fence_bb", c.node("a").orElseThrow().methods().get(0).devices().get(0).agent());
            assertNull(w.changed((s, t) -> log.add(t)));
            Files.writeString(f, "<cluster");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (log.isEmpty() && System.nanoTime() < deadline) {
                assertNull(w.changed((s, t) -> log.add(t)));
                Thread.sleep(50);
            }
            assertTrue(log.get(0).startsWith("cannot reload " + f + ", keeping the previous fencing config: "), log.toString());
            assertEquals(List.of("ccsd is not running: reading " + f + " directly"), feedSaid);
        }
    }

    /** The feed polls the file about once a second while ccsd is not running. */
    private static FenceConfig awaitChange(ConfigWatcher w, List<String> log) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            FenceConfig c = w.changed((s, t) -> log.add(t));
            if (c != null) return c;
            Thread.sleep(50);
        }
        throw new AssertionError("the change was not noticed; log " + log);
    }
}
