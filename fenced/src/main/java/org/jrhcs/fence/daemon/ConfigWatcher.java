package org.jrhcs.fence.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.function.UnaryOperator;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.ccs.ConfException;
import org.jrhcs.fence.agent.FenceConfigLoader;
import org.jrhcs.fence.core.FenceConfig;

/**
 * fenced(8): the agents and their arguments are read from cluster.conf at the time of
 * fencing. The daemon asks {@link #changed()} before each decision; a file that cannot be
 * read or parsed keeps the previous config (and says why once).
 */
final class ConfigWatcher {
    private final Path file;
    private final UnaryOperator<FenceConfig> overrides;
    private FileTime seen;
    private long seenSize;

    /** @param overrides applies the command-line options, which win over cluster.conf */
    ConfigWatcher(Path file, UnaryOperator<FenceConfig> overrides) {
        this.file = file;
        this.overrides = overrides;
        stamp();
    }

    /** The new config when the file changed since the last call, else null. */
    FenceConfig changed(FencedDaemon.LogSink log) {
        FileTime before = seen;
        long sizeBefore = seenSize;
        stamp();
        if (seen == null || (seen.equals(before) && seenSize == sizeBefore)) return null;
        try {
            return overrides.apply(FenceConfigLoader.load(ConfDocument.load(file)));
        } catch (ConfException e) {
            log.log(org.jrhcs.log.Severity.ERR, "cannot reload " + file + ", keeping the previous fencing config: " + e.getMessage());
            return null;
        }
    }

    private void stamp() {
        try {
            seen = Files.getLastModifiedTime(file);
            seenSize = Files.size(file);
        } catch (IOException e) {
            seen = null;
        }
    }
}
