package org.jrhcs.ccs.model;

import jakarta.xml.bind.annotation.*;
import java.util.*;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/** The <code>&lt;interface&gt;</code> element of cluster.conf. Unset attributes are null; {@link org.jrhcs.ccs.Defaults} supplies RHCS defaults. */
@XmlAccessorType(XmlAccessType.FIELD)
public class TotemInterface extends Extensible {
    @XmlAttribute(name = "ringnumber") public Integer ringnumber;
    @XmlAttribute(name = "bindnetaddr") public String bindnetaddr;
    @XmlAttribute(name = "mcastaddr") public String mcastaddr;
    @XmlAttribute(name = "mcastport") public Integer mcastport;
    @XmlAttribute(name = "ttl") public Integer ttl;
}
