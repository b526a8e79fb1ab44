#!/bin/bash
# Regenerates tools/bin/jrhcs.classlist and tools/bin/jrhcs-cli.classlist, the classes that
# go into the class-data sharing archives of the daemons and of the tools (jrhcs-launch
# --make-cds): runs a one-node cluster with a quorum disk and every daemon (cman, ccsd,
# fenced, qdiskd, rgmanager), the everyday tools against it, and records what each JVM
# loaded (-XX:DumpLoadedClassList). The daemons' list has every JVM's classes, the tools'
# list the tools' only. A list that has fallen behind the code only makes start-up slower
# (classes missing from it load from the jars).
# usage: test/bench/cds-classlist.sh   (after mvn -B -DskipTests package)
set -u
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d /tmp/jrhcs-cds.XXXXXX)
trap 'cluster_down "$work/sb"; rm -rf "$work"' EXIT
real=$(readlink -f "$(command -v java)")
# a java that records each JVM's loaded classes in its own file (jdk: daemons, jdk-cli: tools)
for k in jdk jdk-cli; do
    mkdir -p "$work/$k/bin" "$work/lists-$k"
    cat > "$work/$k/bin/java" <<SH
#!/bin/sh
exec "$real" -XX:DumpLoadedClassList="$work/lists-$k/\$\$.lst" "\$@"
SH
    chmod +x "$work/$k/bin/java"
done
export JAVA_HOME=$work/jdk JRHCS_CDS=off
bench_service_script "$work"
bench_conf "$work/cluster.conf" 1 2 21000 "$work/qdisk.img" 1 10
cluster_up "$work/sb" "$work/cluster.conf" loopback || { echo "cds-classlist: the cluster did not start" >&2; exit 1; }
await 60 services_started "$work/sb" n1 2 || echo "cds-classlist: services did not start (list may be short)" >&2
x() { JAVA_HOME=$work/jdk-cli "$SB" exec "$work/sb" n1 "$@" >/dev/null 2>&1; }
x clustat; x clustat -x; x clustat -l; x clusvcadm -S; x clusvcadm -r s1 -m n1; x clusvcadm -d s2; x clusvcadm -e s2
x cman_tool status; x cman_tool nodes; x cman_tool services; x fence_tool ls; x ccs_tool update "$work/sb/n1/etc/cluster/cluster.conf"
x ccs_tool lsnode; x ccs_tool lsfence; x fence_node no-such-node; x clustat -m n1; x clustat -s s1; x cman_tool version
# tools that are rarely run, or parse the configuration with JAXB: the daemons' list only
y() { "$SB" exec "$work/sb" n1 "$@" >/dev/null 2>&1; }
y ccs_config_validate; y mkqdisk -L -f "$work/qdisk.img"; y rg_test "$AGENTS" test "$work/cluster.conf"
"$SB" stop "$work/sb" >/dev/null 2>&1
# in load order, each class once (lambda-proxy lines refer to classes listed before them)
out=$BENCH_TOP/tools/bin/jrhcs.classlist
cat "$work"/lists-jdk/*.lst "$work"/lists-jdk-cli/*.lst | grep -v '^#' | awk '!seen[$0]++' > "$out"
echo "cds-classlist: $(wc -l < "$out") entries from $(ls "$work"/lists-jdk "$work"/lists-jdk-cli | grep -c lst) JVMs -> $out"
out=$BENCH_TOP/tools/bin/jrhcs-cli.classlist
cat "$work"/lists-jdk-cli/*.lst | grep -v '^#' | awk '!seen[$0]++' > "$out"
echo "cds-classlist: $(wc -l < "$out") entries from $(ls "$work"/lists-jdk-cli | wc -l) tool JVMs -> $out"
