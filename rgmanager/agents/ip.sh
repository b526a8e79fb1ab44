#!/bin/bash
#
# ip: a floating IPv4 or IPv6 address. Added with `ip addr` to the interface that
# already has an address in the same subnet; refused when another host answers for it;
# with monitor_link on, status fails when that interface has no link.
#
. "$(dirname "$0")/ocf-lib.sh"

meta_data() {
	meta_begin ip "IP address" \
		"An IPv4 or IPv6 address that moves with its service, with optional" \
		"monitoring of the link of the interface that carries it."
	meta_param address 'unique="1" primary="1"' string "" "The address, optionally with /prefix length." "IP address"
	meta_param family "" string "" "inet, inet6 or auto (from the address)." "Family"
	meta_param monitor_link "" boolean 1 "Fail the status check when the interface has no link." "Monitor link"
	meta_param_nfslock_of_service
	meta_param sleeptime "" string "" "Seconds to wait after removing the address." "Sleep time"
	meta_actions 'start timeout="20"' 'stop timeout="20"' 'status interval="20" timeout="10"' \
		'status depth="10" interval="60" timeout="20"' 'meta-data timeout="20"' 'validate-all timeout="20"'
	meta_end 'attributes maxinstances="1"' 'child type="nfsclient" forbid="1"' 'child type="nfsexport" forbid="1"'
}

ADDR=${OCF_RESKEY_address%%/*}
WANT_PREFIX=
[ "$ADDR" != "$OCF_RESKEY_address" ] && WANT_PREFIX=${OCF_RESKEY_address#*/}
case "$OCF_RESKEY_family" in
inet|inet6) FAMILY=$OCF_RESKEY_family ;;
*) case "$ADDR" in *:*) FAMILY=inet6 ;; *) FAMILY=inet ;; esac ;;
esac

valid_address() {
	if [ "$FAMILY" = inet ]; then
		[[ $ADDR =~ ^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})$ ]] || return 1
		for o in "${BASH_REMATCH[@]:1}"; do [ "$o" -le 255 ] || return 1; done
	else
		[[ $ADDR =~ ^[0-9a-fA-F:]+$ ]] || return 1
	fi
	[ -z "$WANT_PREFIX" ] || [[ $WANT_PREFIX =~ ^[0-9]+$ ]]
}

# Addresses as fixed-width hex, so "same subnet" is a comparison of leading bits.
to_hex() {
	local a=$1 out="" g
	if [ "$FAMILY" = inet ]; then
		IFS=. read -r a1 a2 a3 a4 <<<"$a"
		printf "%02x%02x%02x%02x" "$a1" "$a2" "$a3" "$a4"
		return
	fi
	local head=$a tail='' n i
	local -a H=() T=()
	if [[ $a == *::* ]]; then head=${a%%::*}; tail=${a#*::}; fi
	[ -n "$head" ] && IFS=: read -ra H <<<"$head"
	[ -n "$tail" ] && IFS=: read -ra T <<<"$tail"
	n=$((8 - ${#H[@]} - ${#T[@]}))
	for g in "${H[@]}"; do out+=$(printf "%04x" "0x$g"); done
	for ((i = 0; i < n; i++)); do out+=0000; done
	for g in "${T[@]}"; do out+=$(printf "%04x" "0x$g"); done
	echo "$out"
}

same_subnet() { # hexA hexB prefix
	local a=$1 b=$2 bits=$3 digits rest mask
	digits=$((bits / 4))
	rest=$((bits % 4))
	[ "${a:0:digits}" = "${b:0:digits}" ] || return 1
	[ $rest -eq 0 ] && return 0
	mask=$(( (0xf << (4 - rest)) & 0xf ))
	[ $(( 0x${a:digits:1} & mask )) -eq $(( 0x${b:digits:1} & mask )) ]
}

# Prints "DEV PREFIX" of the interface with an address in the same subnet.
find_interface() {
	local want dev cidr have
	want=$(to_hex "$ADDR")
	while read -r dev cidr; do
		have=$(to_hex "${cidr%%/*}")
		if same_subnet "$want" "$have" "${cidr#*/}"; then
			echo "$dev ${cidr#*/}"
			return 0
		fi
	done < <(ip -o -f "$FAMILY" addr show scope global | awk '{print $2, $4}')
	return 1
}

# Prints the interface the address is configured on.
configured_on() {
	ip -o -f "$FAMILY" addr show | awk -v a="$ADDR" '{ split($4, p, "/"); if (p[1] == a) { print $2; exit } }'
}

# Prints the interface the address is configured on; when it is on none, says so and
# fails.
configured_dev() {
	local dev
	dev=$(configured_on)
	if [ -z "$dev" ]; then
		ocf_log info "$ADDR is not configured"
		return 1
	fi
	echo "$dev"
}

# LOWER_UP is the carrier; read from ip(8) rather than /sys, which shows the
# namespace it was mounted in, not necessarily ours.
link_up() {
	ip -o link show dev "$1" 2>/dev/null | grep -q 'LOWER_UP'
}

# Another host answers for the address: make the kernel resolve it on the link and
# look at the neighbour table (no ping or arping needed).
in_use_elsewhere() {
	local dev=$1 state
	timeout 1 bash -c "exec 3<>/dev/tcp/$ADDR/7" >/dev/null 2>&1
	sleep 0.3
	state=$(ip -f "$FAMILY" neigh show "$ADDR" dev "$dev" 2>/dev/null)
	case "$state" in
	*lladdr*REACHABLE*|*lladdr*STALE*|*lladdr*DELAY*|*lladdr*PROBE*|*lladdr*PERMANENT*) return 0 ;;
	esac
	return 1
}

do_start() {
	local dev prefix
	if [ -n "$(configured_on)" ]; then
		ocf_log info "$ADDR is already configured on $(configured_on)"
		return 0
	fi
	need_root "ip:$ADDR"
	read -r dev prefix < <(find_interface)
	if [ -z "$dev" ]; then
		ocf_log err "ip:$ADDR: no interface has an address in the same subnet"
		return $OCF_ERR_CONFIGURED
	fi
	[ -n "$WANT_PREFIX" ] && prefix=$WANT_PREFIX
	if is_true "${OCF_RESKEY_monitor_link:-1}" && ! link_up "$dev"; then
		ocf_log err "ip:$ADDR: cannot add to $dev: no link"
		return $OCF_ERR_GENERIC
	fi
	if in_use_elsewhere "$dev"; then
		ocf_log err "ip:$ADDR: address is already in use by another host on $dev"
		return $OCF_ERR_GENERIC
	fi
	ocf_log info "Adding address $ADDR/$prefix to $dev"
	local extra=
	[ "$FAMILY" = inet6 ] && extra=nodad
	if ! ip -f "$FAMILY" addr add "$ADDR/$prefix" dev "$dev" $extra; then
		ocf_log err "ip:$ADDR: ip addr add failed"
		return $OCF_ERR_GENERIC
	fi
	return 0
}

do_stop() {
	local dev
	dev=$(configured_dev) || return $OCF_SUCCESS
	need_root "ip:$ADDR"
	ocf_log info "Removing address $ADDR from $dev"
	ip -o -f "$FAMILY" addr show dev "$dev" | awk -v a="$ADDR" '{ split($4, p, "/"); if (p[1] == a) print $4 }' |
	while read -r cidr; do ip -f "$FAMILY" addr del "$cidr" dev "$dev"; done
	if [ -n "$(configured_on)" ]; then
		ocf_log err "ip:$ADDR: still configured after removal"
		return $OCF_ERR_GENERIC
	fi
	return 0
}

do_status() {
	local dev
	dev=$(configured_dev) || return $OCF_NOT_RUNNING
	if is_true "${OCF_RESKEY_monitor_link:-1}" && [ "$dev" != lo ] && ! link_up "$dev"; then
		ocf_log err "ip:$ADDR: no link on $dev"
		return $OCF_ERR_GENERIC
	fi
	return 0
}

# The actions that act on the address refuse one that is not valid.
check_address() {
	if ! valid_address; then
		ocf_log err "ip: \"$OCF_RESKEY_address\" is not a valid $FAMILY address"
		exit $OCF_ERR_CONFIGURED
	fi
}

action_validate_all() { check_address; }
action_start() { check_address; do_start; }
action_stop() { check_address; do_stop; }
action_status() { check_address; do_status; }
action_restart() { do_stop && do_start; }
action_recover() { action_restart; }

run_action "$1"
