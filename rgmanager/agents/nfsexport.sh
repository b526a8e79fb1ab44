#!/bin/bash
#
# nfsexport: the NFS export point of its parent file system. It makes sure the NFS
# server runs; the nfsclient children below it add and remove the actual exports.
#
. "$(dirname "$0")/ocf-lib.sh"

meta_data() {
	meta_begin nfsexport "NFS export" \
		"An NFS export of the parent file system. Its nfsclient children say" \
		"who may mount it; the path and device come from the parent."
	meta_param name 'primary="1"' string "" "Name of this export." "Name"
	meta_param device 'inherit="device"' string "" "Device of the exported file system (inherited)." "Device"
	meta_param path 'inherit="mountpoint"' string "" "Exported path: the parent's mount point (inherited)." "Path"
	meta_param fsid 'inherit="fsid"' string "" "File system ID (inherited)." "File system ID"
	meta_actions 'start timeout="5"' 'stop timeout="5"' 'recover timeout="5"' 'status timeout="5" interval="1h"' \
		'meta-data timeout="5"' 'validate-all timeout="30"'
	meta_end 'child type="nfsexport" forbid="1"' 'child type="nfsclient"'
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

action_validate_all() { check; }
action_start() {
	check || return $?
	if ! nfsd_running; then
		need_program rpc.nfsd "$TAG"
		ocf_log info "$TAG: starting the NFS server"
		rpc.nfsd 8 || { ocf_log err "$TAG: cannot start the NFS server"; return $OCF_ERR_GENERIC; }
	fi
	return $OCF_SUCCESS
}
# The NFS server serves other exports too; it keeps running.
action_stop() { return $OCF_SUCCESS; }
action_status() {
	check || return $?
	nfsd_running || { ocf_log err "$TAG: the NFS server is not running"; return $OCF_NOT_RUNNING; }
	return $OCF_SUCCESS
}
action_restart() { "$0" start; }
action_recover() { action_restart; }

run_action "$1"
