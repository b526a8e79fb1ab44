#!/bin/sh
# nmt-table.sh FILE...: one line per `jcmd PID VM.native_memory summary` output: committed
# KiB of the main categories (heap, metaspace = class metadata + class space, CDS =
# shared class space, code cache, compiler arenas, thread stacks, symbols, GC, other).
printf '%-28s %7s %7s %7s %7s %7s %7s %7s %7s %7s %7s\n' file total heap meta cds code compiler thread symbol gc other
for f in "$@"; do
    awk -v f="$(basename "$f" .txt)" '
        /^Total:/ { match($0, /committed=[0-9]+KB/); total = substr($0, RSTART + 10, RLENGTH - 12) }
        /^-/ { name = $0; sub(/^- */, "", name); sub(/ *\(reserved.*/, "", name)
               match($0, /committed=[0-9]+KB/); c[name] = substr($0, RSTART + 10, RLENGTH - 12) }
        END { known = c["Java Heap"] + c["Class"] + c["Metaspace"] + c["Shared class space"] + c["Code"] + c["Compiler"] + c["Thread"] + c["Symbol"] + c["GC"]
              printf "%-28s %7d %7d %7d %7d %7d %7d %7d %7d %7d %7d\n", f, total, c["Java Heap"], c["Class"] + c["Metaspace"], c["Shared class space"], c["Code"], c["Compiler"], c["Thread"], c["Symbol"], c["GC"], total - known }' "$f"
done
