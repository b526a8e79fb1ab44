#!/bin/bash
# Real-process fencing drills on a three-node cluster-sandbox (loopback): real cman, real
# fenced, real agents. Needs a built tree (mvn -B -DskipTests package) and fence-agents.
#   fenced/drills/fence-drills.sh [WORKDIR]
# 1. web2 hangs (SIGSTOP, no TCP reset): web1 logs seed 000 scenario 2's fenced lines in
#    order, and fence_sandbox really kills every process of web2.
# 2. web3 stops cleanly (cluster-sandbox stop): nobody is fenced.
# 3. fence_node through fenced with Debian's fence_dummy: its status file proves the run.
# 4. web2 boots again and rejoins; cluster.conf (re-read by fenced) now names an agent that
#    is not installed: web2 hangs again -> repeated failures with a clear reason, nothing
#    marked fenced, until fence_ack_manual. web1 is alone then: nothing is tried until
#    quorum returns (cman_tool expected -e 1).
# Prints timings; exits non-zero on the first failed check.
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "$here/../../tools/bin" && pwd)
work=${1:-$(mktemp -d /tmp/fence-drills.XXXXXX)}
S="$bin/cluster-sandbox"
fail() { echo "FAIL: $*" >&2; [ -n "${KEEP:-}" ] || "$S" destroy "$work/sb" >/dev/null 2>&1; exit 1; }
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
wait_for() { # FILE PATTERN SECONDS
    local deadline=$((SECONDS + $3))
    until grep -qF -- "$2" "$1" 2>/dev/null; do [ $SECONDS -lt $deadline ] || return 1; sleep 0.01; done
}

mkdir -p "$work" && printf on > "$work/web1.status"
cat > "$work/cluster.conf" <<CONF
<?xml version="1.0"?>
<cluster name="drills" config_version="1">
  <totem token="3000"/>
  <logging><logging_daemon name="fenced" debug="on"/></logging>
  <fence_daemon post_fail_delay="0" post_join_delay="20" override_time="1"/>
  <clusternodes>
    <clusternode name="web1" nodeid="1"><fence><method name="1"><device name="dummy" status_file="$work/web1.status" action="off"/></method></fence></clusternode>
    <clusternode name="web2" nodeid="2"><fence><method name="1"><device name="sandbox" port="web2"/></method></fence></clusternode>
    <clusternode name="web3" nodeid="3"><fence><method name="1"><device name="sandbox" port="web3"/></method></fence></clusternode>
  </clusternodes>
  <fencedevices>
    <fencedevice name="sandbox" agent="fence_sandbox"/>
    <fencedevice name="dummy" agent="fence_dummy" type="file"/>
    <fencedevice name="missing" agent="fence_not_installed"/>
  </fencedevices>
</cluster>
CONF
"$S" create "$work/sb" --conf "$work/cluster.conf" >/dev/null || fail "create"
"$S" start "$work/sb" web1 web2 web3 || fail "start"
for n in web1 web2 web3; do "$S" exec "$work/sb" $n fence_tool join || fail "fence_tool join on $n"; done
log1="$work/sb/web1/var/log/cluster/fenced.log"
for i in $(seq 1 100); do
    "$S" exec "$work/sb" web1 fence_tool ls | grep -q "^members       1 2 3 $" && break; sleep 0.1
done

# 1. hang web2
t0=$(date +%s%N)
"$S" hang "$work/sb" web2
wait_for "$log1" 'fence "web2" success' 30 || fail "web2 was not fenced"
echo "drill 1: hang of web2 -> fence success in $(ms $t0) ms"
grep -E 'web2 not a cluster member|fencing node "web2"|fence "web2" success' "$log1" | sed 's/.*: //' > "$work/seq"
printf '%s\n' 'web2 not a cluster member after 0 sec post_fail_delay' 'fencing node "web2"' 'fence "web2" success' \
    | diff - "$work/seq" >/dev/null || fail "log sequence: $(cat "$work/seq")"
grep 'agent fence_sandbox for web2' "$log1" | sed 's/.*fenced\[[0-9]*\]: /  /'
[ -z "$("$S" pids "$work/sb" web2)" ] || fail "web2 still has processes after fence_sandbox"

# 2. clean stop of web3 (the cluster stays quorate: cman counts the clean leave)
before=$(wc -l < "$log1")
"$S" stop "$work/sb" web3
sleep 2
tail -n +$((before + 1)) "$log1" | grep -q 'web3' && fail "a clean stop fenced or considered web3: $(grep web3 "$log1")"
echo "drill 2: clean stop of web3 fenced nobody"

# 3. fence_node web1 through fenced, agent fence_dummy (run on web1 by its own fenced)
out=$("$S" exec "$work/sb" web1 fence_node -v web1 2>&1) || fail "fence_node web1: $out"
[ "$(cat "$work/web1.status")" = off ] || fail "fence_dummy did not power web1's status file off"
echo "drill 3: fence_node web1 via fence_dummy: $(echo "$out" | tail -1), status file off"

# 4. the fenced web2 boots again, then its agent goes missing
"$S" start "$work/sb" web2 || fail "restart web2"
"$S" exec "$work/sb" web2 fence_tool join || fail "fence_tool join on the rebooted web2"
for i in $(seq 1 100); do
    "$S" exec "$work/sb" web1 fence_tool ls | grep -q "^members       1 2 $" && break; sleep 0.1
done
conf1="$work/sb/web1/etc/cluster/cluster.conf"
sed -i 's/<device name="sandbox" port="web2"\/>/<device name="missing"\/>/; s#</fencedevices>#<fencedevice name="missing" agent="fence_not_installed"/></fencedevices>#' "$conf1"
"$S" hang "$work/sb" web2
# web1 alone is inquorate (quorum 2 of 3): nothing may be fenced until quorum returns
for i in $(seq 1 100); do
    "$S" exec "$work/sb" web1 fence_tool ls | grep -q "^wait state    quorum$" && break; sleep 0.1
done
"$S" exec "$work/sb" web1 fence_tool ls | grep -q "^wait state    quorum$" || fail "web1 alone should wait for quorum"
[ "$(grep -c 'fencing node "web2"' "$log1")" -eq 1 ] || fail "web2 fenced while inquorate"
"$S" exec "$work/sb" web1 cman_tool expected -e 1 || fail "cman_tool expected"
for i in $(seq 1 100); do [ "$(grep -c 'fence "web2" failed' "$log1")" -ge 2 ] && break; sleep 0.1; done
[ "$(grep -c 'fence "web2" failed' "$log1")" -ge 2 ] || fail "no repeated failures for web2"
grep -q 'agent fence_not_installed result: agent not found' "$log1" || fail "the missing agent is not named in the log"
"$S" exec "$work/sb" web1 fence_tool ls | grep -q "^victim count  1$" || fail "web2 should still be a victim"
"$S" exec "$work/sb" web1 fence_ack_manual web2 </dev/null >/dev/null || fail "fence_ack_manual web2"
wait_for "$log1" 'fence "web2" overridden by administrator intervention' 5 || fail "override not logged"
"$S" exec "$work/sb" web1 fence_ack_manual web2 </dev/null 2>/dev/null && fail "a second ack should be refused"
echo "drill 4: $(grep -c 'fence "web2" failed' "$log1") failed attempts of the rebooted web2, then fence_ack_manual"
"$S" destroy "$work/sb" >/dev/null
echo "all drills passed ($work)"
