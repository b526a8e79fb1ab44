package org.jrhcs.ccs.model;

import jakarta.xml.bind.annotation.*;
import java.util.*;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/** The <code>&lt;quorumd&gt;</code> element of cluster.conf. Unset attributes are null; {@link org.jrhcs.ccs.Defaults} supplies RHCS defaults. */
@XmlAccessorType(XmlAccessType.FIELD)
public class Quorumd extends Extensible {
    @XmlAttribute(name = "interval") public Integer interval;
    @XmlAttribute(name = "tko") public Integer tko;
    @XmlAttribute(name = "tko_up") public Integer tkoUp;
    @XmlAttribute(name = "upgrade_wait") public Integer upgradeWait;
    @XmlAttribute(name = "master_wait") public Integer masterWait;
    @XmlAttribute(name = "votes") public Integer votes;
    @XmlAttribute(name = "min_score") public Integer minScore;
    @XmlAttribute(name = "label") public String label;
    @XmlAttribute(name = "device") public String device;
    @XmlAttribute(name = "master_wins") public Integer masterWins;
    @XmlAttribute(name = "allow_kill") public Integer allowKill;
    @XmlAttribute(name = "reboot") public Integer reboot;
    @XmlAttribute(name = "paranoid") public Integer paranoid;
    @XmlAttribute(name = "io_timeout") public Integer ioTimeout;
    @XmlAttribute(name = "max_error_cycles") public Integer maxErrorCycles;
    @XmlAttribute(name = "stop_cman") public Integer stopCman;
    @XmlAttribute(name = "status_file") public String statusFile;
    @XmlAttribute(name = "scheduler") public String scheduler;
    @XmlAttribute(name = "priority") public Integer priority;
    @XmlAttribute(name = "use_uptime") public Integer useUptime;
    @XmlAttribute(name = "cman_label") public String cmanLabel;
    @XmlElement(name = "heuristic") public List<Heuristic> heuristics = new ArrayList<>();
}
