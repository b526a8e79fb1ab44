package org.jrhcs.ccs.model;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;

/** {@code <rm><events>}: central-processing event scripts, kept generically. */
@XmlAccessorType(XmlAccessType.FIELD)
public class Events extends Extensible {
}
