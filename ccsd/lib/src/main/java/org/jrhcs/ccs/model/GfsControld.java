package org.jrhcs.ccs.model;

import jakarta.xml.bind.annotation.*;
import java.util.*;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/** The <code>&lt;gfs_controld&gt;</code> element of cluster.conf. Unset attributes are null; {@link org.jrhcs.ccs.Defaults} supplies RHCS defaults. */
@XmlAccessorType(XmlAccessType.FIELD)
public class GfsControld extends Extensible {
    @XmlAttribute(name = "enable_withdraw") public Integer enableWithdraw;
    @XmlAttribute(name = "plock_rate_limit") public Integer plockRateLimit;
    @XmlAttribute(name = "plock_ownership") public Integer plockOwnership;
}
