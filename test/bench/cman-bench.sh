#!/bin/bash
# cman benchmark: failure detection (SIGKILL, SIGSTOP) at a given token, cman_tool status
# wall time against `java -version`, resident memory of an idle cman.
# usage (from the source root, after mvn -B -DskipTests package): test/bench/cman-bench.sh [TOKEN_MS] [ROUNDS]
set -u
token=${1:-10000}; rounds=${2:-3}
cd "$(dirname "$0")/../.."
S=tools/bin/cluster-sandbox; D=$(mktemp -d)/sb; CP=tools/lib/cman-client.jar
conf=$(mktemp)
cat > "$conf" <<CONF
<?xml version="1.0"?>
<cluster name="bench" config_version="1">
  <cman/>
  <totem token="$token"/>
  <clusternodes>
    <clusternode name="n1" nodeid="1"/>
    <clusternode name="n2" nodeid="2"/>
    <clusternode name="n3" nodeid="3"/>
  </clusternodes>
</cluster>
CONF
trap '$S destroy $D; rm -f $conf' EXIT
$S create "$D" --conf "$conf" >/dev/null && $S start "$D" && $S exec "$D" n3 cman_tool wait -q -t 120 || exit 1
sleep 3
echo "token $token ms"
for n in n1 n2 n3; do echo "idle cman $n: $(grep VmRSS /proc/$(cat $D/$n/var/run/cluster/cman.pid)/status)"; done
settle=$(( token / 1000 + 4 ))
for i in $(seq 1 "$rounds"); do
    java -cp $CP test/bench/DetectionProbe.java "$D" n1 2 crash n3
    $S start "$D" n3 >/dev/null; $S exec "$D" n1 cman_tool wait -t 120; sleep 4
    java -cp $CP test/bench/DetectionProbe.java "$D" n1 2 hang n3
    $S resume "$D" n3; sleep "$settle"; $S start "$D" n3 >/dev/null 2>&1; sleep 4
done
t() { local s; s=$(date +%s%N); "$@" >/dev/null 2>&1; echo $(( ($(date +%s%N) - s) / 1000000 )); }
for i in $(seq 1 9); do echo "java -version $(t java -version) ms, cman_tool status $(t env CLUSTER_ROOT=$D/n1 tools/bin/cman_tool status) ms"; done
echo "load: $(uptime)"
