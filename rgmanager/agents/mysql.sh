#!/bin/bash
#
# mysql: a MySQL server instance with its own configuration file.
#
. "$(dirname "$0")/ocf-lib.sh"

meta_data() {
	cat <<'EOT'
<?xml version="1.0"?>
<resource-agent version="rgmanager 2.0" name="mysql">
    <version>1.0</version>
    <longdesc lang="en">A MySQL server run as a cluster resource.</longdesc>
    <shortdesc lang="en">MySQL server</shortdesc>
    <parameters>
        <parameter name="name" unique="1" primary="1">
            <longdesc lang="en">Name of this server instance.</longdesc>
            <shortdesc lang="en">Name</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="config_file">
            <longdesc lang="en">my.cnf of the instance.</longdesc>
            <shortdesc lang="en">Configuration file</shortdesc>
            <content type="string" default="/etc/my.cnf"/>
        </parameter>
        <parameter name="listen_address">
            <longdesc lang="en">Address the server listens on.</longdesc>
            <shortdesc lang="en">Listen address</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="mysqld_options">
            <longdesc lang="en">Extra options for mysqld.</longdesc>
            <shortdesc lang="en">mysqld options</shortdesc>
            <content type="string"/>
        </parameter>
        <parameter name="startup_wait">
            <longdesc lang="en">Seconds to wait for the server to come up.</longdesc>
            <shortdesc lang="en">Startup wait</shortdesc>
            <content type="integer" default="10"/>
        </parameter>
        <parameter name="shutdown_wait">
            <longdesc lang="en">Seconds to wait for a clean shutdown.</longdesc>
            <shortdesc lang="en">Shutdown wait</shortdesc>
            <content type="integer" default="30"/>
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
        <action name="status" interval="30" timeout="0"/>
        <action name="monitor" interval="30" timeout="0"/>
        <action name="meta-data" timeout="0"/>
        <action name="validate-all" timeout="0"/>
    </actions>
</resource-agent>
EOT
}

TAG="mysql:$OCF_RESKEY_name"
CONF=${OCF_RESKEY_config_file:-/etc/my.cnf}
PIDFILE="${CLUSTER_ROOT:-/}/var/run/cluster/mysql/mysql-$OCF_RESKEY_name.pid"
PIDFILE=${PIDFILE//\/\//\/}

running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

case "$1" in
meta-data) meta_data; exit 0 ;;
validate-all)
	need_program mysqld_safe "$TAG"
	[ -f "$CONF" ] || { ocf_log err "$TAG: $CONF does not exist"; exit $OCF_ERR_CONFIGURED; }
	exit 0
	;;
start)
	running && exit 0
	"$0" validate-all || exit $?
	mkdir -p "$(dirname "$PIDFILE")"
	mysqld_safe --defaults-file="$CONF" --pid-file="$PIDFILE" \
		${OCF_RESKEY_listen_address:+--bind-address="$OCF_RESKEY_listen_address"} $OCF_RESKEY_mysqld_options >/dev/null 2>&1 &
	for ((i = 0; i < ${OCF_RESKEY_startup_wait:-10}; i++)); do running && exit 0; sleep 1; done
	ocf_log err "$TAG: mysqld did not start within ${OCF_RESKEY_startup_wait:-10}s"
	exit $OCF_ERR_GENERIC
	;;
stop)
	running || exit 0
	kill -TERM "$(cat "$PIDFILE")"
	for ((i = 0; i < ${OCF_RESKEY_shutdown_wait:-30}; i++)); do running || exit 0; sleep 1; done
	kill -KILL "$(cat "$PIDFILE")" 2>/dev/null
	exit 0
	;;
status|monitor) running && exit 0; exit $OCF_NOT_RUNNING ;;
*) unknown_action "$1" ;;
esac
