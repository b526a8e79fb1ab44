package org.jrhcs.ccs.model;

import jakarta.xml.bind.annotation.*;
import java.util.*;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/** The <code>&lt;altname&gt;</code> element of cluster.conf. Unset attributes are null; {@link org.jrhcs.ccs.Defaults} supplies RHCS defaults. */
@XmlAccessorType(XmlAccessType.FIELD)
public class AltName extends Extensible {
    @XmlAttribute(name = "name") public String name;
    @XmlAttribute(name = "port") public Integer port;
    @XmlAttribute(name = "mcast") public String mcast;
}
