# test/bench/lib.sh: sourced by the benchmark scripts (bash). Figures, timing and a
# sandbox cluster running every daemon.
#
# Figures go to $BENCH_OUT (one TSV line each, rendered by Report.java):
#   section <TAB> figure <TAB> unit <TAB> v1,v2,... <TAB> ratio-to-figure|- <TAB> note
# A figure with a ratio-to names a figure of the same section measured in the same
# trials; Report.java divides trial by trial and reports those ratios too.

BENCH_TOP=${BENCH_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BIN=$BENCH_TOP/tools/bin
SB=$BIN/cluster-sandbox
AGENTS=$BENCH_TOP/rgmanager/agents

now_ns() { date +%s%N; }
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# wall_ms CMD...: wall time of one run of CMD in ms (its output dropped)
wall_ms() {
    local s
    s=$(date +%s%N)
    "$@" >/dev/null 2>&1
    echo $(( ($(date +%s%N) - s) / 1000000 ))
}

# figure SECTION NAME UNIT "V1 V2 ..." [RATIO_TO] [NOTE]
figure() {
    local vals
    vals=$(echo "$4" | xargs | tr ' ' ',')
    [ -n "$vals" ] || vals=""
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$vals" "${5:--}" "${6:-}" >> "${BENCH_OUT:-/dev/stdout}"
}

# note SECTION TEXT: a line of prose for the section (the how and the why)
note() { printf '%s\t#note\t\t\t\t%s\n' "$1" "$2" >> "${BENCH_OUT:-/dev/stdout}"; }

# budget SECTION WHAT LIMIT MEASURED met|missed WHY: a verdict against DESIGN.md's budgets
budget() { printf '%s\t#budget\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "${BENCH_OUT:-/dev/stdout}"; }

# median_of "V1 V2 ...": the median (awk), for budget verdicts
median_of() { echo "$1" | tr ' ,' '\n\n' | grep -v '^$' | sort -g | awk '{v[NR]=$1} END {if (NR == 0) print "nan"; else if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2] + v[NR/2+1]) / 2}'; }

log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }

# await SECONDS COMMAND...: poll COMMAND until it succeeds; 1 on timeout
await() {
    local deadline=$((SECONDS + $1)); shift
    until "$@" >/dev/null 2>&1; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.1
    done
}

# bench_conf FILE NODES SERVICES TOKEN_MS [QDISK_FILE QDISK_INTERVAL QDISK_TKO]
# A cluster.conf: nodes n1..nN (one vote each), fence_sandbox, SERVICES services s1..sM
# (one LSB script each, a link $BENCH_SVC.d/sI to $BENCH_SVC; no domain: rgmanager places them); optional quorum disk.
bench_conf() {
    local file=$1 nodes=$2 services=$3 token=$4 qfile=${5:-} qint=${6:-1} qtko=${7:-10}
    local i votes=$2 qd=""
    if [ -n "$qfile" ]; then
        votes=$((nodes + nodes - 1))
        qd="<quorumd interval=\"$qint\" tko=\"$qtko\" votes=\"$((nodes - 1))\" label=\"benchq\"/>"
    fi
    {
        echo '<?xml version="1.0"?>'
        echo "<cluster name=\"bench\" config_version=\"1\">"
        echo "  <cman expected_votes=\"$votes\"$([ "$nodes" = 2 ] && [ -z "$qfile" ] && echo ' two_node="1"')/>"
        echo "  <totem token=\"$token\"/>"
        [ -n "$qd" ] && echo "  $qd"
        echo '  <fence_daemon post_fail_delay="0" post_join_delay="3"/>'
        echo '  <clusternodes>'
        for i in $(seq 1 "$nodes"); do
            echo "    <clusternode name=\"n$i\" nodeid=\"$i\" votes=\"1\"><fence><method name=\"1\"><device name=\"sb\" port=\"n$i\"/></method></fence></clusternode>"
        done
        echo '  </clusternodes>'
        echo '  <fencedevices><fencedevice name="sb" agent="fence_sandbox"/></fencedevices>'
        echo '  <rm>'
        for i in $(seq 1 "$services"); do
            echo "    <service name=\"s$i\" autostart=\"1\" recovery=\"relocate\"><script name=\"s$i\" file=\"$BENCH_SVC.d/s$i\"/></service>"
        done
        echo '  </rm>'
        echo '</cluster>'
    } > "$file"
    mkdir -p "$BENCH_SVC.d"
    for i in $(seq 1 "$services"); do ln -sfn "$BENCH_SVC" "$BENCH_SVC.d/s$i"; done
}

# bench_service_script DIR: an LSB script standing for a real service: start leaves a
# process (sleep) whose pid file is per node and per name the script is called by, and
# the time it started (epoch ms) in PIDFILE.started.
bench_service_script() {
    BENCH_SVC=$1/bench-svc
    cat > "$BENCH_SVC" <<'SH'
#!/bin/sh
# LSB service for benchmarks: one sleeping process per service and node.
pidf=$CLUSTER_ROOT/var/run/bench-svc.${0##*/}.pid
running() { [ -f "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null; }
case "$1" in
start) running && exit 0; sleep 100000 >/dev/null 2>&1 & echo $! > "$pidf"; date +%s%3N > "$pidf.started"; exit 0 ;;
stop) running && kill "$(cat "$pidf")"; rm -f "$pidf"; exit 0 ;;
status) running && exit 0; exit 3 ;;
*) exit 0 ;;
esac
SH
    chmod +x "$BENCH_SVC"
}

# cluster_up SANDBOX CONF MODE: create a sandbox with every daemon (cman, qdiskd when the
# conf has a quorum disk, fenced, rgmanager; the sandbox's init scripts start them) and
# start it; returns once cman on every node counts every member and every rgmanager's
# socket exists.
cluster_up() {
    local sb=$1 conf=$2 mode=$3 n nodes count label
    "$SB" create "$sb" --conf "$conf" --net "$mode" --daemons all >/dev/null || return 1
    label=$(sed -n 's/.*<quorumd[^>]*label="\([^"]*\)".*/\1/p' "$conf")
    if [ -n "$label" ]; then "$SB" qdisk "$sb" "$label" >/dev/null || return 1; fi
    nodes=$("$SB" nodes "$sb" | awk '{print $1}')
    count=$(echo "$nodes" | wc -l)
    "$SB" start "$sb" > "$sb/start.log" 2>&1 || { start_failure "$sb"; return 1; }
    # one deadline for the whole cluster: 2 min plus 10 s a node
    local deadline=$((SECONDS + 120 + 10 * count))
    for n in $nodes; do
        await $((deadline - SECONDS)) sh -c "'$SB' exec '$sb' $n cman_tool status | grep -Eq '^Nodes: *$count\$'" || { log "cman on $n never saw $count members"; return 1; }
    done
    for n in $nodes; do
        await $((deadline - SECONDS + 30)) test -S "$sb/$n/var/run/cluster/rgmanager.sock" || { log "rgmanager did not start on $n"; return 1; }
    done
}

# start_failure SANDBOX: why a start failed, on stderr (the sandbox is removed after).
start_failure() {
    local sb=$1 f
    log "cluster start failed; its output and each node's daemon logs (last lines):"
    sed 's/^/  start: /' "$sb/start.log" >&2
    for f in "$sb"/*/var/log/cluster/*.out "$sb"/*/var/log/messages; do
        [ -s "$f" ] || continue
        echo "  --- ${f#"$sb"/}" >&2
        tail -n 8 "$f" | sed 's/^/  /' >&2
    done
}

# cluster_down SANDBOX: stop rgmanager first (its services), then everything; remove.
cluster_down() {
    local sb=$1 n
    [ -f "$sb/sandbox.env" ] || return 0
    for n in $("$SB" nodes "$sb" | awk '{print $1}'); do "$SB" power "$sb" "$n" off >/dev/null 2>&1; done
    "$SB" destroy "$sb" >/dev/null 2>&1
}

# services_started SANDBOX NODE COUNT: clustat as NODE shows COUNT started services
services_started() {
    [ "$("$SB" exec "$1" "$2" clustat 2>/dev/null | grep -c ' started *$')" -ge "$3" ]
}

# rss_kib PID / pss_kib PID: resident / proportional set size of a process in KiB
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null; }
pss_kib() { awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup" 2>/dev/null; }
