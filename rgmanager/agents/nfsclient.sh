#!/bin/bash
#
# nfsclient: one export of the parent's path to a host, wildcard or @netgroup.
#
. "$(dirname "$0")/ocf-lib.sh"

meta_data() {
	meta_begin nfsclient "NFS client" \
		"Who may mount an NFS export: a host name, an address or wildcard, or" \
		"a @netgroup, with export options (exports(5))."
	meta_param name 'unique="1" primary="1"' string "" "Name of this client entry (not the target)." "Name"
	meta_param target 'required="1"' string "" "Host, wildcard or @netgroup to export to." "Target"
	meta_param path 'inherit="path"' string "" "Path to export (inherited from the nfsexport)." "Path"
	meta_param fsid 'inherit="fsid"' string "" "File system ID (inherited); fsid= in options overrides it." "File system ID"
	meta_param options "" string "" "Export options." "Options"
	meta_param allow_recover "" boolean "" \
		"Re-export in place when the export disappears instead of restarting the service." "Allow recovery"
	meta_actions 'start timeout="90"' 'stop timeout="5"' 'recover timeout="90"' 'status timeout="5" interval="1m"' \
		'meta-data timeout="5"' 'validate-all timeout="30"'
	meta_end
}

TAG="nfsclient:$OCF_RESKEY_name"

check() {
	need_program exportfs "$TAG"
	if [ -z "$OCF_RESKEY_path" ]; then
		ocf_log err "$TAG: no path to export (it comes from the parent nfsexport)"
		return $OCF_ERR_CONFIGURED
	fi
	[ -n "$OCF_RESKEY_target" ] || { ocf_log err "$TAG: no target"; return $OCF_ERR_CONFIGURED; }
	return 0
}

exported() {
	exportfs -v 2>/dev/null | tr -d '\n' | sed -e 's/([^)]*)/\n/g' |
		grep -F "$OCF_RESKEY_path" | grep -qF "$OCF_RESKEY_target"
}

options() {
	local o=$OCF_RESKEY_options
	case ",$o," in *,fsid=*) ;; *) [ -n "$OCF_RESKEY_fsid" ] && o="fsid=$OCF_RESKEY_fsid${o:+,$o}" ;; esac
	echo "$o"
}

action_validate_all() { check; }
action_start() {
	local o
	check || return $?
	o=$(options)
	ocf_log info "Adding export: $OCF_RESKEY_target:$OCF_RESKEY_path${o:+ ($o)}"
	exportfs -i ${o:+-o "$o"} "$OCF_RESKEY_target:$OCF_RESKEY_path" || return $OCF_ERR_GENERIC
	return $OCF_SUCCESS
}
action_stop() {
	command -v exportfs >/dev/null 2>&1 || return $OCF_SUCCESS
	[ -n "$OCF_RESKEY_path" ] || return $OCF_SUCCESS
	exported || return $OCF_SUCCESS
	ocf_log info "Removing export: $OCF_RESKEY_target:$OCF_RESKEY_path"
	exportfs -u "$OCF_RESKEY_target:$OCF_RESKEY_path" || return $OCF_ERR_GENERIC
	return $OCF_SUCCESS
}
action_status() {
	check || return $?
	exported && return $OCF_SUCCESS
	ocf_log info "$TAG is not exported"
	return $OCF_NOT_RUNNING
}
action_recover() {
	is_true "${OCF_RESKEY_allow_recover:-1}" || return $OCF_ERR_GENERIC
	"$0" stop && "$0" start
}

run_action "$1"
