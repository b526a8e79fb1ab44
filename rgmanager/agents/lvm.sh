#!/bin/bash
#
# lvm: a volume group, or one logical volume of it, activated on the node that runs
# the service.
#
. "$(dirname "$0")/ocf-lib.sh"

meta_data() {
	cat <<'EOT'
<?xml version="1.0"?>
<resource-agent version="rgmanager 2.0" name="lvm">
    <version>1.0</version>
    <longdesc lang="en">An LVM volume group or logical volume, active while its service runs.</longdesc>
    <shortdesc lang="en">LVM volume</shortdesc>
    <parameters>
        <parameter name="name" unique="1" primary="1">
            <longdesc lang="en">Name of this resource.</longdesc>
            <shortdesc lang="en">Name</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="vg_name" required="1">
            <longdesc lang="en">Volume group.</longdesc>
            <shortdesc lang="en">Volume group name</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="lv_name">
            <longdesc lang="en">Logical volume; the whole volume group when empty.</longdesc>
            <shortdesc lang="en">Logical volume name</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="self_fence">
            <longdesc lang="en">Reboot this node when the volume cannot be deactivated.</longdesc>
            <shortdesc lang="en">Self-fence</shortdesc>
            <content type="boolean" default="0"/>
        </parameter>
        <parameter name="nfslock" inherit="service%nfslock">
            <longdesc lang="en">NFS lock workarounds of the service (inherited).</longdesc>
            <shortdesc lang="en">NFS lock workarounds</shortdesc>
            <content type="boolean"/>
        </parameter>
    </parameters>
    <actions>
        <action name="start" timeout="5"/>
        <action name="stop" timeout="5"/>
        <action name="status" timeout="5" interval="1h"/>
        <action name="monitor" timeout="5" interval="1h"/>
        <action name="meta-data" timeout="5"/>
        <action name="validate-all" timeout="30"/>
    </actions>
    <special tag="rgmanager">
        <attributes maxinstances="1"/>
    </special>
</resource-agent>
EOT
}

TAG="lvm:$OCF_RESKEY_name"
TARGET=$OCF_RESKEY_vg_name${OCF_RESKEY_lv_name:+/$OCF_RESKEY_lv_name}

active() {
	# lv_attr's fifth character is 'a' for an active volume.
	lvs --noheadings -o lv_attr "$TARGET" 2>/dev/null | awk '{ if (substr($1, 5, 1) != "a") bad = 1; n++ } END { exit (n == 0 || bad) }'
}

case "$1" in
meta-data) meta_data; exit 0 ;;
validate-all) need_program lvs "$TAG"; exit 0 ;;
start)
	need_program lvchange "$TAG"
	need_root "$TAG"
	active && exit 0
	if [ -n "$OCF_RESKEY_lv_name" ]; then lvchange -ay "$TARGET"; else vgchange -ay "$TARGET"; fi || exit $OCF_ERR_GENERIC
	exit 0
	;;
stop)
	command -v lvchange >/dev/null 2>&1 || exit 0
	active || exit 0
	need_root "$TAG"
	if [ -n "$OCF_RESKEY_lv_name" ]; then lvchange -an "$TARGET"; else vgchange -an "$TARGET"; fi && exit 0
	ocf_log err "$TAG: cannot deactivate $TARGET"
	if is_true "$OCF_RESKEY_self_fence"; then
		ocf_log alert "$TAG: self_fence is set: rebooting this node"
		${RG_SELF_FENCE_CMD:-reboot -fn}
	fi
	exit $OCF_ERR_GENERIC
	;;
status|monitor)
	need_program lvs "$TAG"
	active && exit 0
	exit $OCF_NOT_RUNNING
	;;
*) unknown_action "$1" ;;
esac
