package org.jrhcs.ccs.model;

import jakarta.xml.bind.annotation.*;
import java.util.*;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/** The <code>&lt;fence&gt;</code> element of cluster.conf. Unset attributes are null; {@link org.jrhcs.ccs.Defaults} supplies RHCS defaults. */
@XmlAccessorType(XmlAccessType.FIELD)
public class Fence extends Extensible {
    @XmlElement(name = "method") public List<FenceMethod> methods = new ArrayList<>();
}
