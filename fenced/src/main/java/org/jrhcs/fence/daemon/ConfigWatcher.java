package org.jrhcs.fence.daemon;

import java.io.IOException;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.ccs.ConfException;
import org.jrhcs.ccsd.client.ConfigFeed;
import org.jrhcs.fence.agent.FenceConfigLoader;
import org.jrhcs.fence.core.FenceConfig;
import org.jrhcs.log.Severity;

/**
 * fenced(8): the agents and their arguments are read from cluster.conf at the time of
 * fencing. The daemon asks {@link #changed()} before each decision (every tick and view);
 * the copy comes through {@link ConfigFeed} (ccsd when it runs, the file otherwise), which
 * says when it may have changed. A copy that cannot be parsed keeps the previous config
 * (and says why).
 */
final class ConfigWatcher implements AutoCloseable {
    private final ConfigFeed feed;
    private final UnaryOperator<FenceConfig> overrides;
    private volatile boolean maybeChanged;
    private String seenText;

    /**
     * @param loadedText the text the daemon started with
     * @param overrides  applies the command-line options, which win over cluster.conf
     */
    ConfigWatcher(ConfigFeed feed, String loadedText, UnaryOperator<FenceConfig> overrides) {
        this.feed = feed;
        this.seenText = loadedText;
        this.overrides = overrides;
        feed.watch(() -> maybeChanged = true);
    }

    /** The new config when the copy changed since the last call, else null. */
    FenceConfig changed(FencedDaemon.LogSink log) {
        if (!maybeChanged) return null;
        maybeChanged = false;
        ConfigFeed.Snapshot s;
        try {
            s = feed.current(Duration.ZERO);
        } catch (IOException e) {
            log.log(Severity.ERR, "cannot read cluster.conf, keeping the previous fencing config: " + e.getMessage());
            return null;
        }
        if (s.text().equals(seenText)) return null;
        seenText = s.text();
        try {
            return overrides.apply(FenceConfigLoader.load(ConfDocument.parse(s.text(), s.origin())));
        } catch (ConfException e) {
            log.log(Severity.ERR, "cannot reload " + s.origin() + ", keeping the previous fencing config: " + e.getMessage());
            return null;
        }
    }

    @Override public void close() { feed.close(); }
}
