package org.jrhcs.rg.daemon;

import java.util.List;
import org.jrhcs.rg.core.state.RgConfig;

/**
 * Where the daemon's configuration comes from: cluster.conf, kept identical on every
 * node by ccsd. A reload is announced through the group so that every member switches
 * at the same place in the order of messages.
 */
public interface ConfigSource {

    /** The config_version on disk now (cheap when unchanged); 0 when unreadable. */
    int diskVersion();

    /**
     * Loads config {@code version} (or newer; waits briefly for ccsd to write it),
     * applies the resource delta to the services in {@code ownedHere} (stops what was
     * removed or changed, starts what was added), and returns the new placement
     * config; null when it cannot (the reason is logged).
     */
    RgConfig switchTo(int version, List<String> ownedHere);

    /** For tests and setups without reloads. */
    ConfigSource NONE = new ConfigSource() {
        public int diskVersion() { return 0; }
        public RgConfig switchTo(int version, List<String> ownedHere) { return null; }
    };
}
