package org.jrhcs.ccs.model;

import jakarta.xml.bind.annotation.*;
import java.util.*;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/** The <code>&lt;cman&gt;</code> element of cluster.conf. Unset attributes are null; {@link org.jrhcs.ccs.Defaults} supplies RHCS defaults. */
@XmlAccessorType(XmlAccessType.FIELD)
public class Cman extends Extensible {
    @XmlAttribute(name = "two_node") public Integer twoNode;
    @XmlAttribute(name = "expected_votes") public Integer expectedVotes;
    @XmlAttribute(name = "quorum_dev_poll") public Integer quorumDevPoll;
    @XmlAttribute(name = "shutdown_timeout") public Integer shutdownTimeout;
    @XmlAttribute(name = "port") public Integer port;
    @XmlAttribute(name = "cluster_id") public Integer clusterId;
    @XmlAttribute(name = "keyfile") public String keyfile;
    @XmlAttribute(name = "transport") public String transport;
    @XmlAttribute(name = "broadcast") public String broadcast;
    @XmlAttribute(name = "upgrading") public String upgrading;
    @XmlAttribute(name = "disallowed") public Integer disallowed;
    @XmlAttribute(name = "wait_for_all") public Integer waitForAll;
    @XmlAttribute(name = "last_man_standing") public Integer lastManStanding;
    @XmlAttribute(name = "last_man_standing_window") public Integer lastManStandingWindow;
    @XmlElement(name = "multicast") public Multicast multicast;
}
