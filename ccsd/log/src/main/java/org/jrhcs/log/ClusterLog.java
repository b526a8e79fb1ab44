package org.jrhcs.log;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Objects;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;
import org.jrhcs.ccs.model.Logging;
import org.jrhcs.ccs.model.LoggingDaemon;
import org.jrhcs.client.ClusterRoot;

/**
 * The one logging setup of every daemon. A daemon logs through this class; lines reach
 * {@code var/log/cluster/<daemon>.log} and the node's combined {@code var/log/messages}
 * (both under the cluster root) in the syslog shape of {@link SyslogLine}, formatted
 * here so every daemon writes the same shape. Log4j does the file handling (append,
 * flush per line, reopen after rotation by copy-truncate).
 *
 * <p>{@code <logging>} and {@code <logging_daemon name=...>} in cluster.conf decide
 * the thresholds: {@code logfile_priority} (default info; debug="on" lowers it to
 * debug) for the daemon's own file, {@code syslog_priority} (default info) for
 * messages, and {@code to_logfile}/{@code to_syslog} switch either off.
 */
public final class ClusterLog {
    private final String daemon;
    private final String host;
    private final long pid;
    private final boolean showLevel;
    private final Clock clock;
    private volatile Severity fileThreshold = Severity.INFO;
    private volatile Severity syslogThreshold = Severity.INFO;
    private volatile boolean toFile = true;
    private volatile boolean toSyslog = true;
    private final Logger fileLogger;
    private final Logger syslogLogger;

    private ClusterLog(String daemon, String host, boolean showLevel, Clock clock, Logger file, Logger syslog) {
        this.daemon = daemon;
        this.host = host;
        this.pid = ProcessHandle.current().pid();
        this.showLevel = showLevel;
        this.clock = clock;
        this.fileLogger = file;
        this.syslogLogger = syslog;
    }

    /**
     * @param daemon    the name in the line ("clurgmgrd", "qdiskd", "fenced", ...)
     * @param host      the node's name as the seeds show it (the cluster node name)
     * @param showLevel false for daemons whose RHCS lines carry no {@code <level>} (fenced)
     */
    public static ClusterLog open(ClusterRoot root, String daemon, String host, boolean showLevel) throws IOException {
        Path own = root.logDir().resolve(daemon + ".log");
        Path messages = root.messagesLog();
        java.nio.file.Files.createDirectories(own.getParent());
        java.nio.file.Files.createDirectories(messages.getParent());
        ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
        b.setConfigurationName("cluster-" + daemon);
        b.setStatusLevel(Level.ERROR);
        b.add(b.newAppender("own", "File").addAttribute("fileName", own.toString())
                .addAttribute("append", true).addAttribute("immediateFlush", true)
                .add(b.newLayout("PatternLayout").addAttribute("pattern", "%m%n")));
        b.add(b.newAppender("messages", "File").addAttribute("fileName", messages.toString())
                .addAttribute("append", true).addAttribute("immediateFlush", true)
                .add(b.newLayout("PatternLayout").addAttribute("pattern", "%m%n")));
        b.add(b.newLogger("cluster.own", Level.ALL).add(b.newAppenderRef("own")).addAttribute("additivity", false));
        b.add(b.newLogger("cluster.messages", Level.ALL).add(b.newAppenderRef("messages")).addAttribute("additivity", false));
        b.add(b.newRootLogger(Level.OFF));
        Configurator.reconfigure(b.build());
        return new ClusterLog(daemon, host, showLevel, Clock.systemDefaultZone(),
                LogManager.getLogger("cluster.own"), LogManager.getLogger("cluster.messages"));
    }

    /** Applies {@code <logging>} (and this daemon's {@code <logging_daemon>}); null keeps the defaults. */
    public void configure(Logging conf) {
        Severity file = Severity.INFO, sys = Severity.INFO;
        boolean f = true, s = true;
        if (conf != null) {
            f = !"no".equalsIgnoreCase(conf.toLogfile);
            s = !"no".equalsIgnoreCase(conf.toSyslog);
            if (conf.logfilePriority != null) file = Severity.parse(conf.logfilePriority);
            if (conf.syslogPriority != null) sys = Severity.parse(conf.syslogPriority);
            if ("on".equalsIgnoreCase(conf.debug)) file = Severity.DEBUG;
            for (LoggingDaemon d : conf.daemons) {
                if (!Objects.equals(d.name, daemon) || d.subsys != null) continue;
                if (d.toLogfile != null) f = !"no".equalsIgnoreCase(d.toLogfile);
                if (d.toSyslog != null) s = !"no".equalsIgnoreCase(d.toSyslog);
                if (d.logfilePriority != null) file = Severity.parse(d.logfilePriority);
                if (d.syslogPriority != null) sys = Severity.parse(d.syslogPriority);
                if ("on".equalsIgnoreCase(d.debug)) file = Severity.DEBUG;
            }
        }
        fileThreshold = file;
        syslogThreshold = sys;
        toFile = f;
        toSyslog = s;
    }

    public void log(Severity severity, String message) {
        boolean own = toFile && severity.atLeast(fileThreshold);
        boolean sys = toSyslog && severity.atLeast(syslogThreshold);
        if (!own && !sys) return;
        String line = SyslogLine.format(ZonedDateTime.now(clock), host, daemon, pid,
                showLevel ? severity.text() : null, message);
        if (own) fileLogger.info(line);
        if (sys) syslogLogger.info(line);
    }

    public void crit(String m) { log(Severity.CRIT, m); }
    public void err(String m) { log(Severity.ERR, m); }
    public void warning(String m) { log(Severity.WARNING, m); }
    public void notice(String m) { log(Severity.NOTICE, m); }
    public void info(String m) { log(Severity.INFO, m); }
    public void debug(String m) { log(Severity.DEBUG, m); }

    public String daemon() { return daemon; }

    /** Flushes and closes the files (at daemon exit). */
    public static void shutdown() {
        LogManager.shutdown();
    }
}
