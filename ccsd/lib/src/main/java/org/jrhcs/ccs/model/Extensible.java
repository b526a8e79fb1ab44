package org.jrhcs.ccs.model;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlTransient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/**
 * Base of every cluster.conf element: attributes and child elements the model does
 * not name are kept here, so a read/write round trip loses nothing.
 */
@XmlTransient
@XmlAccessorType(XmlAccessType.FIELD)
public abstract class Extensible {
    @XmlAnyAttribute public Map<QName, String> otherAttributes = new LinkedHashMap<>();
    @XmlAnyElement public List<Element> otherElements = new ArrayList<>();

    /** An attribute the model does not name, or null. */
    public String other(String name) { return otherAttributes.get(new QName(name)); }
}
