package org.jrhcs.ccs.model;

import jakarta.xml.bind.annotation.*;
import java.util.*;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/** The <code>&lt;totem&gt;</code> element of cluster.conf. Unset attributes are null; {@link org.jrhcs.ccs.Defaults} supplies RHCS defaults. */
@XmlAccessorType(XmlAccessType.FIELD)
public class Totem extends Extensible {
    @XmlAttribute(name = "token") public Integer token;
    @XmlAttribute(name = "join") public Integer join;
    @XmlAttribute(name = "consensus") public Integer consensus;
    @XmlAttribute(name = "token_retransmits_before_loss_const") public Integer tokenRetransmitsBeforeLossConst;
    @XmlAttribute(name = "fail_recv_const") public Integer failRecvConst;
    @XmlAttribute(name = "secauth") public String secauth;
    @XmlAttribute(name = "keyfile") public String keyfile;
    @XmlAttribute(name = "rrp_mode") public String rrpMode;
    @XmlAttribute(name = "window_size") public Integer windowSize;
    @XmlAttribute(name = "max_messages") public Integer maxMessages;
    @XmlAttribute(name = "miss_count_const") public Integer missCountConst;
    @XmlElement(name = "interface") public List<TotemInterface> interfaces = new ArrayList<>();
}
