#!/bin/bash
#
# clusterfs: a cluster file system (GFS/GFS2) mounted by several nodes at once. Many
# services may use one clusterfs; a stop leaves it mounted unless force_unmount is on,
# since other services or nodes still use it.
#
. "$(dirname "$0")/ocf-lib.sh"
. "$(dirname "$0")/fs-lib.sh"

meta_data() {
	cat <<'EOT'
<?xml version="1.0"?>
<resource-agent version="rgmanager 2.0" name="clusterfs">
    <version>1.0</version>
    <longdesc lang="en">A cluster file system (GFS or GFS2) mount.</longdesc>
    <shortdesc lang="en">Cluster file system</shortdesc>
    <parameters>
        <parameter name="name" primary="1">
            <longdesc lang="en">Name of this file system resource.</longdesc>
            <shortdesc lang="en">Name</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="mountpoint" unique="1" required="1">
            <longdesc lang="en">Where to mount it.</longdesc>
            <shortdesc lang="en">Mount point</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="device" unique="1" required="1">
            <longdesc lang="en">Block device, LABEL= or UUID= of the file system.</longdesc>
            <shortdesc lang="en">Device</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="fstype">
            <longdesc lang="en">gfs or gfs2; detected when empty.</longdesc>
            <shortdesc lang="en">File system type</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="force_unmount">
            <longdesc lang="en">Unmount on stop, killing the processes that use it.</longdesc>
            <shortdesc lang="en">Force unmount</shortdesc>
            <content type="boolean" default="0"/>
        </parameter>
        <parameter name="options">
            <longdesc lang="en">Mount options.</longdesc>
            <shortdesc lang="en">Mount options</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="self_fence">
            <longdesc lang="en">Reboot this node when the file system cannot be unmounted.</longdesc>
            <shortdesc lang="en">Self-fence on unmount failure</shortdesc>
            <content type="boolean" default="0"/>
        </parameter>
        <parameter name="fsid">
            <longdesc lang="en">File system ID for NFS exports of this file system.</longdesc>
            <shortdesc lang="en">NFS file system ID</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="nfslock" inherit="service%nfslock">
            <longdesc lang="en">NFS lock workarounds of the service (inherited).</longdesc>
            <shortdesc lang="en">NFS lock workarounds</shortdesc>
            <content type="boolean"/>
        </parameter>
    </parameters>
    <actions>
        <action name="start" timeout="900"/>
        <action name="stop" timeout="30"/>
        <action name="status" interval="1m" timeout="10"/>
        <action name="monitor" interval="1m" timeout="10"/>
        <action name="status" depth="10" interval="5m" timeout="30"/>
        <action name="monitor" depth="10" interval="5m" timeout="30"/>
        <action name="status" depth="20" interval="10m" timeout="30"/>
        <action name="monitor" depth="20" interval="10m" timeout="30"/>
        <action name="meta-data" timeout="5"/>
        <action name="validate-all" timeout="5"/>
    </actions>
    <special tag="rgmanager">
        <child type="fs" start="1" stop="3"/>
        <child type="clusterfs" start="1" stop="3"/>
        <child type="nfsexport" start="3" stop="1"/>
    </special>
</resource-agent>
EOT
}

SPEC=$OCF_RESKEY_device
TAG="clusterfs:$OCF_RESKEY_name"

check_type() {
	case "$OCF_RESKEY_fstype" in
	""|gfs|gfs2) ;;
	*) ocf_log err "$TAG: file system type $OCF_RESKEY_fstype is not a cluster file system"; return $OCF_ERR_CONFIGURED ;;
	esac
	if ! fs_supported "${OCF_RESKEY_fstype:-gfs2}"; then
		ocf_log err "$TAG: this kernel has no ${OCF_RESKEY_fstype:-gfs2} support"
		return $OCF_ERR_INSTALLED
	fi
	return 0
}

case "$1" in
meta-data) meta_data; exit 0 ;;
validate-all) check_type; exit $? ;;
start) is_mounted && exit 0; check_type || exit $?; do_mount; exit $? ;;
stop)
	is_true "$OCF_RESKEY_force_unmount" || exit 0
	do_umount; exit $?
	;;
status|monitor) do_status; exit $? ;;
*) unknown_action "$1" ;;
esac
