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
