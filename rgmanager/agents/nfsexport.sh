#!/bin/bash
#
# nfsexport: the NFS export point of its parent file system. It makes sure the NFS
# server runs; the nfsclient children below it add and remove the actual exports.
#
. "$(dirname "$0")/ocf-lib.sh"

meta_data() {
	cat <<'EOT'
<?xml version="1.0"?>
<resource-agent version="rgmanager 2.0" name="nfsexport">
    <version>1.0</version>
    <longdesc lang="en">
        An NFS export of the parent file system. Its nfsclient children say
        who may mount it; the path and device come from the parent.
    </longdesc>
    <shortdesc lang="en">NFS export</shortdesc>
    <parameters>
        <parameter name="name" primary="1">
            <longdesc lang="en">Name of this export.</longdesc>
            <shortdesc lang="en">Name</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="device" inherit="device">
            <longdesc lang="en">Device of the exported file system (inherited).</longdesc>
            <shortdesc lang="en">Device</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="path" inherit="mountpoint">
            <longdesc lang="en">Exported path: the parent's mount point (inherited).</longdesc>
            <shortdesc lang="en">Path</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="fsid" inherit="fsid">
            <longdesc lang="en">File system ID (inherited).</longdesc>
            <shortdesc lang="en">File system ID</shortdesc>
            <content type="string"/>
        </parameter>
    </parameters>
    <actions>
        <action name="start" timeout="5"/>
        <action name="stop" timeout="5"/>
        <action name="recover" timeout="5"/>
        <action name="status" timeout="5" interval="1h"/>
        <action name="monitor" timeout="5" interval="1h"/>
        <action name="meta-data" timeout="5"/>
        <action name="validate-all" timeout="30"/>
    </actions>
    <special tag="rgmanager">
        <child type="nfsexport" forbid="1"/>
        <child type="nfsclient"/>
    </special>
</resource-agent>
EOT
}

TAG="nfsexport:$OCF_RESKEY_name"

check() {
	need_program exportfs "$TAG"
	if [ -n "$OCF_RESKEY_path" ] && [ ! -d "$OCF_RESKEY_path" ]; then
		ocf_log err "$TAG: $OCF_RESKEY_path is not a directory"
		return $OCF_ERR_CONFIGURED
	fi
	return 0
}

nfsd_running() { [ -d /proc/fs/nfsd ] && pgrep -x nfsd >/dev/null 2>&1; }

case "$1" in
meta-data) meta_data; exit 0 ;;
validate-all) check; exit $? ;;
start)
	check || exit $?
	if ! nfsd_running; then
		need_program rpc.nfsd "$TAG"
		ocf_log info "$TAG: starting the NFS server"
		rpc.nfsd 8 || { ocf_log err "$TAG: cannot start the NFS server"; exit $OCF_ERR_GENERIC; }
	fi
	exit 0
	;;
stop) exit 0 ;;
status|monitor)
	check || exit $?
	nfsd_running || { ocf_log err "$TAG: the NFS server is not running"; exit $OCF_NOT_RUNNING; }
	exit 0
	;;
restart|recover) "$0" start; exit $? ;;
*) unknown_action "$1" ;;
esac
