#!/bin/bash
#
# apache: an Apache HTTP server instance with its own server root and configuration.
#
. "$(dirname "$0")/ocf-lib.sh"

meta_data() {
	cat <<'EOT'
<?xml version="1.0"?>
<resource-agent version="rgmanager 2.0" name="apache">
    <version>1.0</version>
    <longdesc lang="en">An Apache HTTP server run as a cluster resource.</longdesc>
    <shortdesc lang="en">Apache HTTP server</shortdesc>
    <parameters>
        <parameter name="name" unique="1" primary="1">
            <longdesc lang="en">Name of this server instance.</longdesc>
            <shortdesc lang="en">Name</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="server_root">
            <longdesc lang="en">ServerRoot of the instance.</longdesc>
            <shortdesc lang="en">Server root</shortdesc>
            <content type="string" default="/etc/httpd"/>
        </parameter>
        <parameter name="config_file">
            <longdesc lang="en">Configuration file, relative to the server root.</longdesc>
            <shortdesc lang="en">Configuration file</shortdesc>
            <content type="string" default="conf/httpd.conf"/>
        </parameter>
        <parameter name="httpd_options">
            <longdesc lang="en">Extra options for httpd.</longdesc>
            <shortdesc lang="en">httpd options</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="shutdown_wait">
            <longdesc lang="en">Seconds to wait for a clean shutdown.</longdesc>
            <shortdesc lang="en">Shutdown wait</shortdesc>
            <content type="integer" default="0"/>
        </parameter>
        <parameter name="service_name" inherit="service%name">
            <longdesc lang="en">Name of the service (inherited).</longdesc>
            <shortdesc lang="en">Service name</shortdesc>
            <content type="string"/>
        </parameter>
    </parameters>
    <actions>
        <action name="start" timeout="0"/>
        <action name="stop" timeout="0"/>
        <action name="status" interval="10" timeout="10"/>
        <action name="monitor" interval="10" timeout="10"/>
        <action name="meta-data" timeout="0"/>
        <action name="validate-all" timeout="0"/>
    </actions>
</resource-agent>
EOT
}

TAG="apache:$OCF_RESKEY_name"
ROOT=${OCF_RESKEY_server_root:-/etc/httpd}
CONF=${OCF_RESKEY_config_file:-conf/httpd.conf}
case "$CONF" in /*) ;; *) CONF="$ROOT/$CONF" ;; esac
PIDFILE="${CLUSTER_ROOT:-/}/var/run/cluster/apache/apache-$OCF_RESKEY_name.pid"
PIDFILE=${PIDFILE//\/\//\/}

httpd_bin() { command -v httpd || command -v apache2; }

running() {
	[ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null
}

case "$1" in
meta-data) meta_data; exit 0 ;;
validate-all)
	[ -n "$(httpd_bin)" ] || { ocf_log err "$TAG: httpd (apache2) is not installed"; exit $OCF_ERR_INSTALLED; }
	[ -f "$CONF" ] || { ocf_log err "$TAG: $CONF does not exist"; exit $OCF_ERR_CONFIGURED; }
	exit 0
	;;
start)
	running && exit 0
	"$0" validate-all || exit $?
	mkdir -p "$(dirname "$PIDFILE")"
	"$(httpd_bin)" -d "$ROOT" -f "$CONF" -c "PidFile $PIDFILE" $OCF_RESKEY_httpd_options -k start || exit $OCF_ERR_GENERIC
	exit 0
	;;
stop)
	running || exit 0
	kill -TERM "$(cat "$PIDFILE")"
	for ((i = 0; i <= ${OCF_RESKEY_shutdown_wait:-0} + 5; i++)); do running || { rm -f "$PIDFILE"; exit 0; }; sleep 1; done
	kill -KILL "$(cat "$PIDFILE")" 2>/dev/null
	rm -f "$PIDFILE"
	exit 0
	;;
status|monitor) running && exit 0; exit $OCF_NOT_RUNNING ;;
*) unknown_action "$1" ;;
esac
