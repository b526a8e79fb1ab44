#!/bin/bash
# A 2+2 network partition of the seed-000 cluster with the quorum disk shared by all four:
# exactly one half stays quorate (the master's), the other blocks (qdisk(5) 2.5).
# Needs root (network namespaces). Usage: qdiskd/drills/partition-2-2.sh [WORKDIR]
DRILL_DIR=$(readlink -f "${1:-/tmp/qdiskd-drill-$$}")
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || { echo "skip: needs root for network namespaces"; exit 0; }
trap cleanup EXIT
start_cluster netns
wait_for 60 "qdisk votes counted" figures web2 4 6 4 2
"$SB" partition "$SBDIR" web2,Mysql2 Mysql1,web1
both_settled() {
    [ "$(field web2 Nodes)" = 2 ] && [ "$(field web1 Nodes)" = 2 ] &&
    [ "$(field Mysql2 Nodes)" = 2 ] && [ "$(field Mysql1 Nodes)" = 2 ]
}
wait_for 60 "both halves see two nodes" both_settled
quorate_count() {
    local n c=0
    for n in web2 Mysql2 Mysql1 web1; do inquorate "$n" || c=$((c + 1)); done
    echo $c
}
# the master withdraws the other half's grant within a few 1 s cycles
wait_for 30 "exactly two nodes quorate" test "$(quorate_count)" = 2
quorate=$(quorate_count)
if inquorate web2; then q=(Mysql1 web1); b=(web2 Mysql2); else q=(web2 Mysql2); b=(Mysql1 web1); fi
[ $quorate = 2 ] || fail "$quorate nodes quorate, expected exactly one half (2)"
inquorate "${q[0]}" || inquorate "${q[1]}" && fail "the quorate half is split"
pass "exactly one half quorate: ${q[*]}; blocked: ${b[*]}"
"$SB" heal "$SBDIR"
