#!/bin/bash
#
# netfs: an NFS (or CIFS) export of another host mounted on a mount point.
#
. "$(dirname "$0")/ocf-lib.sh"
. "$(dirname "$0")/fs-lib.sh"

meta_data() {
	cat <<'EOT'
<?xml version="1.0"?>
<resource-agent version="rgmanager 2.0" name="netfs">
    <version>1.0</version>
    <longdesc lang="en">A network file system (NFS or CIFS) mounted from a server.</longdesc>
    <shortdesc lang="en">Network file system mount</shortdesc>
    <parameters>
        <parameter name="name" primary="1">
            <longdesc lang="en">Name of this mount resource.</longdesc>
            <shortdesc lang="en">Name</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="mountpoint" unique="1" required="1">
            <longdesc lang="en">Where to mount it.</longdesc>
            <shortdesc lang="en">Mount point</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="host" required="1">
            <longdesc lang="en">Server name or address.</longdesc>
            <shortdesc lang="en">Server</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="export" required="1">
            <longdesc lang="en">Exported path (or CIFS share) on the server.</longdesc>
            <shortdesc lang="en">Export</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="fstype">
            <longdesc lang="en">nfs, nfs4 or cifs.</longdesc>
            <shortdesc lang="en">File system type</shortdesc>
            <content type="string" default="nfs"/>
        </parameter>
        <parameter name="no_unmount">
            <longdesc lang="en">Leave the file system mounted when the service stops.</longdesc>
            <shortdesc lang="en">Do not unmount</shortdesc>
            <content type="boolean" default="0"/>
        </parameter>
        <parameter name="force_unmount">
            <longdesc lang="en">Kill the processes using the mount when it will not unmount.</longdesc>
            <shortdesc lang="en">Force unmount</shortdesc>
            <content type="boolean" default="0"/>
        </parameter>
        <parameter name="options">
            <longdesc lang="en">Mount options.</longdesc>
            <shortdesc lang="en">Mount options</shortdesc>
            <content type="string"/>
        </parameter>
    </parameters>
    <actions>
        <action name="start" timeout="900"/>
        <action name="stop" timeout="30"/>
        <action name="status" interval="1m" timeout="10"/>
        <action name="monitor" interval="1m" timeout="10"/>
        <action name="status" depth="10" interval="5m" timeout="30"/>
        <action name="monitor" depth="10" interval="5m" timeout="30"/>
        <action name="meta-data" timeout="5"/>
        <action name="validate-all" timeout="5"/>
    </actions>
    <special tag="rgmanager">
        <child type="nfsexport" forbid="1"/>
        <child type="nfsclient" forbid="1"/>
    </special>
</resource-agent>
EOT
}

OCF_RESKEY_fstype=${OCF_RESKEY_fstype:-nfs}
case "$OCF_RESKEY_fstype" in
cifs) SPEC="//$OCF_RESKEY_host/$OCF_RESKEY_export" ;;
*) SPEC="$OCF_RESKEY_host:$OCF_RESKEY_export" ;;
esac
TAG="netfs:$OCF_RESKEY_name"

need_helper() {
	case "$OCF_RESKEY_fstype" in
	nfs|nfs4) need_program mount.nfs "$TAG" ;;
	cifs) need_program mount.cifs "$TAG" ;;
	*) ocf_log err "$TAG: unsupported fstype $OCF_RESKEY_fstype"; exit $OCF_ERR_CONFIGURED ;;
	esac
}

case "$1" in
meta-data) meta_data; exit 0 ;;
validate-all) need_helper; exit 0 ;;
start) is_mounted && exit 0; need_helper; do_mount; exit $? ;;
stop) is_true "$OCF_RESKEY_no_unmount" && exit 0; do_umount; exit $? ;;
status|monitor) do_status; exit $? ;;
*) unknown_action "$1" ;;
esac
