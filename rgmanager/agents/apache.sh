#!/bin/bash
#
# apache: an Apache HTTP server instance with its own server root and configuration.
#
. "$(dirname "$0")/ocf-lib.sh"

meta_data() {
	meta_begin apache "Apache HTTP server" "An Apache HTTP server run as a cluster resource."
	meta_param name 'unique="1" primary="1"' string "" "Name of this server instance." "Name"
	meta_param server_root "" string /etc/httpd "ServerRoot of the instance." "Server root"
	meta_param config_file "" string conf/httpd.conf "Configuration file, relative to the server root." "Configuration file"
	meta_param httpd_options "" string "" "Extra options for httpd." "httpd options"
	meta_param shutdown_wait "" integer 0 "Seconds to wait for a clean shutdown." "Shutdown wait"
	meta_param_service_name
	meta_actions 'start timeout="0"' 'stop timeout="0"' 'status interval="10" timeout="10"' \
		'meta-data timeout="0"' 'validate-all timeout="0"'
	meta_end
}

TAG="apache:$OCF_RESKEY_name"
ROOT=${OCF_RESKEY_server_root:-/etc/httpd}
CONF=${OCF_RESKEY_config_file:-conf/httpd.conf}
case "$CONF" in /*) ;; *) CONF="$ROOT/$CONF" ;; esac
PIDFILE=$(pid_file apache "$OCF_RESKEY_name")

httpd_bin() { command -v httpd || command -v apache2; }

action_validate_all() {
	[ -n "$(httpd_bin)" ] || { ocf_log err "$TAG: httpd (apache2) is not installed"; exit $OCF_ERR_INSTALLED; }
	need_file "$TAG" "$CONF"
}
action_start() {
	pid_running "$PIDFILE" && return $OCF_SUCCESS
	"$0" validate-all || return $?
	mkdir -p "$(dirname "$PIDFILE")"
	"$(httpd_bin)" -d "$ROOT" -f "$CONF" -c "PidFile $PIDFILE" $OCF_RESKEY_httpd_options -k start || return $OCF_ERR_GENERIC
	return $OCF_SUCCESS
}
# Gives httpd shutdown_wait seconds and six more checks before killing it.
action_stop() { pid_stop "$PIDFILE" $((${OCF_RESKEY_shutdown_wait:-0} + 6)); }
action_status() { pid_status "$PIDFILE"; }

run_action "$1"
