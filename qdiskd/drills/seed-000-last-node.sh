#!/bin/bash
# Seed 000, drill 5: three of four nodes crash one after another; the survivor stays
# quorate thanks to the quorum disk, and cman_tool status shows the seed's figures
# (SPEC.md "The seeds", 000). Then without qdiskd the lone survivor is inquorate.
# Usage: qdiskd/drills/seed-000-last-node.sh [WORKDIR]   (after mvn -DskipTests package)
DRILL_DIR=$(readlink -f "${1:-/tmp/qdiskd-drill-$$}")
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT
start_cluster loopback
wait_for 60 "qdisk votes counted" figures web2 4 6 4 2
pass "4 nodes + quorum disk: Total votes 6"

"$SB" crash "$SBDIR" web1
wait_for 60 "seed figures after the first crash" figures web2 3 5 3 2
pass "after web1 crashed: Nodes 3, Expected votes 6, Quorum device votes 2, Total votes 5, Quorum 3"
notice_written() { cat "$SBDIR"/*/var/log/messages | grep -q "qdiskd\[[0-9]*\]: <notice> Writing eviction notice for node 4"; }
# a dead master is evicted only after a new master is elected: allow for that
wait_for 30 "the master writes an eviction notice for node 4" notice_written
wait_for 30 "Node 4 evicted logged" grep -q "qdiskd\[[0-9]*\]: <notice> Node 4 evicted" "$SBDIR/web2/var/log/messages"
pass "qdiskd: Node 4 evicted"

"$SB" crash "$SBDIR" Mysql1
wait_for 60 "two nodes left" figures web2 2 4 3 2
"$SB" crash "$SBDIR" Mysql2
wait_for 60 "seed figures for the last node" figures web2 1 3 2 2
inquorate web2 && fail "the survivor is inquorate"
pass "lone survivor: Nodes 1, Total votes 3, Quorum 2, quorate"

kill -TERM "$(cat "$SBDIR/web2/var/run/cluster/qdiskd.pid")"
wait_for 30 "inquorate without qdiskd" inquorate web2
pass "without qdiskd the lone survivor is inquorate"
