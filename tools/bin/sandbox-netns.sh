# Namespace-mode additions of cluster-sandbox, sourced by it (never run): a public network
# next to the cluster network, a client that keeps polling a service address, single
# cables, node power, and a quorum disk. Uses cluster-sandbox's load, node_index, die, $dir.
#
# Public network (created with every netns sandbox): bridge jpub-<id> carrying the
# gateway address <public>.1/24 (what qdisk heuristics ping), node i's eth1 with
# <public>.<10+i>/24 through veth jw<id>-<i>, and the client namespace jrhcs-<id>-c with
# <public>.2/24. <public> is 198.19.<b> when the cluster network is 198.18.<b>: another
# /24 of 198.18.0.0/15. Service addresses (the ip agent's VIPs) go in <public>.100-199:
# the agent adds them to eth1, the interface holding an address of the same subnet.
# State of these additions: DIR/netns.env.

netns_env() { echo "$dir/netns.env"; }

load_netns() {
    [ -f "$(netns_env)" ] || die "$dir has no public network (a netns sandbox made by this version of create)"
    # shellcheck disable=SC1090
    . "$(netns_env)"
}

client_ns() { echo "jrhcs-$ID-c"; }

# Called after create: the public network, for netns sandboxes only.
netns_extras_create() {
    [ "$MODE" = netns ] || return 0
    local public="198.19.${SUBNET##*.}" br="jpub-$ID" i=0 n
    ip link add "$br" type bridge || die "cannot create bridge $br"
    ip addr add "$public.1/24" dev "$br"
    ip link set "$br" up
    for n in $NODES; do
        i=$((i + 1))
        local ns="jrhcs-$ID-$i"
        ip link add "jw$ID-$i" type veth peer name "jq$ID-$i"
        ip link set "jq$ID-$i" netns "$ns"
        ip link set "jw$ID-$i" master "$br" up
        ip -n "$ns" link set "jq$ID-$i" name eth1
        ip -n "$ns" addr add "$public.$((10 + i))/24" dev eth1
        ip -n "$ns" link set eth1 up
    done
    local cns
    cns=$(client_ns)
    ip netns add "$cns"
    ip link add "jw$ID-c" type veth peer name "jq$ID-c"
    ip link set "jq$ID-c" netns "$cns"
    ip link set "jw$ID-c" master "$br" up
    ip -n "$cns" link set lo up
    ip -n "$cns" link set "jq$ID-c" name eth0
    ip -n "$cns" addr add "$public.2/24" dev eth0
    ip -n "$cns" link set eth0 up
    # The ip agent announces nothing when a VIP moves (no gratuitous ARP): with the kernel's
    # default neighbour timers the client would keep asking the old owner's MAC for up to
    # a minute. A client that re-resolves within about a second measures the cluster.
    local k v
    for k in delay_first_probe_time=1 ucast_probes=1 retrans_time_ms=200 base_reachable_time_ms=1000; do
        v=${k#*=}; k=${k%%=*}
        ip netns exec "$cns" sh -c "echo $v > /proc/sys/net/ipv4/neigh/eth0/$k" 2>/dev/null
    done
    {
        echo "PUBLIC=$public"
        echo "GATEWAY=$public.1"
        echo "CLIENT_ADDR=$public.2"
    } > "$(netns_env)"
    echo "public network $public.0/24: gateway $public.1, client $public.2 (namespace $cns)"
}

# Called before destroy: client, public network, loop device.
netns_extras_destroy() {
    [ -f "$dir/sandbox.env" ] || return 0
    load
    netns_client_stop 2>/dev/null
    if [ -f "$dir/qdisk.env" ]; then
        local QDISK_DEV=""
        # shellcheck disable=SC1091
        . "$dir/qdisk.env"
        [ -n "$QDISK_DEV" ] && losetup -d "$QDISK_DEV" 2>/dev/null
    fi
    [ "$MODE" = netns ] || return 0
    local i=0 n
    for n in $NODES; do
        i=$((i + 1))
        ip link del "jw$ID-$i" 2>/dev/null
    done
    ip link del "jw$ID-c" 2>/dev/null
    ip netns del "$(client_ns)" 2>/dev/null
    ip link del "jpub-$ID" 2>/dev/null
    return 0
}

# cable DIR NODE [public|cluster] down|up — the bridge side of one of the node's veths,
# so the node's own interface loses its carrier as with a pulled cable.
netns_cable() {
    load
    [ "$MODE" = netns ] || die "cable needs a netns sandbox"
    local node=$1 net=cluster state
    if [ $# -eq 3 ]; then net=$2; state=$3; elif [ $# -eq 2 ]; then state=$2; else die "cable DIR NODE [public|cluster] down|up"; fi
    case "$state" in down|up) ;; *) die "cable: down or up, not $state" ;; esac
    local i
    i=$(node_index "$node")
    case "$net" in
        cluster) ip link set "jv$ID-$i" "$state" ;;
        public) load_netns; ip link set "jw$ID-$i" "$state" ;;
        *) die "cable: public or cluster, not $net" ;;
    esac
}

# power DIR NODE off|on — fence_sandbox's power switch, by hand: off kills every process
# of the node (and, in netns mode, darkens it: see links), on lights it again (the node is
# then "booted", its var/run/cluster empty: start its daemons with start).
netns_power() {
    load
    [ $# -eq 2 ] || die "power DIR NODE off|on"
    node_index "$1" >/dev/null
    case "$2" in off|on) ;; *) die "power DIR NODE off|on" ;; esac
    "$bindir/fence_sandbox" -o "$2" -n "$1" -s "$dir" >/dev/null || die "power $2 of $1 failed"
}

# links DIR NODE down|up — down: both of the node's cables dark and the addresses its
# services added (VIPs) gone, as from a machine without power; up: cables back. Run by
# fence_sandbox on power off/on of a netns node.
netns_links() {
    load
    [ $# -eq 2 ] || die "links DIR NODE down|up"
    [ "$MODE" = netns ] || return 0
    local i
    i=$(node_index "$1")
    case "$2" in
        down)
            ip link set "jv$ID-$i" down
            [ -f "$(netns_env)" ] && ip link set "jw$ID-$i" down
            netns_drop_service_addresses "$1" ;;
        up)
            ip link set "jv$ID-$i" up
            [ -f "$(netns_env)" ] && ip link set "jw$ID-$i" up ;;
        *) die "links DIR NODE down|up" ;;
    esac
    return 0
}

# Every address of the node's eth1 but its own (what the ip agent added).
netns_drop_service_addresses() {
    [ -f "$(netns_env)" ] || return 0
    load_netns
    local i ns own a
    i=$(node_index "$1"); ns="jrhcs-$ID-$i"; own="$PUBLIC.$((10 + i))"
    for a in $(ip -n "$ns" -o -4 addr show dev eth1 2>/dev/null | awk '{print $4}'); do
        [ "${a%/*}" = "$own" ] || ip -n "$ns" addr del "$a" dev eth1 2>/dev/null
    done
}

# client DIR start ADDR [INTERVAL_MS] | stop | record — the polling client in its own
# namespace (netns) or on this host (loopback): every INTERVAL_MS (default 200) one ping
# and one HTTP GET of ADDR, each answer or failure a line of DIR/client.record.
netns_client() {
    load
    local what=${1:-}; shift || true
    case "$what" in
        start)
            [ $# -ge 1 ] || die "client DIR start ADDR [INTERVAL_MS]"
            netns_client_stop
            local run=()
            if [ "$MODE" = netns ]; then load_netns; run=(ip netns exec "$(client_ns)"); fi
            "${run[@]}" setsid "$bindir/drill_probe" --out "$dir/client.record" --interval "${2:-200}" "$1" \
                > "$dir/client.out" 2>&1 < /dev/null &
            echo $! > "$dir/client.pid"
            local n=0
            until [ -s "$dir/client.record" ]; do
                kill -0 "$(cat "$dir/client.pid")" 2>/dev/null || die "the client exited: $(cat "$dir/client.out")"
                [ $n -lt 300 ] || die "the client wrote nothing in 30 s"
                sleep 0.1; n=$((n + 1))
            done ;;
        stop) netns_client_stop ;;
        record) cat "$dir/client.record" 2>/dev/null ;;
        *) die "client DIR start ADDR [INTERVAL_MS] | stop | record" ;;
    esac
}

netns_client_stop() {
    local p
    p=$(cat "$dir/client.pid" 2>/dev/null) || return 0
    kill -TERM "$p" 2>/dev/null
    local n=0
    while kill -0 "$p" 2>/dev/null && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
    rm -f "$dir/client.pid"
}

# qdisk DIR LABEL — a quorum disk for every node: a loop device over DIR/qdisk.img when
# this machine has them (qdiskd finds it by label in /proc/partitions), else the file
# itself, named to each node's qdiskd in etc/sysconfig/qdiskd (QDISKD_SCAN).
netns_qdisk() {
    load
    [ $# -eq 1 ] || die "qdisk DIR LABEL"
    local label=$1 img="$dir/qdisk.img" dev="" n
    rm -f "$img"
    truncate -s 4M "$img" || die "cannot create $img"
    # (a container may hand out loop devices it then does not let us open: use the file)
    if [ "$(id -u)" = 0 ] && [ -z "${SANDBOX_QDISK_FILE:-}" ] && dev=$(losetup -f --show "$img" 2>/dev/null) && [ -n "$dev" ] \
        && { "$bindir/mkqdisk" -c "$dev" -l "$label" >/dev/null 2>&1 || { losetup -d "$dev"; false; }; }; then
        echo "QDISK_DEV=$dev" > "$dir/qdisk.env"
        echo "quorum disk $label on $dev ($img)"
    else
        "$bindir/mkqdisk" -c "$img" -l "$label" >/dev/null || die "mkqdisk -c $img failed"
        echo "QDISK_DEV=" > "$dir/qdisk.env"
        for n in $NODES; do
            mkdir -p "$dir/$n/etc/sysconfig"
            grep -v '^QDISKD_SCAN=' "$dir/$n/etc/sysconfig/qdiskd" 2>/dev/null > "$dir/$n/etc/sysconfig/qdiskd.new"
            echo "QDISKD_SCAN=$img" >> "$dir/$n/etc/sysconfig/qdiskd.new"
            mv "$dir/$n/etc/sysconfig/qdiskd.new" "$dir/$n/etc/sysconfig/qdiskd"
        done
        echo "quorum disk $label in the file $img (no loop device)"
    fi
}
