package org.jrhcs.rg.daemon;

import org.jrhcs.rg.core.state.Effect;

/** Where the daemon's lines go: ClusterLog ("clurgmgrd") in production, a list in tests. */
public interface RgLog {
    void log(Effect.Level level, String text);

    static RgLog of(org.jrhcs.log.ClusterLog log) {
        return (level, text) -> log.log(switch (level) {
            case ERR -> org.jrhcs.log.Severity.ERR;
            case WARNING -> org.jrhcs.log.Severity.WARNING;
            case NOTICE -> org.jrhcs.log.Severity.NOTICE;
            case INFO -> org.jrhcs.log.Severity.INFO;
            case DEBUG -> org.jrhcs.log.Severity.DEBUG;
        }, text);
    }
}
