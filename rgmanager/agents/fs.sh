#!/bin/bash
#
# fs: a local file system on a block device (or a loop image file) mounted on a mount
# point, with optional fsck before mounting, forced unmount and self-fencing.
#
. "$(dirname "$0")/ocf-lib.sh"
. "$(dirname "$0")/fs-lib.sh"

meta_data() {
	meta_begin fs "File system" \
		"A file system on a block device, label, UUID or image file, mounted" \
		"on a mount point while its service runs."
	meta_param_fs_name
	meta_param_mountpoint
	meta_param device 'unique="1" required="1"' string "" \
		"Block device, LABEL=, UUID= or an image file (mounted through a loop device)." "Device"
	meta_param fstype "" string "" "File system type; mount(8) detects it when empty." "File system type"
	meta_param force_unmount "" boolean "" "Kill the processes using the file system when it will not unmount." "Force unmount"
	meta_param force_fsck "" boolean "" "Check the file system before every mount." "Force fsck"
	meta_param_self_fence ""
	meta_param nfslock 'inherit="nfslock"' boolean "" "NFS lock workarounds (inherited from the parent)." "NFS lock workarounds"
	meta_param_fsid
	meta_param_mount_options
	meta_actions 'start timeout="900"' 'stop timeout="30"' 'status interval="1m" timeout="10"' \
		'status depth="10" interval="30s" timeout="30"' 'status depth="20" interval="1m" timeout="30"' \
		'meta-data timeout="5"' 'validate-all timeout="5"'
	meta_end 'attributes maxinstances="1"' "${FS_CHILDREN[@]}"
}

SPEC=$OCF_RESKEY_device
TAG="fs:$OCF_RESKEY_name"

validate() {
	if [ -z "$OCF_RESKEY_device" ] || [ -z "$OCF_RESKEY_mountpoint" ]; then
		ocf_log err "$TAG: device and mountpoint are required"
		return $OCF_ERR_CONFIGURED
	fi
	case "$OCF_RESKEY_mountpoint" in
	/*) ;;
	*) ocf_log err "$TAG: mount point \"$OCF_RESKEY_mountpoint\" is not an absolute path"; return $OCF_ERR_CONFIGURED ;;
	esac
	local dev
	dev=$(real_device "$OCF_RESKEY_device")
	if [ -z "$dev" ] || { [ ! -b "$dev" ] && [ ! -f "$dev" ]; }; then
		ocf_log err "$TAG: device \"$OCF_RESKEY_device\" does not exist"
		return $OCF_ERR_INSTALLED
	fi
	return 0
}

fsck_first() {
	is_true "$OCF_RESKEY_force_fsck" || return 0
	local dev rv
	dev=$(real_device "$OCF_RESKEY_device")
	ocf_log info "$TAG: running fsck on $dev"
	fsck -p ${OCF_RESKEY_fstype:+-t "$OCF_RESKEY_fstype"} "$dev" >&2
	rv=$?
	# fsck: 0 clean, 1 errors corrected, 2 reboot advised; 4 and above left errors.
	if [ $rv -ge 4 ]; then
		ocf_log err "$TAG: fsck of $dev failed (returned $rv)"
		return $OCF_ERR_GENERIC
	fi
	return 0
}

action_validate_all() { validate; }
action_start() {
	validate || return $?
	mount_unless_mounted fsck_first
}
action_stop() { do_umount; }
action_restart() { do_umount && { validate && do_mount; }; }

run_action "$1"
