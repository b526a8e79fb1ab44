#!/bin/bash
#
# mysql: a MySQL server instance with its own configuration file.
#
. "$(dirname "$0")/ocf-lib.sh"

meta_data() {
	meta_begin mysql "MySQL server" "A MySQL server run as a cluster resource."
	meta_param name 'unique="1" primary="1"' string "" "Name of this server instance." "Name"
	meta_param config_file "" string /etc/my.cnf "my.cnf of the instance." "Configuration file"
	meta_param listen_address "" string "" "Address the server listens on." "Listen address"
	meta_param mysqld_options "" string "" "Extra options for mysqld." "mysqld options"
	meta_param startup_wait "" integer 10 "Seconds to wait for the server to come up." "Startup wait"
	meta_param shutdown_wait "" integer 30 "Seconds to wait for a clean shutdown." "Shutdown wait"
	meta_param_service_name
	meta_actions 'start timeout="0"' 'stop timeout="0"' 'status interval="30" timeout="0"' \
		'meta-data timeout="0"' 'validate-all timeout="0"'
	meta_end
}

TAG="mysql:$OCF_RESKEY_name"
CONF=${OCF_RESKEY_config_file:-/etc/my.cnf}
PIDFILE=$(pid_file mysql "$OCF_RESKEY_name")

action_validate_all() {
	need_program mysqld_safe "$TAG"
	need_file "$TAG" "$CONF"
}
action_start() {
	local i
	pid_running "$PIDFILE" && return $OCF_SUCCESS
	"$0" validate-all || return $?
	mkdir -p "$(dirname "$PIDFILE")"
	mysqld_safe --defaults-file="$CONF" --pid-file="$PIDFILE" \
		${OCF_RESKEY_listen_address:+--bind-address="$OCF_RESKEY_listen_address"} $OCF_RESKEY_mysqld_options >/dev/null 2>&1 &
	for ((i = 0; i < ${OCF_RESKEY_startup_wait:-10}; i++)); do pid_running "$PIDFILE" && return $OCF_SUCCESS; sleep 1; done
	ocf_log err "$TAG: mysqld did not start within ${OCF_RESKEY_startup_wait:-10}s"
	return $OCF_ERR_GENERIC
}
action_stop() { pid_stop "$PIDFILE" "${OCF_RESKEY_shutdown_wait:-30}"; }
action_status() { pid_status "$PIDFILE"; }

run_action "$1"
