package org.jrhcs.ccs.model;

import jakarta.xml.bind.annotation.*;
import java.util.*;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/** The <code>&lt;rm&gt;</code> element of cluster.conf. Unset attributes are null; {@link org.jrhcs.ccs.Defaults} supplies RHCS defaults. */
@XmlAccessorType(XmlAccessType.FIELD)
public class Rm extends Extensible {
    @XmlAttribute(name = "log_level") public Integer logLevel;
    @XmlAttribute(name = "log_facility") public String logFacility;
    @XmlAttribute(name = "central_processing") public Integer centralProcessing;
    @XmlAttribute(name = "status_poll_interval") public Integer statusPollInterval;
    @XmlAttribute(name = "status_child_max") public Integer statusChildMax;
    @XmlAttribute(name = "transition_throttling") public Integer transitionThrottling;
    @XmlAttribute(name = "statistics") public Integer statistics;
    @XmlElementWrapper(name = "failoverdomains") @XmlElement(name = "failoverdomain") public List<FailoverDomain> failoverDomains;
    @XmlElement(name = "resources") public Resources resources;
    @XmlElement(name = "service") public List<ServiceElement> services = new ArrayList<>();
    @XmlElement(name = "vm") public List<ServiceElement> vms = new ArrayList<>();
    @XmlElement(name = "events") public Events events;
}
