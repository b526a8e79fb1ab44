package org.jrhcs.rg.daemon;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.ccs.ConfException;
import org.jrhcs.ccs.ConfNode;
import org.jrhcs.ccsd.client.ConfigFeed;
import org.jrhcs.rg.agent.AgentCatalog;
import org.jrhcs.rg.core.ResourceException;
import org.jrhcs.rg.core.ResourceTree;
import org.jrhcs.rg.core.TreeBuilder;
import org.jrhcs.rg.core.state.Effect.Level;
import org.jrhcs.rg.core.state.RgConfig;

/**
 * cluster.conf through {@link ConfigFeed}: ccsd's copy and change events while ccsd runs,
 * the file otherwise. {@link #diskVersion} asks again only after the feed signalled a
 * change; {@link #switchTo} waits up to 5 s for the announced version (ccsd writes every
 * node's copy before its update returns, so this rarely waits).
 */
final class CcsConfigSource implements ConfigSource {
    static final Duration SWITCH_WAIT = Duration.ofSeconds(5);
    private final ConfigFeed feed;
    private final AgentCatalog catalog;
    private final EngineServiceRunner engine;
    private final RgLog log;
    private volatile boolean maybeChanged;
    private int version;

    CcsConfigSource(ConfigFeed feed, int loadedVersion, AgentCatalog catalog, EngineServiceRunner engine, RgLog log) {
        this.feed = feed;
        this.version = loadedVersion;
        this.catalog = catalog;
        this.engine = engine;
        this.log = log;
        feed.watch(() -> maybeChanged = true);
    }

    @Override public synchronized int diskVersion() {
        if (maybeChanged) {
            maybeChanged = false;
            try {
                version = feed.current(Duration.ZERO).version();
            } catch (IOException e) {
                log.log(Level.WARNING, "Cannot read cluster.conf (keeping the running configuration): " + e.getMessage());
            }
        }
        return version;
    }

    @Override public RgConfig switchTo(int wanted, List<String> ownedHere) {
        ConfigFeed.Snapshot s;
        try {
            s = feed.atLeast(wanted, SWITCH_WAIT);
        } catch (IOException e) {
            log.log(Level.ERR, "Configuration version " + wanted + " was announced but " + e.getMessage());
            return null;
        }
        try {
            ConfDocument doc = ConfDocument.parse(s.text(), s.origin());
            RgConfig config = RgConfig.from(doc.cluster());
            ResourceTree tree = TreeBuilder.build(ConfNode.of(doc.dom().getDocumentElement()), catalog.types());
            engine.reload(tree, ownedHere);
            return config;
        } catch (ConfException | ResourceException | IllegalArgumentException e) {
            log.log(Level.ERR, "Cannot load configuration version " + wanted + ": " + e.getMessage());
            return null;
        }
    }
}
