#!/bin/bash
#
# nfsclient: one export of the parent's path to a host, wildcard or @netgroup.
#
. "$(dirname "$0")/ocf-lib.sh"

meta_data() {
	cat <<'EOT'
<?xml version="1.0"?>
<resource-agent version="rgmanager 2.0" name="nfsclient">
    <version>1.0</version>
    <longdesc lang="en">
        Who may mount an NFS export: a host name, an address or wildcard, or
        a @netgroup, with export options (exports(5)).
    </longdesc>
    <shortdesc lang="en">NFS client</shortdesc>
    <parameters>
        <parameter name="name" unique="1" primary="1">
            <longdesc lang="en">Name of this client entry (not the target).</longdesc>
            <shortdesc lang="en">Name</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="target" required="1">
            <longdesc lang="en">Host, wildcard or @netgroup to export to.</longdesc>
            <shortdesc lang="en">Target</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="path" inherit="path">
            <longdesc lang="en">Path to export (inherited from the nfsexport).</longdesc>
            <shortdesc lang="en">Path</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="fsid" inherit="fsid">
            <longdesc lang="en">File system ID (inherited); fsid= in options overrides it.</longdesc>
            <shortdesc lang="en">File system ID</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="options">
            <longdesc lang="en">Export options.</longdesc>
            <shortdesc lang="en">Options</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="allow_recover">
            <longdesc lang="en">Re-export in place when the export disappears instead of restarting the service.</longdesc>
            <shortdesc lang="en">Allow recovery</shortdesc>
            <content type="boolean"/>
        </parameter>
    </parameters>
    <actions>
        <action name="start" timeout="90"/>
        <action name="stop" timeout="5"/>
        <action name="recover" timeout="90"/>
        <action name="status" timeout="5" interval="1m"/>
        <action name="monitor" timeout="5" interval="1m"/>
        <action name="meta-data" timeout="5"/>
        <action name="validate-all" timeout="30"/>
    </actions>
</resource-agent>
EOT
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

case "$1" in
meta-data) meta_data; exit 0 ;;
validate-all) check; exit $? ;;
start)
	check || exit $?
	o=$(options)
	ocf_log info "Adding export: $OCF_RESKEY_target:$OCF_RESKEY_path${o:+ ($o)}"
	exportfs -i ${o:+-o "$o"} "$OCF_RESKEY_target:$OCF_RESKEY_path" || exit $OCF_ERR_GENERIC
	exit 0
	;;
stop)
	command -v exportfs >/dev/null 2>&1 || exit 0
	[ -n "$OCF_RESKEY_path" ] || exit 0
	exported || exit 0
	ocf_log info "Removing export: $OCF_RESKEY_target:$OCF_RESKEY_path"
	exportfs -u "$OCF_RESKEY_target:$OCF_RESKEY_path" || exit $OCF_ERR_GENERIC
	exit 0
	;;
status|monitor)
	check || exit $?
	exported && exit 0
	ocf_log info "$TAG is not exported"
	exit $OCF_NOT_RUNNING
	;;
recover)
	is_true "${OCF_RESKEY_allow_recover:-1}" || exit $OCF_ERR_GENERIC
	"$0" stop && "$0" start; exit $?
	;;
*) unknown_action "$1" ;;
esac
