#!/bin/bash
# Policy-function micro-benchmarks (JMH, test/src/test/java/org/jrhcs/bench): placement of
# 1,000 services on 32 nodes, quorum, the qdisk master's cycle, the reload delta of 1,000
# services. Compiles the test module (offline), runs JMH in its own forks and writes one
# figure per benchmark (cost per call; trials = measurement iterations).
# usage: test/bench/jmh.sh [quick|full] [JMH-REGEX]
set -u
. "$(dirname "$0")/lib.sh"
mode=${1:-quick} filter=${2:-org.jrhcs.bench}
case "$mode" in
    quick) opts=(-f 1 -wi 3 -w 1s -i 5 -r 1s) ;;
    full) opts=(-f 2 -wi 5 -w 2s -i 10 -r 2s) ;;
    *) echo "usage: jmh.sh [quick|full] [REGEX]" >&2; exit 2 ;;
esac
cd "$BENCH_TOP" || exit 1
work=$(mktemp -d /tmp/jrhcs-jmh.XXXXXX)
trap 'rm -rf "$work"' EXIT
# other builds may be installing a module's jar this very moment (a truncated jar in
# ~/.m2): try again before giving up
for attempt in 1 2 3; do
    mvn -q -B -o -pl test test-compile dependency:build-classpath -Dmdep.outputFile="$work/cp" -Dmdep.includeScope=test \
        > "$work/mvn.out" 2>&1 && break
    [ $attempt = 3 ] && { cat "$work/mvn.out" >&2; echo "jmh.sh: the test module does not compile" >&2; exit 1; }
    sleep 30
done
java -cp "test/target/test-classes:$(cat "$work/cp")" -Dbench.agents="$BENCH_TOP/rgmanager/agents" org.openjdk.jmh.Main \
    "${opts[@]}" -rf json -rff "$work/jmh.json" "$filter" >&2 || { echo "jmh.sh: JMH failed" >&2; exit 1; }
note jmh "JMH $(jq -r '.[0].jmhVersion' "$work/jmh.json"), mode $mode: ${opts[*]}; each trial is one measurement iteration's average cost per call"
jq -r '.[] | [(.benchmark | sub("org.jrhcs.bench."; "")), .primaryMetric.scoreUnit, ([.primaryMetric.rawData[][]] | map(tostring) | join(" "))] | @tsv' "$work/jmh.json" \
    | while IFS=$'\t' read -r name unit values; do
        figure jmh "$name" "$unit" "$values"
    done
