package org.jrhcs.ccs.model;

import jakarta.xml.bind.annotation.*;
import java.util.*;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/** The <code>&lt;clusternode&gt;</code> element of cluster.conf. Unset attributes are null; {@link org.jrhcs.ccs.Defaults} supplies RHCS defaults. */
@XmlAccessorType(XmlAccessType.FIELD)
public class ClusterNode extends Extensible {
    @XmlAttribute(name = "name") public String name;
    @XmlAttribute(name = "nodeid") public Integer nodeid;
    @XmlAttribute(name = "votes") public Integer votes;
    @XmlAttribute(name = "weight") public Integer weight;
    @XmlElement(name = "altname") public List<AltName> altnames = new ArrayList<>();
    @XmlElement(name = "fence") public Fence fence;
    @XmlElement(name = "unfence") public Unfence unfence;
}
