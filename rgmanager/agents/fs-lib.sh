# Mount handling shared by fs.sh, clusterfs.sh and netfs.sh (sourced, not run).
# Expects OCF_RESKEY_mountpoint, OCF_RESKEY_fstype, OCF_RESKEY_options and the
# variable SPEC (what mount(8) gets as the source).

# Parameters the file system agents declare alike.
meta_param_fs_name() {
	meta_param name 'primary="1"' string "" "Name of this file system resource." "Name"
}
meta_param_mountpoint() {
	meta_param mountpoint 'unique="1" required="1"' string "" "Where to mount it." "Mount point"
}
meta_param_mount_options() {
	meta_param options "" string "" "Mount options." "Mount options"
}
meta_param_fsid() {
	meta_param fsid "" string "" "File system ID for NFS exports of this file system." "NFS file system ID"
}
meta_param_self_fence() { # DEFAULT
	meta_param self_fence "" boolean "$1" \
		"Reboot this node when the file system cannot be unmounted." "Self-fence on unmount failure"
}

# The children a local or cluster file system may hold, and their order.
FS_CHILDREN=('child type="fs" start="1" stop="3"' 'child type="clusterfs" start="1" stop="3"'
	'child type="nfsexport" start="3" stop="1"')

# The device a source names: a block device, LABEL=/UUID= via findfs, or a plain file
# (a loop image, mounted with -o loop).
real_device() {
	local d=$1
	case "$d" in
	LABEL=*|UUID=*) findfs "$d" 2>/dev/null ;;
	*) if [ -e "$d" ]; then readlink -f "$d"; else echo "$d"; fi ;;
	esac
}

# What /proc/mounts shows as the source of our mount: a loop image appears as the loop
# device attached to it.
mounted_sources() {
	local d
	d=$(real_device "$SPEC")
	echo "$d"
	if [ -f "$d" ]; then
		losetup -j "$d" 2>/dev/null | cut -d: -f1
	fi
}

mp_real() { readlink -f "$OCF_RESKEY_mountpoint" 2>/dev/null || echo "$OCF_RESKEY_mountpoint"; }

# 0 when SPEC is mounted on the mount point.
is_mounted() {
	local mp src tgt s
	mp=$(mp_real)
	while read -r src tgt; do
		[ "$tgt" = "$mp" ] || continue
		while read -r s; do
			[ -n "$s" ] && [ "$(readlink -f "$src" 2>/dev/null || echo "$src")" = "$s" ] && return 0
			[ "$src" = "$s" ] && return 0
		done < <(mounted_sources)
	done < <(awk '{print $1, $2}' /proc/mounts)
	return 1
}

# 0 when something else is mounted on the mount point.
mountpoint_busy() {
	local mp
	mp=$(mp_real)
	awk -v m="$mp" '$2 == m { found = 1 } END { exit !found }' /proc/mounts
}

fs_supported() {
	local t=$1
	[ -z "$t" ] && return 0
	case "$t" in nfs|nfs4) command -v mount.nfs >/dev/null 2>&1; return $? ;; esac
	grep -qw "$t" /proc/filesystems && return 0
	modprobe "$t" >/dev/null 2>&1 && grep -qw "$t" /proc/filesystems
}

do_mount() { # extra mount options
	local opts=$OCF_RESKEY_options dev
	dev=$(real_device "$SPEC")
	if is_mounted; then
		ocf_log info "$SPEC is already mounted on $OCF_RESKEY_mountpoint"
		return 0
	fi
	need_root "$TAG"
	if ! fs_supported "$OCF_RESKEY_fstype"; then
		ocf_log err "$TAG: this kernel or machine has no support for file system type $OCF_RESKEY_fstype"
		return $OCF_ERR_INSTALLED
	fi
	if mountpoint_busy; then
		ocf_log err "$TAG: cannot mount $SPEC on $OCF_RESKEY_mountpoint: the mount point is already in use"
		return $OCF_ERR_GENERIC
	fi
	if [ -e "$OCF_RESKEY_mountpoint" ] && [ ! -d "$OCF_RESKEY_mountpoint" ]; then
		ocf_log err "$TAG: $OCF_RESKEY_mountpoint exists and is not a directory"
		return $OCF_ERR_CONFIGURED
	fi
	mkdir -p "$OCF_RESKEY_mountpoint" || return $OCF_ERR_GENERIC
	if [ -f "$dev" ]; then
		opts=${opts:+$opts,}loop
	fi
	[ -n "$1" ] && opts=${opts:+$opts,}$1
	ocf_log info "mounting $SPEC on $OCF_RESKEY_mountpoint"
	if ! mount ${OCF_RESKEY_fstype:+-t "$OCF_RESKEY_fstype"} ${opts:+-o "$opts"} "$dev" "$OCF_RESKEY_mountpoint"; then
		ocf_log err "$TAG: mount of $SPEC on $OCF_RESKEY_mountpoint failed"
		return $OCF_ERR_GENERIC
	fi
	return 0
}

# The kernel frees an auto-clear loop device some time after the unmount (longer on a
# busy machine); detach it and wait until it is gone, so a stopped resource leaves
# nothing behind for the next node or the next start.
release_loop() {
	local d l x i
	d=$(real_device "$SPEC")
	[ -f "$d" ] || return 0
	for i in 1 2 3 4; do
		l=$(losetup -j "$d" 2>/dev/null | cut -d: -f1)
		[ -z "$l" ] && return 0
		for x in $l; do losetup -d "$x" 2>/dev/null; done
		sleep 0.5
	done
	ocf_log warning "$TAG: loop device $l of $d is still attached"
	return 0
}

# Unmounts, killing the users of the mount point first when force_unmount is on; with
# self_fence on, a file system that will not unmount reboots the node so the service
# can run elsewhere.
do_umount() {
	local try mp
	mp=$(mp_real)
	if ! is_mounted; then
		ocf_log info "$SPEC is not mounted on $OCF_RESKEY_mountpoint"
		return 0
	fi
	need_root "$TAG"
	for try in 1 2 3; do
		umount "$mp" 2>/dev/null && { release_loop; return 0; }
		if is_true "$OCF_RESKEY_force_unmount"; then
			ocf_log warning "$TAG: $mp is busy; killing the processes using it"
			if [ $try -eq 1 ]; then fuser -km -TERM "$mp" >/dev/null 2>&1; else fuser -km "$mp" >/dev/null 2>&1; fi
		fi
		sleep 1
	done
	umount "$mp" 2>/dev/null && { release_loop; return 0; }
	ocf_log err "$TAG: could not unmount $mp"
	self_fence_when_set "$TAG: unmount failed and self_fence is set: rebooting this node"
	return $OCF_ERR_GENERIC
}

# mount_unless_mounted CHECK... — start: nothing to do when already mounted; otherwise
# the agent's CHECK command (with its arguments) must pass before the mount.
mount_unless_mounted() {
	is_mounted && return $OCF_SUCCESS
	"$@" || return $?
	do_mount
}

# Status by depth: 0 mounted, 10 readable, 20 writable (unless mounted read-only).
# The status (and monitor) action of every file system agent.
action_status() {
	if ! is_mounted; then
		ocf_log info "$TAG: $SPEC is not mounted on $OCF_RESKEY_mountpoint"
		return $OCF_NOT_RUNNING
	fi
	[ "$OCF_CHECK_LEVEL" -lt 10 ] && return 0
	if ! ls "$OCF_RESKEY_mountpoint" >/dev/null 2>&1; then
		ocf_log err "$TAG: cannot read $OCF_RESKEY_mountpoint"
		return $OCF_ERR_GENERIC
	fi
	[ "$OCF_CHECK_LEVEL" -lt 20 ] && return 0
	case ",$OCF_RESKEY_options," in *,ro,*) return 0 ;; esac
	local f="$OCF_RESKEY_mountpoint/.writable_test.$$"
	if ! touch "$f" 2>/dev/null; then
		ocf_log err "$TAG: cannot write to $OCF_RESKEY_mountpoint"
		return $OCF_ERR_GENERIC
	fi
	rm -f "$f"
	return 0
}
