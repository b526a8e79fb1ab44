# Shared shell functions of the jrhcs resource agents (sourced, not run).
# OCF exit codes: the service manager maps them to recovery.
OCF_SUCCESS=0
OCF_ERR_GENERIC=1
OCF_ERR_ARGS=2
OCF_ERR_UNIMPLEMENTED=3
OCF_ERR_PERM=4
OCF_ERR_INSTALLED=5
OCF_ERR_CONFIGURED=6
OCF_NOT_RUNNING=7

LC_ALL=C
LANG=C
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export LC_ALL LANG PATH

: "${OCF_CHECK_LEVEL:=0}"

# ocf_log LEVEL MESSAGE... — one line on stderr, "<level> message", the way the
# service manager copies agent output into its log.
ocf_log() {
	level=$1
	shift
	echo "<$level> $*" >&2
}

# is_true VALUE — yes/1/true/on in any case.
is_true() {
	case "$(echo "$1" | tr '[:upper:]' '[:lower:]')" in
	yes|1|true|on|y) return 0 ;;
	*) return 1 ;;
	esac
}

# need_program NAME WHAT — exit 5 (not installed) with a clear message when absent.
need_program() {
	if ! command -v "$1" >/dev/null 2>&1; then
		ocf_log err "$2: $1 is not installed on this machine"
		exit $OCF_ERR_INSTALLED
	fi
}

# need_root WHAT — exit 4 (insufficient privileges) unless running as root.
need_root() {
	if [ "$(id -u)" != "0" ]; then
		ocf_log err "$1: must run as root"
		exit $OCF_ERR_PERM
	fi
}

# unknown_action NAME — exit 3 for an action the agent does not implement.
unknown_action() {
	ocf_log err "action \"$1\" is not implemented"
	exit $OCF_ERR_UNIMPLEMENTED
}

# run_action ACTION — an agent's entry point, after it has defined its functions:
# meta-data prints the agent's meta_data; any other action runs the agent's function
# action_ACTION ("-" written "_"; monitor is the OCF name of status) and exits with its
# status; an action the agent has no function for is unimplemented.
run_action() {
	local fn
	case "$1" in
	meta-data) meta_data; exit $OCF_SUCCESS ;;
	monitor) fn=action_status ;;
	*) fn=action_${1//-/_} ;;
	esac
	if [ -n "$1" ] && declare -F "$fn" >/dev/null; then
		"$fn"
		exit $?
	fi
	unknown_action "$1"
}

# Writers of the meta-data document, in the order its parts come. Texts are written
# as given (no XML escaping: agents' own texts need none).

# meta_begin NAME SHORTDESC LONGDESC-LINE... — the head of the document up to the
# opening of <parameters>; one LONGDESC-LINE is written inline, several as an indented
# block.
meta_begin() {
	local name=$1 short=$2 line
	shift 2
	printf '<?xml version="1.0"?>\n<resource-agent version="rgmanager 2.0" name="%s">\n' "$name"
	printf '    <version>1.0</version>\n'
	if [ $# -eq 1 ]; then
		printf '    <longdesc lang="en">%s</longdesc>\n' "$1"
	else
		printf '    <longdesc lang="en">\n'
		for line; do printf '        %s\n' "$line"; done
		printf '    </longdesc>\n'
	fi
	printf '    <shortdesc lang="en">%s</shortdesc>\n' "$short"
	printf '    <parameters>\n'
}

# meta_param NAME FLAGS TYPE DEFAULT LONGDESC SHORTDESC — one parameter. FLAGS are the
# attributes after the name as written (unique="1" primary="1", inherit="x", or empty);
# an empty DEFAULT writes none.
meta_param() {
	printf '        <parameter name="%s"%s>\n' "$1" "${2:+ $2}"
	printf '            <longdesc lang="en">%s</longdesc>\n' "$5"
	printf '            <shortdesc lang="en">%s</shortdesc>\n' "$6"
	printf '            <content type="%s"%s/>\n' "$3" "${4:+ default=\"$4\"}"
	printf '        </parameter>\n'
}

# The parameters several agents declare alike.
meta_param_nfslock_of_service() {
	meta_param nfslock 'inherit="service%nfslock"' boolean "" \
		"NFS lock workarounds of the service (inherited)." "NFS lock workarounds"
}
meta_param_service_name() {
	meta_param service_name 'inherit="service%name"' string "" "Name of the service (inherited)." "Service name"
}

# meta_actions "ACTION ATTRIBUTES"... — closes <parameters> and lists the actions, each
# with its attributes as written; "status ATTRIBUTES" declares status and its OCF twin
# monitor alike.
meta_actions() {
	local a
	printf '    </parameters>\n'
	printf '    <actions>\n'
	for a; do
		case "$a" in
		status\ *) printf '        <action name="%s" %s/>\n' status "${a#* }" monitor "${a#* }" ;;
		*) printf '        <action name="%s" %s/>\n' "${a%% *}" "${a#* }" ;;
		esac
	done
	printf '    </actions>\n'
}

# meta_end [SPECIAL...] — the rgmanager <special> section when there is one (each
# SPECIAL an empty element written as given: 'attributes maxinstances="1"',
# 'child type="fs" start="1" stop="3"'), then the end of the document.
meta_end() {
	local s
	if [ $# -gt 0 ]; then
		printf '    <special tag="rgmanager">\n'
		for s; do printf '        <%s/>\n' "$s"; done
		printf '    </special>\n'
	fi
	printf '</resource-agent>\n'
}

# need_file WHAT FILE — exit 6 (not configured) when the configuration file is missing.
need_file() {
	if [ ! -f "$2" ]; then
		ocf_log err "$1: $2 does not exist"
		exit $OCF_ERR_CONFIGURED
	fi
}

# self_fence_when_set MESSAGE — with self_fence on, a resource that cannot be released
# reboots this node (so its service can run elsewhere), saying why first.
self_fence_when_set() {
	is_true "$OCF_RESKEY_self_fence" || return 0
	ocf_log alert "$1"
	${RG_SELF_FENCE_CMD:-reboot -fn}
}

# Daemons that write a pid file (apache, mysql).

# pid_file KIND NAME — where the instance NAME of KIND keeps its pid:
# $CLUSTER_ROOT/var/run/cluster/KIND/KIND-NAME.pid.
pid_file() {
	local f="${CLUSTER_ROOT:-/}/var/run/cluster/$1/$1-$2.pid"
	echo "${f//\/\//\/}"
}

# pid_running PIDFILE — 0 when the process the pid file names is alive.
pid_running() {
	[ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

# pid_status PIDFILE — the status action of a pid-file daemon.
pid_status() {
	pid_running "$1" && return $OCF_SUCCESS
	return $OCF_NOT_RUNNING
}

# pid_stop PIDFILE CHECKS — asks the process to terminate, checks once a second up to
# CHECKS times whether it is gone, then kills it; the pid file goes with it. Stopping
# what is not running succeeds.
pid_stop() {
	local pidfile=$1 checks=$2 i
	pid_running "$pidfile" || return $OCF_SUCCESS
	kill -TERM "$(cat "$pidfile")"
	for ((i = 0; i < checks; i++)); do
		pid_running "$pidfile" || { rm -f "$pidfile"; return $OCF_SUCCESS; }
		sleep 1
	done
	kill -KILL "$(cat "$pidfile")" 2>/dev/null
	rm -f "$pidfile"
	return $OCF_SUCCESS
}
