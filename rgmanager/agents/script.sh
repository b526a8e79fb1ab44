#!/bin/bash
#
# script: an LSB init script run as a resource. start/stop/status are passed to the
# script; LSB status 3 means "not running"; a stop of something not running succeeds.
#
. "$(dirname "$0")/ocf-lib.sh"

meta_data() {
	meta_begin script "LSB init script" \
		"An LSB-compliant init script (start, stop, status) managed as a" \
		"cluster resource."
	meta_param name 'unique="1" primary="1"' string "" "Name of this script resource." "Name"
	meta_param file 'unique="1" required="1"' string "" "Path of the init script." "Path to script"
	meta_param service_name 'inherit="service%name"' string "" \
		"Name of the service this script belongs to (inherited)." "Service name"
	meta_actions 'start timeout="0"' 'stop timeout="0"' 'status interval="30" timeout="0"' \
		'meta-data timeout="0"' 'validate-all timeout="0"'
	meta_end
}

validate() {
	if [ -z "$OCF_RESKEY_file" ]; then
		ocf_log err "script:$OCF_RESKEY_name: no file given"
		return $OCF_ERR_CONFIGURED
	fi
	if [ ! -e "$OCF_RESKEY_file" ]; then
		ocf_log err "script:$OCF_RESKEY_name: $OCF_RESKEY_file does not exist"
		return $OCF_ERR_INSTALLED
	fi
	if [ ! -x "$OCF_RESKEY_file" ]; then
		ocf_log err "script:$OCF_RESKEY_name: $OCF_RESKEY_file is not executable"
		return $OCF_ERR_PERM
	fi
	return 0
}

action_validate_all() { validate; }
action_start() {
	local rv
	validate || return $?
	"$OCF_RESKEY_file" start
	rv=$?
	[ $rv -eq 0 ] || ocf_log err "script:$OCF_RESKEY_name: start of $OCF_RESKEY_file failed (returned $rv)"
	return $rv
}
action_stop() {
	local rv
	# A script that is gone cannot be running anything we started.
	[ -e "$OCF_RESKEY_file" ] || return $OCF_SUCCESS
	validate || return $?
	"$OCF_RESKEY_file" stop
	rv=$?
	[ $rv -eq 0 ] && return $OCF_SUCCESS
	"$OCF_RESKEY_file" status >/dev/null 2>&1
	[ $? -eq 3 ] && return $OCF_SUCCESS
	ocf_log err "script:$OCF_RESKEY_name: stop of $OCF_RESKEY_file failed (returned $rv)"
	return $rv
}
action_status() {
	local rv
	validate || return $?
	"$OCF_RESKEY_file" status
	rv=$?
	[ $rv -eq 0 ] && return $OCF_SUCCESS
	ocf_log err "script:$OCF_RESKEY_name: status of $OCF_RESKEY_file failed (returned $rv)"
	return $OCF_ERR_GENERIC
}
action_restart() {
	"$0" stop || return $OCF_ERR_GENERIC
	"$0" start || return $OCF_ERR_GENERIC
	return $OCF_SUCCESS
}
action_recover() { action_restart; }

run_action "$1"
