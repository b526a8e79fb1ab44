#!/bin/bash
# The ccsd acceptance drill on real processes: three nodes in a loopback sandbox, each
# with cman and ccsd. Checks that an update reaches every node byte for byte and cman
# reloads it, that a node down during an update catches up when it starts, that two
# concurrent updates give one winner and one clear error, and that an invalid or older
# file is refused with nothing changed. Needs a build (mvn -B -DskipTests package);
# takes about 30 s. Usage: ccsd-drill.sh [SANDBOX_DIR]
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../../../.." && pwd)
S=$top/tools/bin/cluster-sandbox
SB=${1:-$(mktemp -d /tmp/ccsd-drill.XXXXXX)/sb}
work=$(dirname "$SB")
fails=0

check() { if eval "$2"; then echo "ok   - $1"; else echo "FAIL - $1"; fails=$((fails + 1)); fi; }
on() { local n=$1; shift; "$S" exec "$SB" "$n" "$@"; }
same_everywhere() {
    local want; want=$(md5sum < "$1")
    for n in node1 node2 node3; do [ "$(md5sum < "$SB/$n/etc/cluster/cluster.conf")" = "$want" ] || return 1; done
}
versions() { for n in node1 node2 node3; do on $n cman_tool version | awk '{print $3}'; done | sort -u | tr '\n' ' '; }
start_ccsd() { (setsid "$S" exec "$SB" "$1" ccsd > "$work/$1.ccsd.out" 2>&1 &); }
wait_synced() {
    local i
    for i in $(seq 1 100); do
        grep -qE "matches the cluster's|Update of cluster.conf complete" "$SB/$1/var/log/cluster/ccsd.log" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}
keep_logs() {
    if [ "$fails" -gt 0 ]; then
        for n in node1 node2 node3; do mkdir -p "$work/logs/$n"; cp "$SB/$n"/var/log/cluster/*.log "$SB/$n"/var/log/messages "$work/logs/$n/" 2>/dev/null; done
        echo "logs kept in $work/logs"
    fi
    "$S" destroy "$SB" >/dev/null 2>&1
}
trap keep_logs EXIT

"$S" create "$SB" --conf "$top/conf/examples/minimal.conf" >/dev/null || exit 2
"$S" start "$SB" || exit 2
# Like an init script, start ccsd once cman has formed the cluster (ccsd also copes with
# groups that formed apart and merge later, but the drill's checks want one cluster).
for i in $(seq 1 300); do [ "$(on node1 cman_tool status 2>/dev/null | sed -n 's/^Nodes: //p')" = 3 ] && break; sleep 0.1; done
for n in node1 node2 node3; do start_ccsd $n; done
for n in node1 node2 node3; do check "ccsd in sync on $n" "wait_synced $n"; done

v1=$SB/node1/etc/cluster/cluster.conf
sed 's/config_version="1"/config_version="2"/; s|</fencedevices>|</fencedevices>\n\t<rm>\n\t\t<service name="web" autostart="1"/>\n\t</rm>|' "$v1" > "$work/v2.conf"
out=$(on node2 ccs_tool update "$work/v2.conf" 2>&1)
check "update prints RHCS's messages" '[ "$out" = "$(printf "Config file updated from version 1 to 2\n\nUpdate complete.")" ]'
check "every node has v2 byte for byte" 'same_everywhere "$work/v2.conf"'
check "cman_tool version shows 2 everywhere" '[ "$(versions)" = "2 " ]'

"$S" stop "$SB" node3
sed 's/config_version="2"/config_version="3"/; s|autostart="1"/>|autostart="1"/>\n\t\t<service name="db" autostart="0"/>|' "$work/v2.conf" > "$work/v3.conf"
check "update while node3 is down" 'on node1 ccs_tool update "$work/v3.conf" >/dev/null 2>&1'
"$S" start "$SB" node3
for i in $(seq 1 300); do [ "$(on node1 cman_tool status 2>/dev/null | sed -n 's/^Nodes: //p')" = 3 ] && break; sleep 0.1; done
start_ccsd node3
check "node3 catches up when it starts again" 'for i in $(seq 1 100); do same_everywhere "$work/v3.conf" && break; sleep 0.1; done; same_everywhere "$work/v3.conf"'
sleep 0.5
check "cman_tool version shows 3 everywhere" '[ "$(versions)" = "3 " ]'

sed 's/config_version="3"/config_version="4"/; s/"db"/"db-a"/' "$work/v3.conf" > "$work/v4a.conf"
sed 's/config_version="3"/config_version="4"/; s/"db"/"db-b"/' "$work/v3.conf" > "$work/v4b.conf"
(on node1 ccs_tool update "$work/v4a.conf" > "$work/a.out" 2>&1; echo $? > "$work/a.rc") &
(on node2 ccs_tool update "$work/v4b.conf" > "$work/b.out" 2>&1; echo $? > "$work/b.rc") &
wait
check "two concurrent updates: exactly one wins" '[ "$(cat "$work/a.rc" "$work/b.rc" | sort | tr "\n" " ")" = "0 1 " ]'
check "the loser names the version it lost to" 'grep -hq "config_version 4" "$work/a.out" "$work/b.out"'
check "every node has the winner" 'same_everywhere "$work/v4a.conf" || same_everywhere "$work/v4b.conf"'

cp "$SB/node1/etc/cluster/cluster.conf" "$work/before.conf"
printf '<cluster name="minimal" config_version="9">\n<clusternodes>\n</cluster>\n' > "$work/broken.conf"
check "a broken file is refused" '! on node1 ccs_tool update "$work/broken.conf" 2>"$work/broken.err"'
check "the refusal names file and line" 'grep -q "broken.conf:3:" "$work/broken.err"'
check "an older version is refused" '! on node3 ccs_tool update "$work/v2.conf" 2>/dev/null'
check "nothing changed anywhere" 'same_everywhere "$work/before.conf"'

[ $fails -eq 0 ] && echo "ccsd drill: all checks passed" || echo "ccsd drill: $fails check(s) failed"
exit $((fails > 0))
