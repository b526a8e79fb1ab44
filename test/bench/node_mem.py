#!/usr/bin/env python3
"""Resident memory of a set of processes (the daemons of one node), three ways:

  rss    sum of each process's resident set (shared pages counted once per process)
  pss    sum of proportional set sizes (a page shared by k processes counts 1/k in each;
         processes outside the set, e.g. other JVMs on this machine, take their share)
  union  distinct physical pages resident in any of them, from /proc/PID/pagemap (root):
         what these processes together hold in RAM, each shared page (libjvm, the
         class-data archives) once -- the figure an idle node's budget is judged on

usage: node_mem.py PID...   prints "rss_kib pss_kib union_kib" and, per process,
"pid rss pss" on standard error.
"""
import struct
import sys

PAGE = 4096


def field(path, key):
    with open(path) as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1])
    return 0


def frames(pid):
    """Physical frame numbers of the process's present pages."""
    out = set()
    with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/pagemap", "rb") as pm:
        for line in maps:
            lo, hi = (int(x, 16) for x in line.split()[0].split("-"))
            if "[vsyscall]" in line:
                continue
            pm.seek(lo // PAGE * 8)
            data = pm.read((hi - lo) // PAGE * 8)
            for (entry,) in struct.iter_unpack("<Q", data):
                if entry >> 63 & 1:  # present in RAM
                    out.add(entry & ((1 << 55) - 1))
    return out


def main(pids):
    rss = pss = 0
    union = set()
    for pid in pids:
        r = field(f"/proc/{pid}/status", "VmRSS:")
        p = field(f"/proc/{pid}/smaps_rollup", "Pss:")
        rss += r
        pss += p
        union |= frames(pid)
        print(pid, r, p, file=sys.stderr)
    if 0 in union and len(union) == 1:
        sys.exit("node_mem.py: pagemap gives no frame numbers (needs root)")
    print(rss, pss, len(union) * PAGE // 1024)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
