package org.jrhcs.ccs.model;

import jakarta.xml.bind.annotation.*;
import java.util.*;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/** The <code>&lt;failoverdomain&gt;</code> element of cluster.conf. Unset attributes are null; {@link org.jrhcs.ccs.Defaults} supplies RHCS defaults. */
@XmlAccessorType(XmlAccessType.FIELD)
public class FailoverDomain extends Extensible {
    @XmlAttribute(name = "name") public String name;
    @XmlAttribute(name = "ordered") public Integer ordered;
    @XmlAttribute(name = "restricted") public Integer restricted;
    @XmlAttribute(name = "nofailback") public Integer nofailback;
    @XmlElement(name = "failoverdomainnode") public List<FailoverDomainNode> nodes = new ArrayList<>();
}
