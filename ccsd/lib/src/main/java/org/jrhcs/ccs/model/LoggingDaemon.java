package org.jrhcs.ccs.model;

import jakarta.xml.bind.annotation.*;
import java.util.*;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/** The <code>&lt;logging_daemon&gt;</code> element of cluster.conf. Unset attributes are null; {@link org.jrhcs.ccs.Defaults} supplies RHCS defaults. */
@XmlAccessorType(XmlAccessType.FIELD)
public class LoggingDaemon extends Extensible {
    @XmlAttribute(name = "name") public String name;
    @XmlAttribute(name = "subsys") public String subsys;
    @XmlAttribute(name = "to_syslog") public String toSyslog;
    @XmlAttribute(name = "to_logfile") public String toLogfile;
    @XmlAttribute(name = "syslog_facility") public String syslogFacility;
    @XmlAttribute(name = "syslog_priority") public String syslogPriority;
    @XmlAttribute(name = "logfile_priority") public String logfilePriority;
    @XmlAttribute(name = "logfile") public String logfile;
    @XmlAttribute(name = "debug") public String debug;
}
