package org.jrhcs.fence.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        Path f = dir.resolve("cluster.conf");
        Files.writeString(f, conf("fence_a"));
        List<String> log = new ArrayList<>();
        ConfigWatcher w = new ConfigWatcher(f, c -> c);
        assertNull(w.changed((s, t) -> log.add(t)), "unchanged");
        Files.writeString(f, conf("fence_bb"));
        FenceConfig c = w.changed((s, t) -> log.add(t));
        assertEquals("fence_bb", c.node("a").orElseThrow().methods().get(0).devices().get(0).agent());
        assertNull(w.changed((s, t) -> log.add(t)));
        Files.writeString(f, "<cluster");
        assertNull(w.changed((s, t) -> log.add(t)));
        assertTrue(log.get(0).startsWith("cannot reload " + f + ", keeping the previous fencing config: "), log.toString());
    }
}
