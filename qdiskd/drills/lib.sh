# Shared by the qdiskd drills: a sandbox cluster (tools/bin/cluster-sandbox) whose nodes run
# cman and qdiskd on one shared disk file. Source it; set DRILL_DIR first.
set -u
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SB=$top/tools/bin/cluster-sandbox
BIN=$top/tools/bin
DISK=$DRILL_DIR/qdisk.img
SBDIR=$DRILL_DIR/sandbox

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

# The seed-000 cluster: four nodes of one vote, a quorum disk of two votes (expected 6),
# last_man_standing. Short timings so a drill takes about a minute.
write_conf() {
    cat > "$DRILL_DIR/cluster.conf" <<CONF
<?xml version="1.0"?>
<cluster name="mycluster" config_version="1">
	<cman expected_votes="6" last_man_standing="1" last_man_standing_window="2000"/>
	<totem token="10000"/>
	<quorumd interval="1" tko="4" votes="2" label="myqdisk"/>
	<clusternodes>
		<clusternode name="web2" nodeid="1" votes="1"/>
		<clusternode name="Mysql2" nodeid="2" votes="1"/>
		<clusternode name="Mysql1" nodeid="3" votes="1"/>
		<clusternode name="web1" nodeid="4" votes="1"/>
	</clusternodes>
</cluster>
CONF
}

# start_cluster NET: create the sandbox, the disk, start cman then qdiskd on every node.
# DRILL_LOOP=1 (root) puts the disk on a loop device, which qdiskd then finds by label
# among the block devices of /proc/partitions.
LOOPDEV=""
start_cluster() {
    mkdir -p "$DRILL_DIR"
    "$SB" destroy "$SBDIR" >/dev/null 2>&1
    write_conf
    "$SB" create "$SBDIR" --conf "$DRILL_DIR/cluster.conf" --net "$1" >/dev/null || fail "sandbox create"
    rm -f "$DISK" # a fresh disk: an earlier run's blocks would look in use to mkqdisk
    if [ "${DRILL_LOOP:-0}" = 1 ]; then
        truncate -s 1M "$DISK"
        LOOPDEV=$(losetup -f --show "$DISK") || fail "losetup"
        "$BIN/mkqdisk" -c "$LOOPDEV" -l myqdisk >/dev/null || fail "mkqdisk -c $LOOPDEV"
        "$BIN/mkqdisk" -f myqdisk | grep -q "^$LOOPDEV:" || fail "mkqdisk -f does not find $LOOPDEV"
        echo "disk: $LOOPDEV"
    else
        "$BIN/mkqdisk" -c "$DISK" -l myqdisk >/dev/null || fail "mkqdisk -c"
    fi
    "$SB" start "$SBDIR" || fail "cman start"
    for n in web2 Mysql2 Mysql1 web1; do
        "$SB" exec "$SBDIR" "$n" env QDISKD_SCAN="$DISK" sh -c 'qdiskd >> "$CLUSTER_ROOT/var/log/cluster/qdiskd.out" 2>&1 &'
    done
}

status() { "$SB" exec "$SBDIR" "$1" cman_tool status; }

# field NODE NAME: one value of cman_tool status ("Total votes", "Quorum", ...)
field() { status "$1" | sed -n "s/^$2: *//p" | awk '{print $1}'; }

# wait_for SECONDS DESCRIPTION COMMAND...: poll until COMMAND succeeds
wait_for() {
    local limit=$1 what=$2; shift 2
    local deadline=$((SECONDS + limit))
    until "$@"; do
        [ $SECONDS -lt $deadline ] || fail "timed out after ${limit}s: $what"
        sleep 0.5
    done
}

# figures NODE NODES TOTAL QUORUM [DEVICE_VOTES]: cman_tool status shows exactly these
figures() {
    local s
    s=$(status "$1") || return 1
    echo "$s" | grep -qx "Nodes: $2" &&
    echo "$s" | grep -qx "Expected votes: 6" &&
    echo "$s" | grep -qx "Total votes: $3" &&
    echo "$s" | grep -Eq "^Quorum: $4 *$" &&
    { [ -z "${5:-}" ] || echo "$s" | grep -qx "Quorum device votes: $5"; }
}

inquorate() { status "$1" | grep -q "Activity blocked"; }

cleanup() {
    [ "${DRILL_KEEP:-0}" = 1 ] && return
    "$SB" destroy "$SBDIR" >/dev/null 2>&1
    [ -z "$LOOPDEV" ] || losetup -d "$LOOPDEV"
}
