package org.jrhcs.ccs.model;

import jakarta.xml.bind.annotation.*;
import java.util.*;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/** The <code>&lt;heuristic&gt;</code> element of cluster.conf. Unset attributes are null; {@link org.jrhcs.ccs.Defaults} supplies RHCS defaults. */
@XmlAccessorType(XmlAccessType.FIELD)
public class Heuristic extends Extensible {
    @XmlAttribute(name = "program") public String program;
    @XmlAttribute(name = "score") public Integer score;
    @XmlAttribute(name = "interval") public Integer interval;
    @XmlAttribute(name = "tko") public Integer tko;
}
