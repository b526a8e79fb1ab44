package org.jrhcs.ccs.model;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;

/**
 * A top-level {@code <service>} or {@code <vm>} under {@code <rm>}. The attributes
 * placement needs are named here; its resource children (any agent type) are kept in
 * {@link #otherElements} and read as trees with {@link org.jrhcs.ccs.ConfNode}.
 */
@XmlAccessorType(XmlAccessType.FIELD)
public class ServiceElement extends Extensible {
    @XmlAttribute(name = "name") public String name;
    @XmlAttribute(name = "ref") public String ref;
    @XmlAttribute(name = "domain") public String domain;
    @XmlAttribute(name = "autostart") public String autostart;
    @XmlAttribute(name = "exclusive") public String exclusive;
    @XmlAttribute(name = "recovery") public String recovery;
    @XmlAttribute(name = "max_restarts") public Integer maxRestarts;
    @XmlAttribute(name = "restart_expire_time") public Integer restartExpireTime;
    @XmlAttribute(name = "depend") public String depend;
    @XmlAttribute(name = "depend_mode") public String dependMode;
}
