#!/bin/bash
#
# lvm: a volume group, or one logical volume of it, activated on the node that runs
# the service.
#
. "$(dirname "$0")/ocf-lib.sh"

meta_data() {
	meta_begin lvm "LVM volume" "An LVM volume group or logical volume, active while its service runs."
	meta_param name 'unique="1" primary="1"' string "" "Name of this resource." "Name"
	meta_param vg_name 'required="1"' string "" "Volume group." "Volume group name"
	meta_param lv_name "" string "" "Logical volume; the whole volume group when empty." "Logical volume name"
	meta_param self_fence "" boolean 0 "Reboot this node when the volume cannot be deactivated." "Self-fence"
	meta_param_nfslock_of_service
	meta_actions 'start timeout="5"' 'stop timeout="5"' 'status timeout="5" interval="1h"' \
		'meta-data timeout="5"' 'validate-all timeout="30"'
	meta_end 'attributes maxinstances="1"'
}

TAG="lvm:$OCF_RESKEY_name"
TARGET=$OCF_RESKEY_vg_name${OCF_RESKEY_lv_name:+/$OCF_RESKEY_lv_name}

active() {
	# lv_attr's fifth character is 'a' for an active volume.
	lvs --noheadings -o lv_attr "$TARGET" 2>/dev/null | awk '{ if (substr($1, 5, 1) != "a") bad = 1; n++ } END { exit (n == 0 || bad) }'
}

action_validate_all() { need_program lvs "$TAG"; }
action_start() {
	need_program lvchange "$TAG"
	need_root "$TAG"
	active && return $OCF_SUCCESS
	if [ -n "$OCF_RESKEY_lv_name" ]; then lvchange -ay "$TARGET"; else vgchange -ay "$TARGET"; fi || return $OCF_ERR_GENERIC
	return $OCF_SUCCESS
}
action_stop() {
	command -v lvchange >/dev/null 2>&1 || return $OCF_SUCCESS
	active || return $OCF_SUCCESS
	need_root "$TAG"
	if [ -n "$OCF_RESKEY_lv_name" ]; then lvchange -an "$TARGET"; else vgchange -an "$TARGET"; fi && return $OCF_SUCCESS
	ocf_log err "$TAG: cannot deactivate $TARGET"
	self_fence_when_set "$TAG: self_fence is set: rebooting this node"
	return $OCF_ERR_GENERIC
}
action_status() {
	need_program lvs "$TAG"
	active && return $OCF_SUCCESS
	return $OCF_NOT_RUNNING
}

run_action "$1"
