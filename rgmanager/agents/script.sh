#!/bin/bash
#
# script: an LSB init script run as a resource. start/stop/status are passed to the
# script; LSB status 3 means "not running"; a stop of something not running succeeds.
#
. "$(dirname "$0")/ocf-lib.sh"

meta_data() {
	cat <<'EOT'
<?xml version="1.0"?>
<resource-agent version="rgmanager 2.0" name="script">
    <version>1.0</version>
    <longdesc lang="en">
        An LSB-compliant init script (start, stop, status) managed as a
        cluster resource.
    </longdesc>
    <shortdesc lang="en">LSB init script</shortdesc>
    <parameters>
        <parameter name="name" unique="1" primary="1">
            <longdesc lang="en">Name of this script resource.</longdesc>
            <shortdesc lang="en">Name</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="file" unique="1" required="1">
            <longdesc lang="en">Path of the init script.</longdesc>
            <shortdesc lang="en">Path to script</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="service_name" inherit="service%name">
            <longdesc lang="en">Name of the service this script belongs to (inherited).</longdesc>
            <shortdesc lang="en">Service name</shortdesc>
            <content type="string"/>
        </parameter>
    </parameters>
    <actions>
        <action name="start" timeout="0"/>
        <action name="stop" timeout="0"/>
        <action name="status" interval="30" timeout="0"/>
        <action name="monitor" interval="30" timeout="0"/>
        <action name="meta-data" timeout="0"/>
        <action name="validate-all" timeout="0"/>
    </actions>
</resource-agent>
EOT
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

case "$1" in
meta-data)
	meta_data
	exit 0
	;;
validate-all)
	validate
	exit $?
	;;
start)
	validate || exit $?
	"$OCF_RESKEY_file" start
	rv=$?
	[ $rv -eq 0 ] || ocf_log err "script:$OCF_RESKEY_name: start of $OCF_RESKEY_file failed (returned $rv)"
	exit $rv
	;;
stop)
	# A script that is gone cannot be running anything we started.
	[ -e "$OCF_RESKEY_file" ] || exit $OCF_SUCCESS
	validate || exit $?
	"$OCF_RESKEY_file" stop
	rv=$?
	[ $rv -eq 0 ] && exit 0
	"$OCF_RESKEY_file" status >/dev/null 2>&1
	[ $? -eq 3 ] && exit 0
	ocf_log err "script:$OCF_RESKEY_name: stop of $OCF_RESKEY_file failed (returned $rv)"
	exit $rv
	;;
status|monitor)
	validate || exit $?
	"$OCF_RESKEY_file" status
	rv=$?
	[ $rv -eq 0 ] && exit 0
	ocf_log err "script:$OCF_RESKEY_name: status of $OCF_RESKEY_file failed (returned $rv)"
	exit $OCF_ERR_GENERIC
	;;
restart|recover)
	"$0" stop || exit $OCF_ERR_GENERIC
	"$0" start || exit $OCF_ERR_GENERIC
	exit 0
	;;
*)
	unknown_action "$1"
	;;
esac
