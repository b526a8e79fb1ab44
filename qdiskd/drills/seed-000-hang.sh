#!/bin/bash
# A hung node (every daemon SIGSTOPped, no TCP reset) is evicted by the master after tko
# missed cycles; when it resumes it reads the eviction notice for its own life and removes
# itself at once (sandbox self-fence: every daemon of the node dies).
# Usage: qdiskd/drills/seed-000-hang.sh [WORKDIR]   (after mvn -DskipTests package)
DRILL_DIR=$(readlink -f "${1:-/tmp/qdiskd-drill-$$}")
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT
start_cluster loopback
wait_for 60 "qdisk votes counted" figures web2 4 6 4 2
"$SB" hang "$SBDIR" Mysql1
evicted() { grep -q "qdiskd\[[0-9]*\]: <notice> Node 3 evicted" "$SBDIR/web2/var/log/messages"; }
wait_for 30 "Node 3 evicted" evicted
pass "hung Mysql1 (node 3): qdiskd: Node 3 evicted"
"$SB" resume "$SBDIR" Mysql1
gone() { [ -z "$("$SB" pids "$SBDIR" Mysql1)" ]; }
wait_for 30 "Mysql1's daemons gone after it read its eviction notice" gone
grep -q "qdiskd\[[0-9]*\]: <crit> Node 3 evicted by master node" "$SBDIR/Mysql1/var/log/messages" ||
    fail "Mysql1 did not log its own eviction"
pass "resumed Mysql1 read its eviction notice and removed itself"
