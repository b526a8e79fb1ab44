#!/bin/bash
# Seed 000, drill 1: web2 (node 1) shuts down cleanly. The others log
# "qdiskd: <info> Node 1 shutdown" and nobody writes an eviction notice for it.
# Usage: qdiskd/drills/seed-000-clean-shutdown.sh [WORKDIR]   (after mvn -DskipTests package)
DRILL_DIR=$(readlink -f "${1:-/tmp/qdiskd-drill-$$}")
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT
start_cluster loopback
wait_for 60 "qdisk votes counted" figures web1 4 6 4 2
"$SB" stop "$SBDIR" web2
shutdown_seen() { grep -q "qdiskd\[[0-9]*\]: <info> Node 1 shutdown" "$SBDIR/web1/var/log/messages"; }
wait_for 30 "Node 1 shutdown logged on web1" shutdown_seen
pass "web1: qdiskd: <info> Node 1 shutdown"
three_quorate() { [ "$(field web1 Nodes)" = 3 ] && ! inquorate web1 && [ "$(field web1 "Quorum device votes")" = 2 ]; }
wait_for 60 "three members, quorate, disk still counted" three_quorate
if cat "$SBDIR"/*/var/log/messages | grep -q "Writing eviction notice for node 1"; then
    fail "a cleanly stopped node was evicted"
fi
pass "no eviction notice for node 1; web1 sees 3 nodes and stays quorate"
