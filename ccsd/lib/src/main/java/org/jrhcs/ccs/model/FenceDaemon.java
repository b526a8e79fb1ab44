package org.jrhcs.ccs.model;

import jakarta.xml.bind.annotation.*;
import java.util.*;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/** The <code>&lt;fence_daemon&gt;</code> element of cluster.conf. Unset attributes are null; {@link org.jrhcs.ccs.Defaults} supplies RHCS defaults. */
@XmlAccessorType(XmlAccessType.FIELD)
public class FenceDaemon extends Extensible {
    @XmlAttribute(name = "post_join_delay") public Integer postJoinDelay;
    @XmlAttribute(name = "post_fail_delay") public Integer postFailDelay;
    @XmlAttribute(name = "clean_start") public Integer cleanStart;
    @XmlAttribute(name = "override_path") public String overridePath;
    @XmlAttribute(name = "override_time") public Integer overrideTime;
    @XmlAttribute(name = "skip_undefined") public Integer skipUndefined;
}
