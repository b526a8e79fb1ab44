#!/bin/bash
# qdiskd benchmark: QdiskBenchmark (qdiskd's test classes) runs 4 and 16 real disk loops
# (QdiskLoop, 100 ms interval, tko 10) on one quorum disk and prints, per medium:
# average cycle time, I/Os per cycle, and the time from one node's hang (its loop stops
# writing) to "Node N evicted" on the master, against interval x tko = 1000 ms.
# Media: a file on the source tree's file system (direct I/O where it allows), tmpfs
# (/dev/shm, buffered fallback), and as root a loop device (losetup --direct-io=on).
# usage (from anywhere, after mvn -B -DskipTests install): test/bench/qdisk-bench.sh
# With BENCH_OUT set, figures are also appended there in lib.sh's TSV format.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
mvn -q -B -o -pl qdiskd test-compile >/dev/null || { echo "qdisk-bench: cannot compile qdiskd's tests" >&2; exit 1; }
cpf=$(mktemp)
mvn -q -B -o -pl qdiskd dependency:build-classpath -Dmdep.outputFile="$cpf" -Dmdep.includeScope=test >/dev/null ||
    { echo "qdisk-bench: cannot resolve qdiskd's test classpath" >&2; exit 1; }
cp="qdiskd/target/test-classes:qdiskd/target/classes:$(cat "$cpf")"
rm -f "$cpf"
work=$(mktemp -d "$top/qdiskd/target/bench.XXXXXX")
loop=""
cleanup() { [ -z "$loop" ] || losetup -d "$loop"; rm -rf "$work" /dev/shm/qdisk-bench.$$; }
trap cleanup EXIT

run() { # MEDIUM WHERE
    echo "== $1 ($2)"
    java -cp "$cp" org.jrhcs.qdisk.daemon.QdiskBenchmark "$2" | tee "$work/out"
    if [ -n "${BENCH_OUT:-}" ]; then
        . "$top/test/bench/lib.sh"
        while read -r n _ _ _ _ cyc _ _ _ _ _ _ _ _ iops _ _ _ _ _ _ _ _ _ _ evict _; do
            figure qdisk "cycle, $n nodes, $1" ms "$cyc"
            figure qdisk "I/Os per cycle, $n nodes, $1" count "$iops"
            figure qdisk "hang to evicted, $n nodes, $1 (interval x tko 1000 ms)" ms "$evict"
        done < <(sed -E 's/[(),]//g' "$work/out")
    fi
}

run "file" "$work"
mkdir -p /dev/shm/qdisk-bench.$$ && run "tmpfs" /dev/shm/qdisk-bench.$$
if [ "$(id -u)" = 0 ] && command -v losetup >/dev/null; then
    truncate -s 1M "$work/loop.img"
    loop=$(losetup -f --show --direct-io=on "$work/loop.img") && run "loop device" "$loop"
fi
