package org.jrhcs.ccs.model;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;

/**
 * {@code <rm><resources>}: resource definitions of any agent type, nested to any depth.
 * They are kept generically in {@link #otherElements}; read them as trees with
 * {@link org.jrhcs.ccs.ConfNode}.
 */
@XmlAccessorType(XmlAccessType.FIELD)
public class Resources extends Extensible {
}
