#!/bin/bash
#
# netfs: an NFS (or CIFS) export of another host mounted on a mount point.
#
. "$(dirname "$0")/ocf-lib.sh"
. "$(dirname "$0")/fs-lib.sh"

meta_data() {
	meta_begin netfs "Network file system mount" "A network file system (NFS or CIFS) mounted from a server."
	meta_param name 'primary="1"' string "" "Name of this mount resource." "Name"
	meta_param_mountpoint
	meta_param host 'required="1"' string "" "Server name or address." "Server"
	meta_param export 'required="1"' string "" "Exported path (or CIFS share) on the server." "Export"
	meta_param fstype "" string nfs "nfs, nfs4 or cifs." "File system type"
	meta_param no_unmount "" boolean 0 "Leave the file system mounted when the service stops." "Do not unmount"
	meta_param force_unmount "" boolean 0 "Kill the processes using the mount when it will not unmount." "Force unmount"
	meta_param_mount_options
	meta_actions 'start timeout="900"' 'stop timeout="30"' 'status interval="1m" timeout="10"' \
		'status depth="10" interval="5m" timeout="30"' 'meta-data timeout="5"' 'validate-all timeout="5"'
	meta_end 'child type="nfsexport" forbid="1"' 'child type="nfsclient" forbid="1"'
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

action_validate_all() { need_helper; }
action_start() { mount_unless_mounted need_helper; }
action_stop() {
	is_true "$OCF_RESKEY_no_unmount" && return $OCF_SUCCESS
	do_umount
}

run_action "$1"
