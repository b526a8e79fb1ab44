#!/bin/bash
#
# service: the top of a resource tree (a cluster service). It owns no resource of its
# own; its parameters are read by the service manager, and its metadata says in which
# order the typed children start and stop.
#
. "$(dirname "$0")/ocf-lib.sh"

meta_data() {
	cat <<'EOT'
<?xml version="1.0"?>
<resource-agent version="rgmanager 2.0" name="service">
    <version>1.0</version>
    <longdesc lang="en">
        A cluster service: a group of resources that start, stop and
        fail over together.
    </longdesc>
    <shortdesc lang="en">Cluster service (resource group)</shortdesc>
    <parameters>
        <parameter name="name" unique="1" required="1" primary="1">
            <longdesc lang="en">Name of the service.</longdesc>
            <shortdesc lang="en">Name</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="domain" reconfig="1">
            <longdesc lang="en">Failover domain: the members the service prefers or is limited to.</longdesc>
            <shortdesc lang="en">Failover domain</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="autostart" reconfig="1">
            <longdesc lang="en">Start the service when the cluster becomes quorate; otherwise it stays disabled.</longdesc>
            <shortdesc lang="en">Start automatically</shortdesc>
            <content type="boolean"/>
        </parameter>
        <parameter name="hardrecovery" reconfig="1">
            <longdesc lang="en">Reboot the node when the service fails to stop cleanly.</longdesc>
            <shortdesc lang="en">Reboot if stop fails</shortdesc>
            <content type="boolean"/>
        </parameter>
        <parameter name="exclusive" reconfig="1">
            <longdesc lang="en">Run only on a member that runs no other service.</longdesc>
            <shortdesc lang="en">Exclusive service</shortdesc>
            <content type="boolean"/>
        </parameter>
        <parameter name="nfslock">
            <longdesc lang="en">NFS lock failover workarounds for the file systems of this service.</longdesc>
            <shortdesc lang="en">NFS lock workarounds</shortdesc>
            <content type="boolean"/>
        </parameter>
        <parameter name="recovery" reconfig="1">
            <longdesc lang="en">What a failure does: restart (in place first), relocate, or disable.</longdesc>
            <shortdesc lang="en">Recovery policy</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="depend">
            <longdesc lang="en">Top-level service this one needs, as service:name.</longdesc>
            <shortdesc lang="en">Service dependency</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="depend_mode">
            <longdesc lang="en">hard: stop when the dependency stops; soft: need it only to start.</longdesc>
            <shortdesc lang="en">Dependency mode</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="max_restarts">
            <longdesc lang="en">Restarts in place allowed within restart_expire_time before relocating.</longdesc>
            <shortdesc lang="en">Maximum restarts</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="restart_expire_time">
            <longdesc lang="en">Seconds after which a restart is forgotten.</longdesc>
            <shortdesc lang="en">Restart expiry</shortdesc>
            <content type="string"/>
        </parameter>
    </parameters>
    <actions>
        <action name="start" timeout="5"/>
        <action name="stop" timeout="5"/>
        <action name="status" timeout="5" interval="1h"/>
        <action name="monitor" timeout="5" interval="1h"/>
        <action name="reconfig" timeout="5"/>
        <action name="recover" timeout="5"/>
        <action name="reload" timeout="5"/>
        <action name="meta-data" timeout="5"/>
        <action name="validate-all" timeout="5"/>
    </actions>
    <special tag="rgmanager">
        <attributes maxinstances="1"/>
        <child type="lvm" start="1" stop="9"/>
        <child type="fs" start="2" stop="8"/>
        <child type="clusterfs" start="3" stop="7"/>
        <child type="netfs" start="4" stop="6"/>
        <child type="nfsexport" start="5" stop="5"/>
        <child type="nfsclient" start="6" stop="4"/>
        <child type="ip" start="7" stop="2"/>
        <child type="smb" start="8" stop="3"/>
        <child type="script" start="9" stop="1"/>
    </special>
</resource-agent>
EOT
}

case "$1" in
meta-data) meta_data; exit 0 ;;
start|stop|status|monitor|recover|restart|reload|reconfig|validate-all) exit $OCF_SUCCESS ;;
*) unknown_action "$1" ;;
esac
