#!/bin/bash
# rgmanager benchmark on a 3-node loopback sandbox (real cman, fenced, rgmanager, an LSB
# script service): relocation time (clusvcadm -r -m wall time, and request to the start on
# the target), time from a failed status check to the service running again (restart in
# place), clustat wall time with 1 and with 1,000 services.
# usage (from the source root, after mvn -B -DskipTests package): test/bench/rg-bench.sh [ROUNDS]
# The service's <action name="status" depth="*" interval="2"/> makes the check run every
# 2 s instead of the script agent's 30 s; the measured recovery starts at the failing check.
set -u
rounds=${1:-5}
cd "$(dirname "$0")/../.."
S=tools/bin/cluster-sandbox; T=$(mktemp -d); D=$T/sb; svc=$T/benchsvc
cat > "$svc" <<'SVC'
#!/bin/sh
pidf=$CLUSTER_ROOT/var/run/benchsvc.pid; j=$CLUSTER_ROOT/var/log/benchsvc.journal
running() { [ -f "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null; }
case "$1" in
start) running && exit 0; sleep 100000 >/dev/null 2>&1 & echo $! > "$pidf"; echo "start $(date +%s%N)" >> "$j"; exit 0 ;;
stop) running && kill "$(cat "$pidf")"; rm -f "$pidf"; echo "stop $(date +%s%N)" >> "$j"; exit 0 ;;
status) if [ -f "$CLUSTER_ROOT/var/run/benchsvc.failonce" ]; then
            rm -f "$CLUSTER_ROOT/var/run/benchsvc.failonce"; echo "statusfail $(date +%s%N)" >> "$j"; exit 3; fi
        running && exit 0; exit 3 ;;
*) exit 3 ;;
esac
SVC
chmod +x "$svc"
conf() { # $1 version, $2 extra services
    cat <<CONF
<?xml version="1.0"?>
<cluster name="rgbench" config_version="$1">
  <cman expected_votes="3"/>
  <totem token="1000"/>
  <fence_daemon post_fail_delay="0" post_join_delay="3"/>
  <clusternodes>
    <clusternode name="n1" nodeid="1"><fence><method name="1"><device name="dummy"/></method></fence></clusternode>
    <clusternode name="n2" nodeid="2"><fence><method name="1"><device name="dummy"/></method></fence></clusternode>
    <clusternode name="n3" nodeid="3"><fence><method name="1"><device name="dummy"/></method></fence></clusternode>
  </clusternodes>
  <fencedevices><fencedevice name="dummy" agent="fence_dummy"/></fencedevices>
  <rm>
    <service name="web" recovery="restart" max_restarts="0"><script name="benchsvc" file="$svc"><action name="status" depth="*" interval="2"/></script></service>
$(for i in $(seq 1 "$2"); do echo "    <service name=\"s$i\" autostart=\"0\"/>"; done)
  </rm>
</cluster>
CONF
}
conf 1 0 > "$T/c1.conf"
trap '$S destroy $D >/dev/null 2>&1; rm -rf $T' EXIT
$S create "$D" --conf "$T/c1.conf" --daemons cman,fenced,rgmanager >/dev/null || exit 1
$S start "$D" >/dev/null || exit 1
ms() { echo $(( ($1 - $2) / 1000000 )); }
cs() { CLUSTER_ROOT=$D/$1 tools/bin/clustat "${@:2}"; }
owner() { cs n1 -x -s web 2>/dev/null | sed -n 's/.*owner="\([^"]*\)".*/\1/p'; }
wait_for() { local i; for i in $(seq 1 600); do eval "$1" && return 0; sleep 0.1; done; echo "timed out: $1" >&2; exit 1; }
wait_for '[ "$(cs n1 -x -s web | grep -c "state_str=\"started\"")" = 1 ]'
echo "web started on $(owner)"
# relocation: the request's wall time (JVM start included) and request -> start on the target
for i in $(seq 1 "$rounds"); do
    from=$(owner); to=n1; [ "$from" = n1 ] && to=n2
    before=$(cat "$D/$to/var/log/benchsvc.journal" 2>/dev/null | wc -l)
    t0=$(date +%s%N); $S exec "$D" n3 clusvcadm -r web -m "$to" >/dev/null; t1=$(date +%s%N)
    started=$(tail -n +$((before + 1)) "$D/$to/var/log/benchsvc.journal" | awk '$1=="start"{print $2; exit}')
    echo "relocation $from -> $to: clusvcadm $(ms "$t1" "$t0") ms, request to start on $to $(ms "$started" "$t0") ms"
done
# failed status check -> running again (restart in place)
for i in $(seq 1 "$rounds"); do
    o=$(owner); j=$D/$o/var/log/benchsvc.journal
    before=$(wc -l < "$j")
    touch "$D/$o/var/run/benchsvc.failonce"
    wait_for '[ -n "$(tail -n +$((before + 1)) "$j" | awk '"'"'$1=="statusfail"{f=1} f&&$1=="start"{print; exit}'"'"')" ]'
    fail=$(tail -n +$((before + 1)) "$j" | awk '$1=="statusfail"{print $2; exit}')
    start=$(tail -n +$((before + 1)) "$j" | awk '$1=="statusfail"{f=1} f&&$1=="start"{print $2; exit}')
    echo "failed status check on $o -> running again: $(ms "$start" "$fail") ms"
    wait_for '[ "$(cs n1 -x -s web | grep -c "state_str=\"started\"")" = 1 ]'
done
t() { local s; s=$(date +%s%N); "$@" >/dev/null 2>&1; echo $(( ($(date +%s%N) - s) / 1000000 )); }
for i in $(seq 1 "$rounds"); do echo "clustat, 1 service: $(t cs n1) ms; clustat -x: $(t cs n1 -x) ms"; done
conf 2 1000 > "$T/c2.conf"
for n in n1 n2 n3; do cp "$T/c2.conf" "$D/$n/etc/cluster/cluster.conf"; done
wait_for '[ "$(cs n1 | grep -c "service:")" -ge 1001 ]'
for i in $(seq 1 "$rounds"); do echo "clustat, 1001 services: $(t cs n1) ms; clustat -x: $(t cs n1 -x) ms; -s web: $(t cs n1 -s web) ms"; done
echo "java -version: $(t java -version) ms"
echo "load: $(uptime)"
