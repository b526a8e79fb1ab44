#!/bin/bash
# Start-up of the everyday tools against a running one-node cluster (cman, fenced,
# rgmanager; one service): wall time and CPU time (user + system, 1 ms resolution from
# bash's `times`) of clustat, clusvcadm -S, cman_tool status, ccs_tool lsnode and
# fence_node (an unknown node: the request goes through fenced, no agent runs) through the
# launcher; clustat and cman_tool without the tools' class-data archive (JRHCS_CDS=off)
# and with the JDK's archive relocated (JDK 17's default); the launcher's shell work
# alone; each as a ratio to a bare `java -version` measured in the same trial (the
# commands of one trial run back to back, in turn, so load hits them alike).
# usage: test/bench/tools.sh TRIALS [CLUSTATSB]   (CLUSTATSB: also time clustat in that sandbox's n1)
set -u
. "$(dirname "$0")/lib.sh"
trials=$1 big=${2:-}
work=$(mktemp -d /tmp/jrhcs-tools.XXXXXX)
trap 'cluster_down "$work/sb"; rm -rf "$work"' EXIT
bench_service_script "$work"
bench_conf "$work/cluster.conf" 1 1 10000
cluster_up "$work/sb" "$work/cluster.conf" loopback || { log "tools: the cluster did not start"; exit 1; }
await 60 services_started "$work/sb" n1 1 || log "tools: the service did not start"
mkdir -p "$work/nojava/bin"
printf '#!/bin/sh\nexit 0\n' > "$work/nojava/bin/java"; chmod +x "$work/nojava/bin/java"
export CLUSTER_ROOT=$work/sb/n1 CLUSTER_NODE=n1

# one run: prints "wall_ms cpu_ms". CPU from bash's `times` (children's user and system
# time, ms resolution) around the command alone: GNU time's %U/%S truncate to 10 ms each,
# which took up to 20 ms off a 30-60 ms run and skewed the ratios.
run() {
    local s e
    s=$EPOCHREALTIME
    times > "$work/t0"
    "$@" >/dev/null 2>&1
    times > "$work/t1"
    e=$EPOCHREALTIME
    echo "$(awk -v s="$s" -v e="$e" 'BEGIN {printf "%d", (e - s) * 1000}') $(child_cpu_ms "$work/t1") $(child_cpu_ms "$work/t0")" \
        | awk '{printf "%d %d\n", $1, $2 - $3}'
}
# child_cpu_ms FILE: user + system ms of waited-for children in a `times` output
child_cpu_ms() { awk 'NR == 2 {for (i = 1; i <= 2; i++) {split($i, p, "m"); sub("s", "", p[2]); t += p[1] * 60 + p[2]}; printf "%d", t * 1000 + 0.5}' "$1"; }
declare -A wall cpu
names=("java -version" "clustat" "clusvcadm -S" "cman_tool status" "ccs_tool lsnode" "fence_node (unknown node, through fenced)"
       "clustat without the tools' archive (JRHCS_CDS=off)" "cman_tool status without the tools' archive (JRHCS_CDS=off)"
       "clustat, archive relocated (JDK 17's default)" "launcher shell only (clustat, java stubbed)")
cmds=("java -version" "$BIN/clustat" "$BIN/clusvcadm -S" "$BIN/cman_tool status" "$BIN/ccs_tool lsnode" "$BIN/fence_node no-such-node"
      "env JRHCS_CDS=off $BIN/clustat" "env JRHCS_CDS=off $BIN/cman_tool status"
      "env JRHCS_CLI_OPTS=-XX:ArchiveRelocationMode=1 $BIN/clustat" "env JAVA_HOME=$work/nojava $BIN/clustat")
stub=9                                  # the stubbed launcher: not run for real, no CPU ratio
expect_rc=([5]=2)                       # fence_node of an unknown node: "undefined", exit 2
if [ -n "$big" ]; then
    names+=("clustat, 1 service" "clustat, 1,000 services")
    cmds+=("$BIN/clustat" "env CLUSTER_ROOT=$big/n1 $BIN/clustat")
fi
for k in "${!cmds[@]}"; do   # each command works (a failing one would time its error path)
    [ $k = $stub ] && continue
    ${cmds[$k]} >/dev/null 2>"$work/err"
    rc=$?
    [ $rc = "${expect_rc[$k]:-0}" ] || { log "tools: '${names[$k]}' exits $rc: $(head -c 300 "$work/err")"; exit 1; }
done
for i in 1 2 3; do for c in "${cmds[@]}"; do $c >/dev/null 2>&1; done; done   # warm the page cache
for t in $(seq 1 "$trials"); do
    for k in "${!cmds[@]}"; do
        read -r w c <<< "$(run ${cmds[$k]})"
        wall[$k]="${wall[$k]:-} $w"; cpu[$k]="${cpu[$k]:-} $c"
    done
done
# where a tool's time goes: JVM start to its main class, main class to exit (class-load log
# with uptime stamps), and how many classes came from neither archive
profile() { # profile NAME MAINCLASS CMD...
    local name=$1 main=$2 pre="" run="" cls="" i l
    shift 2
    for i in $(seq 1 "$trials"); do
        JRHCS_CLI_OPTS="-Xlog:class+load:file=$work/cl.log:uptime" "$@" >/dev/null 2>&1
        l=$(awk -v m="$main" '{t = substr($1, 2) + 0} index($0, "] " m " source") && !s {s = t} END {printf "%d %d", s * 1000, (t - s) * 1000}' "$work/cl.log")
        pre="$pre ${l% *}"; run="$run ${l#* }"
        cls="$cls $(grep -vc 'shared objects file' "$work/cl.log")"
    done
    figure tools "$name: JVM start to main class (class-load log)" ms "$pre"
    figure tools "$name: main class to exit (class-load log)" ms "$run"
    figure tools "$name: classes loaded from jars or jimage, not an archive" count "$cls"
}
profile clustat org.jrhcs.tools.clustat.Clustat "$BIN/clustat"
profile "cman_tool status" org.jrhcs.tools.cman_tool.CmanTool "$BIN/cman_tool" status
figure tools "java -version: JVM start to exit (class-load log)" ms "$(for i in $(seq 1 "$trials"); do java -Xlog:class+load:file="$work/cl.log":uptime -version 2>/dev/null; tail -n 1 "$work/cl.log" | awk '{printf "%d ", (substr($1, 2) + 0) * 1000}'; done)"
note tools "Each trial runs every command once, in turn, against a one-node cluster; ratios are per trial. CPU time is user + system of the process tree (bash's times, 1 ms resolution), less sensitive to other load than wall time. The tools run with their class-data archive (jrhcs-cli.jsa beside the jars: the JDK's and the tools' classes they load, made by the build with jrhcs-launch --make-cds; here for the copy of tools/lib the run measures), C1 at 10x the default compile thresholds, and the selector provider named (no service look-up through every jar). What each costs or gains: see the variants (no archive; the JDK's archive relocated) and the class-load profile."
for k in "${!cmds[@]}"; do
    ref="java -version (wall)"; [ "${names[$k]}" = "clustat, 1,000 services" ] && ref="clustat, 1 service (wall)"
    [ $k = 0 ] && ref=-
    figure tools "${names[$k]} (wall)" ms "${wall[$k]}" "$ref"
done
for k in "${!cmds[@]}"; do
    [ $k -lt $stub ] || continue
    figure tools "${names[$k]} (CPU)" ms "${cpu[$k]}" "$([ $k = 0 ] && echo - || echo 'java -version (CPU)')"
done
