package org.jrhcs.ccs.model;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlElementWrapper;
import jakarta.xml.bind.annotation.XmlRootElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The root {@code <cluster>} element of cluster.conf (RHCS 3 schema). */
@XmlRootElement(name = "cluster")
@XmlAccessorType(XmlAccessType.FIELD)
public class Cluster extends Extensible {
    @XmlAttribute(name = "name") public String name;
    @XmlAttribute(name = "alias") public String alias;
    @XmlAttribute(name = "config_version") public Integer configVersion;

    @XmlElement(name = "cman") public Cman cman;
    @XmlElement(name = "totem") public Totem totem;
    @XmlElement(name = "quorumd") public Quorumd quorumd;
    @XmlElement(name = "fence_daemon") public FenceDaemon fenceDaemon;
    @XmlElement(name = "logging") public Logging logging;
    @XmlElement(name = "dlm") public Dlm dlm;
    @XmlElement(name = "gfs_controld") public GfsControld gfsControld;

    @XmlElementWrapper(name = "clusternodes") @XmlElement(name = "clusternode")
    public List<ClusterNode> clusterNodes;

    @XmlElementWrapper(name = "fencedevices") @XmlElement(name = "fencedevice")
    public List<FenceDevice> fenceDevices;

    @XmlElement(name = "rm") public Rm rm;

    public List<ClusterNode> nodes() { return clusterNodes == null ? List.of() : clusterNodes; }

    public List<FenceDevice> devices() { return fenceDevices == null ? List.of() : fenceDevices; }

    public Optional<ClusterNode> node(String nodeName) {
        return nodes().stream().filter(n -> nodeName.equals(n.name)).findFirst();
    }

    public Optional<ClusterNode> node(int nodeId) {
        return nodes().stream().filter(n -> n.nodeid != null && n.nodeid == nodeId).findFirst();
    }

    public Optional<FenceDevice> fenceDevice(String deviceName) {
        return devices().stream().filter(d -> deviceName.equals(d.name)).findFirst();
    }

    public List<FailoverDomain> failoverDomains() {
        return rm == null || rm.failoverDomains == null ? new ArrayList<>() : rm.failoverDomains;
    }
}
