#!/bin/bash
# Memory of one node's daemons (cman, ccsd, fenced, qdiskd, rgmanager): a one-node cluster
# with a quorum disk (so no other node's daemons share its pages), idle (two services)
# and with a given number of services started. Per launcher variant: sum of RSS, sum of PSS, distinct resident pages
# (node_mem.py), and each daemon's RSS; one Native Memory Tracking summary per daemon for
# the last variant with NMT=1.
# usage: test/bench/memory.sh TRIALS "LOADS" VARIANT...   (LOADS: idle and/or a service count)
#   VARIANT = name|cds(on|off)|base-opts(- = launcher default, commas for spaces)|env(k=v,...)
set -u
. "$(dirname "$0")/lib.sh"
trials=$1 loads=$2; shift 2
work=$(mktemp -d /tmp/jrhcs-mem.XXXXXX)
trap 'cluster_down "$work/sb"; rm -rf "$work"' EXIT
bench_service_script "$work"
settle=${MEM_SETTLE:-15}

measure() { # measure VARIANT LOADNAME: one trial, prints "rss pss union cman ccsd fenced qdiskd rgmanager"
    local pids d p line
    pids=$("$SB" pids "$work/sb" n1)
    line=$(python3 "$BENCH_TOP/test/bench/node_mem.py" $(echo "$pids" | awk '{print $2}') 2>/dev/null)
    for d in cman ccsd fenced qdiskd rgmanager; do
        p=$(echo "$pids" | awk -v d=$d '$1 == d {print $2}')
        line="$line $( [ -n "$p" ] && rss_kib "$p" || echo 0)"
    done
    echo "$line"
}

for variant in "$@"; do
    IFS="|" read -r vname vcds vopts venv <<< "$variant"
    [ "$vopts" = - ] && unset JRHCS_DAEMON_BASE_OPTS || export JRHCS_DAEMON_BASE_OPTS=${vopts//,/ }
    export JRHCS_CDS=$vcds
    for load in $loads; do
        nsvc=$([ "$load" = idle ] && echo 2 || echo "$load")
        results=()
        for t in $(seq 1 "$trials"); do
            log "memory: $vname, $load, trial $t"
            bench_conf "$work/cluster.conf" 1 "$nsvc" 21000 "$work/qdisk.img" 1 10
            t0=$(now_ns)
            ( [ -n "$venv" ] && export ${venv//,/ }; cluster_up "$work/sb" "$work/cluster.conf" loopback ) \
                || { log "memory: cluster did not start"; cluster_down "$work/sb"; continue; }
            await 900 services_started "$work/sb" n1 "$nsvc" || log "memory: not all $nsvc services started"
            [ "$load" != idle ] && figure memory "start $nsvc services on one node ($vname)" ms "$(ms_since "$t0")"
            sleep "$settle"
            results+=("$(measure)")
            if [ -n "${NMT:-}" ] && [ "$t" = 1 ]; then
                "$SB" pids "$work/sb" n1 | while read -r d p; do jcmd "$p" VM.native_memory summary > "$NMT/$vname-$load-$d.txt" 2>&1; done
            fi
            cluster_down "$work/sb"
        done
        col() { printf '%s\n' "${results[@]}" | awk -v c=$1 '{printf "%.1f ", $c/1024}'; }
        figure memory "node daemons, distinct resident pages, $load ($vname)" MiB "$(col 3)"
        figure memory "node daemons, sum of PSS, $load ($vname)" MiB "$(col 2)"
        figure memory "node daemons, sum of RSS, $load ($vname)" MiB "$(col 1)"
        i=4; for d in cman ccsd fenced qdiskd rgmanager; do
            figure memory "$d RSS, $load ($vname)" MiB "$(col $i)"; i=$((i + 1))
        done
    done
done
