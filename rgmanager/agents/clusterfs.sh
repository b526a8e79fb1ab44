#!/bin/bash
#
# clusterfs: a cluster file system (GFS/GFS2) mounted by several nodes at once. Many
# services may use one clusterfs; a stop leaves it mounted unless force_unmount is on,
# since other services or nodes still use it.
#
. "$(dirname "$0")/ocf-lib.sh"
. "$(dirname "$0")/fs-lib.sh"

meta_data() {
	meta_begin clusterfs "Cluster file system" "A cluster file system (GFS or GFS2) mount."
	meta_param_fs_name
	meta_param_mountpoint
	meta_param device 'unique="1" required="1"' string "" "Block device, LABEL= or UUID= of the file system." "Device"
	meta_param fstype "" string "" "gfs or gfs2; detected when empty." "File system type"
	meta_param force_unmount "" boolean 0 "Unmount on stop, killing the processes that use it." "Force unmount"
	meta_param_mount_options
	meta_param_self_fence 0
	meta_param_fsid
	meta_param_nfslock_of_service
	meta_actions 'start timeout="900"' 'stop timeout="30"' 'status interval="1m" timeout="10"' \
		'status depth="10" interval="5m" timeout="30"' 'status depth="20" interval="10m" timeout="30"' \
		'meta-data timeout="5"' 'validate-all timeout="5"'
	meta_end "${FS_CHILDREN[@]}"
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

action_validate_all() { check_type; }
action_start() { mount_unless_mounted check_type; }
action_stop() {
	is_true "$OCF_RESKEY_force_unmount" || return $OCF_SUCCESS
	do_umount
}

run_action "$1"
