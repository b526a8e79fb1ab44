package org.jrhcs.ccs.model;

import jakarta.xml.bind.annotation.*;
import java.util.*;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/** The <code>&lt;dlm&gt;</code> element of cluster.conf. Unset attributes are null; {@link org.jrhcs.ccs.Defaults} supplies RHCS defaults. */
@XmlAccessorType(XmlAccessType.FIELD)
public class Dlm extends Extensible {
    @XmlAttribute(name = "protocol") public String protocol;
    @XmlAttribute(name = "timewarn") public Integer timewarn;
    @XmlAttribute(name = "log_debug") public Integer logDebug;
    @XmlAttribute(name = "enable_fencing") public Integer enableFencing;
    @XmlAttribute(name = "enable_quorum") public Integer enableQuorum;
    @XmlAttribute(name = "enable_deadlk") public Integer enableDeadlk;
    @XmlAttribute(name = "enable_plock") public Integer enablePlock;
    @XmlAttribute(name = "plock_ownership") public Integer plockOwnership;
}
