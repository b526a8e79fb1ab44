#!/bin/bash
#
# fs: a local file system on a block device (or a loop image file) mounted on a mount
# point, with optional fsck before mounting, forced unmount and self-fencing.
#
. "$(dirname "$0")/ocf-lib.sh"
. "$(dirname "$0")/fs-lib.sh"

meta_data() {
	cat <<'EOT'
<?xml version="1.0"?>
<resource-agent version="rgmanager 2.0" name="fs">
    <version>1.0</version>
    <longdesc lang="en">
        A file system on a block device, label, UUID or image file, mounted
        on a mount point while its service runs.
    </longdesc>
    <shortdesc lang="en">File system</shortdesc>
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
            <longdesc lang="en">Block device, LABEL=, UUID= or an image file (mounted through a loop device).</longdesc>
            <shortdesc lang="en">Device</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="fstype">
            <longdesc lang="en">File system type; mount(8) detects it when empty.</longdesc>
            <shortdesc lang="en">File system type</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="force_unmount">
            <longdesc lang="en">Kill the processes using the file system when it will not unmount.</longdesc>
            <shortdesc lang="en">Force unmount</shortdesc>
            <content type="boolean"/>
        </parameter>
        <parameter name="force_fsck">
            <longdesc lang="en">Check the file system before every mount.</longdesc>
            <shortdesc lang="en">Force fsck</shortdesc>
            <content type="boolean"/>
        </parameter>
        <parameter name="self_fence">
            <longdesc lang="en">Reboot this node when the file system cannot be unmounted.</longdesc>
            <shortdesc lang="en">Self-fence on unmount failure</shortdesc>
            <content type="boolean"/>
        </parameter>
        <parameter name="nfslock" inherit="nfslock">
            <longdesc lang="en">NFS lock workarounds (inherited from the parent).</longdesc>
            <shortdesc lang="en">NFS lock workarounds</shortdesc>
            <content type="boolean"/>
        </parameter>
        <parameter name="fsid">
            <longdesc lang="en">File system ID for NFS exports of this file system.</longdesc>
            <shortdesc lang="en">NFS file system ID</shortdesc>
            <content type="string"/>
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
        <action name="status" depth="10" interval="30s" timeout="30"/>
        <action name="monitor" depth="10" interval="30s" timeout="30"/>
        <action name="status" depth="20" interval="1m" timeout="30"/>
        <action name="monitor" depth="20" interval="1m" timeout="30"/>
        <action name="meta-data" timeout="5"/>
        <action name="validate-all" timeout="5"/>
    </actions>
    <special tag="rgmanager">
        <attributes maxinstances="1"/>
        <child type="fs" start="1" stop="3"/>
        <child type="clusterfs" start="1" stop="3"/>
        <child type="nfsexport" start="3" stop="1"/>
    </special>
</resource-agent>
EOT
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

case "$1" in
meta-data) meta_data; exit 0 ;;
validate-all) validate; exit $? ;;
start)
	validate || exit $?
	is_mounted && exit 0
	fsck_first || exit $?
	do_mount; exit $?
	;;
stop) do_umount; exit $? ;;
status|monitor) do_status; exit $? ;;
restart) do_umount && { validate && do_mount; }; exit $? ;;
*) unknown_action "$1" ;;
esac
