#!/bin/bash
# Scale: real node processes (each node = cman, ccsd, fenced, rgmanager, + qdiskd with a
# quorum disk) in a loopback sandbox, for growing node counts; per size: the time until
# every cman counts every member, memory and load, how long a survivor takes to see one
# node crash (SIGKILL) and one node join again; then SERVICES services on the largest
# size that came up: time to start them all, and time until every service of a crashed
# node runs elsewhere.
# usage: test/bench/scale.sh "SIZES" SERVICES [SVCSIZE]   e.g. "4 8 16q 32" 1000 8
#   (Nq: with a quorum disk; SVCSIZE: the size for the services part, default the largest
#   that came up -- on 2 shared cores 32 nodes' rgmanagers did not come up in 7 minutes)
set -u
. "$(dirname "$0")/lib.sh"
sizes=$1 services=$2 svcsize=${3:-}
work=$(mktemp -d /tmp/jrhcs-scale.XXXXXX)
trap 'cluster_down "$work/sb"; rm -rf "$work"' EXIT
bench_service_script "$work"
started_count() { "$SB" exec "$work/sb" "$1" clustat 2>/dev/null | grep -c ' started *$'; }
fitted="" largest=""
for size in $sizes; do
    n=${size%q} q=""; [ "$size" != "$n" ] && q=yes
    log "scale: $n nodes${q:+ with a quorum disk}"
    bench_conf "$work/cluster.conf" "$n" 0 10000 "${q:+qdisk}" 1 4
    t0=$(now_ns)
    if ! cluster_up "$work/sb" "$work/cluster.conf" loopback; then
        note scale "$n nodes${q:+ with a quorum disk}: did not come up within the start-up deadlines (load $(cut -d' ' -f1-3 /proc/loadavg))."
        cluster_down "$work/sb"; break
    fi
    up=$(ms_since "$t0")
    sleep 10
    jvms=$(for i in $(seq 1 "$n"); do "$SB" pids "$work/sb" "n$i"; done | wc -l)
    used=$(free -m | awk '/^Mem:/ {print $3}')
    load=$(cut -d' ' -f1 /proc/loadavg)
    figure scale "$n nodes${q:+ + qdisk}: start to full membership (all nodes at once)" ms "$up"
    figure scale "$n nodes${q:+ + qdisk}: daemon JVMs" count "$jvms"
    figure scale "$n nodes${q:+ + qdisk}: machine memory in use" MiB "$used"
    figure scale "$n nodes${q:+ + qdisk}: load average (1 min) 10 s after start" load "$load"
    out=$(cd "$BENCH_TOP" && java -cp tools/lib/cman-client.jar test/bench/DetectionProbe.java "$work/sb" n1 $((n - 1)) crash "n$n" 2>&1 | tail -n 1)
    d=$(echo "$out" | sed -n 's/.*detected after \([0-9]*\) ms.*/\1/p')
    figure scale "$n nodes${q:+ + qdisk}: crash of one node seen by n1 (token 10000)" ms "$d"
    await 60 sh -c "'$SB' exec '$work/sb' n1 fence_tool ls | grep -q '^wait state *none'"
    "$SB" power "$work/sb" "n$n" on >/dev/null 2>&1
    t1=$(now_ns)
    "$SB" start "$work/sb" "n$n" >/dev/null 2>&1
    if await 120 sh -c "'$SB' exec '$work/sb' n1 cman_tool status | grep -Eq '^Nodes: *$n\$'"; then
        figure scale "$n nodes${q:+ + qdisk}: one node joins again (start to membership)" ms "$(ms_since "$t1")"
    fi
    fitted="$fitted $size"; largest=$size
    cluster_down "$work/sb"
done
note scale "Sizes that came up: ${fitted:-none} (asked: $sizes). Every node runs its own JVMs; the limit on this machine is CPU (2 cores shared with other builds) rather than memory: see the load figures."

[ -n "$largest" ] && [ "$services" -gt 0 ] || exit 0
[ -n "$svcsize" ] && largest=$svcsize
n=${largest%q} q=""; [ "$largest" != "$n" ] && q=yes
log "scale: $services services on $n nodes"
bench_conf "$work/cluster.conf" "$n" "$services" 10000 "${q:+qdisk}" 1 4
t0=$(now_ns)
cluster_up "$work/sb" "$work/cluster.conf" loopback || { note scale "$services services on $n nodes: the cluster did not start."; exit 0; }
t1=$(now_ns)
if await 900 sh -c "[ \$('$SB' exec '$work/sb' n1 clustat 2>/dev/null | grep -c ' started *\$') -ge $services ]"; then
    figure scale "$services services on $n nodes: all started, from rgmanager up" ms "$(ms_since "$t1")"
    victim=n$n
    mine=$("$SB" exec "$work/sb" n1 clustat 2>/dev/null | grep -c " $victim  *started *\$")
    t2=$(now_ns)
    "$SB" crash "$work/sb" "$victim"
    if await 900 sh -c "[ \$('$SB' exec '$work/sb' n1 clustat 2>/dev/null | grep -v ' $victim ' | grep -c ' started *\$') -ge $services ]"; then
        figure scale "$services services on $n nodes: the $mine services of a crashed node running elsewhere (token 10000)" ms "$(ms_since "$t2")"
    else
        note scale "$services services on $n nodes: the crashed node's $mine services were not all running elsewhere after 15 min."
    fi
else
    note scale "$services services on $n nodes: not all started within 15 min ($(started_count n1) started)."
fi
