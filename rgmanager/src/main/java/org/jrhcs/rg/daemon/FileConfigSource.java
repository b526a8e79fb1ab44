package org.jrhcs.rg.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.ccs.ConfException;
import org.jrhcs.ccs.ConfNode;
import org.jrhcs.rg.agent.AgentCatalog;
import org.jrhcs.rg.core.ResourceException;
import org.jrhcs.rg.core.ResourceTree;
import org.jrhcs.rg.core.TreeBuilder;
import org.jrhcs.rg.core.state.Effect.Level;
import org.jrhcs.rg.core.state.RgConfig;

/**
 * cluster.conf as ccsd keeps it: {@link #diskVersion} re-reads the file only when its
 * time or size changed; {@link #switchTo} waits up to 5 s for the announced version
 * (ccsd writes every node's copy before its update returns, so this rarely waits).
 */
final class FileConfigSource implements ConfigSource {
    private final Path file;
    private final AgentCatalog catalog;
    private final EngineServiceRunner engine;
    private final RgLog log;
    private FileTime seen;
    private long seenSize = -1;
    private int version;

    FileConfigSource(Path file, int loadedVersion, AgentCatalog catalog, EngineServiceRunner engine, RgLog log) {
        this.file = file;
        this.version = loadedVersion;
        this.catalog = catalog;
        this.engine = engine;
        this.log = log;
        changed();
    }

    private boolean changed() {
        try {
            FileTime t = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            boolean c = !t.equals(seen) || size != seenSize;
            seen = t;
            seenSize = size;
            return c;
        } catch (IOException e) {
            return false;
        }
    }

    @Override public synchronized int diskVersion() {
        if (changed()) {
            try {
                Integer v = ConfDocument.load(file).cluster().configVersion;
                version = v == null ? 0 : v;
            } catch (ConfException e) {
                log.log(Level.WARNING, "Cannot read " + file + " (keeping the running configuration): " + e.getMessage());
            }
        }
        return version;
    }

    @Override public RgConfig switchTo(int wanted, List<String> ownedHere) {
        long deadline = System.currentTimeMillis() + 5000;
        while (true) {
            try {
                ConfDocument doc = ConfDocument.load(file);
                Integer v = doc.cluster().configVersion;
                if (v != null && v >= wanted) {
                    RgConfig config = RgConfig.from(doc.cluster());
                    ResourceTree tree = TreeBuilder.build(ConfNode.of(doc.dom().getDocumentElement()), catalog.types());
                    engine.reload(tree, ownedHere);
                    return config;
                }
            } catch (ConfException | ResourceException | IllegalArgumentException e) {
                log.log(Level.ERR, "Cannot load configuration version " + wanted + ": " + e.getMessage());
                return null;
            }
            if (System.currentTimeMillis() > deadline) {
                log.log(Level.ERR, "Configuration version " + wanted + " was announced but " + file + " does not have it");
                return null;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }
}
