#!/usr/bin/env python3
"""Where the CPU of a network-load run goes, per process and per role (issue 12), from /proc alone.

  bench/network-cpu.py snap OUT.json NAME=PID ...
      the CPU (utime + stime, 10 ms clock ticks) of each process and of each of its threads, by name
  bench/network-cpu.py diff BEFORE.json AFTER.json [TRACE]
      per process: its CPU between the two snapshots, split by thread group (the roles of a node:
      REST submissions, admission of gossiped transactions, block import, the store, EventAdmin, GC,
      JIT, ...), in ms and, with TRACE (bench/chain-load.sh's QENEX_LOAD_TRACE file: each submit's
      start), in ms per 1,000 transfers submitted between the two snapshots.

bench/network-load.sh takes a snapshot 5 s after chain-load starts sending and one 5 s before it
stops, of the three node JVMs and the generator, and prints the diff (docs/network.md, "Performance").
Linux only; a thread's name is what /proc shows (its first 15 characters).
"""
import collections
import json
import os
import re
import sys
import time

# first match wins: a prefix of the thread name (as /proc shows it) and its group
GROUPS = [
    ("qtp", "REST requests (qtp)"),
    ("qenex-network-a", "admission of gossiped transactions"),
    ("qenex-network-i", "block import"),
    ("ForkJoinPool.co", "signature checks of a block (common pool)"),
    ("qenex-work", "work pool (block production)"),
    ("qenex-storage-a", "store: apply"),
    ("qenex-storage", "store: journal, checkpoint"),
    ("EventAdmin", "EventAdmin delivery"),
    ("qenex-events", "event streams"),
    ("qenex-chain-rel", "ledger -> network hand-over"),
    ("qenex-network", "network: I/O, relay, peers"),
    ("GC ", "GC"), ("G1 ", "GC"), ("GN ", "GC"),
    ("C1 CompilerThre", "JIT"), ("C2 CompilerThre", "JIT"), ("CN CompilerThre", "JIT"),
]


def ticks(stat, fields):
    rest = stat[stat.rindex(")") + 2:].split()
    return sum(int(rest[i]) for i in fields)


def snap(out, pairs):
    result = {"time": time.time(), "processes": {}}
    for pair in pairs:
        name, pid = pair.split("=", 1)
        threads = {}
        total = 0
        try:
            with open(f"/proc/{pid}/stat") as f:
                total = ticks(f.read(), (11, 12, 13, 14))  # the process, its reaped children included
            for tid in os.listdir(f"/proc/{pid}/task"):
                try:
                    with open(f"/proc/{pid}/task/{tid}/comm") as f:
                        comm = f.read().strip()
                    with open(f"/proc/{pid}/task/{tid}/stat") as f:
                        threads[tid] = [comm, ticks(f.read(), (11, 12))]
                except OSError:
                    pass  # the thread ended meanwhile
        except OSError:
            pass  # no such process (yet, or any more): counted as 0
        result["processes"][name] = {"pid": pid, "total": total, "threads": threads}
    with open(out, "w") as f:
        json.dump(result, f)


def group(comm):
    for prefix, name in GROUPS:
        if comm.startswith(prefix):
            return name
    return "other"


def submitted(trace_file, from_ms, to_ms):
    """The submits the trace started between the two times (epoch ms)."""
    count = 0
    start = None
    with open(trace_file) as f:
        for line in f:
            if line.startswith("# start "):
                start = int(line.split()[2])
            elif start is not None and line.strip() and from_ms <= start + int(line.split()[0]) < to_ms:
                count += 1
    return count


def diff(before_file, after_file, trace_file):
    with open(before_file) as f:
        before = json.load(f)
    with open(after_file) as f:
        after = json.load(f)
    transfers = submitted(trace_file, before["time"] * 1000, after["time"] * 1000) if trace_file else 0
    seconds = after["time"] - before["time"]
    tick_ms = 1000 / os.sysconf("SC_CLK_TCK")
    print(f"CPU between the snapshots ({seconds:.1f} s" + (f", {transfers} transfers submitted" if transfers else "") + "):")
    for name, now in after["processes"].items():
        then = before["processes"].get(name, {"total": 0, "threads": {}})
        if not now["threads"] or not then["threads"]:
            print(f"  {name} (pid {now['pid']}): not measured (not running at both snapshots)")
            continue
        total = (now["total"] - then["total"]) * tick_ms
        groups = collections.Counter()
        for tid, (comm, t) in now["threads"].items():
            groups[group(re.sub(r"\d+", "N", comm))] += (t - then["threads"].get(tid, [comm, 0])[1]) * tick_ms
        per = f", {total * 1000 / transfers:.0f} ms per 1,000 transfers" if transfers else ""
        print(f"  {name} (pid {now['pid']}): {total:.0f} ms = {total / seconds / 10:.0f} % of one core{per}")
        for g, ms in groups.most_common():
            if ms > 0:
                per = f"  {ms * 1000 / transfers:6.0f} per 1,000" if transfers else ""
                print(f"      {g:44s} {ms:7.0f} ms{per}")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "snap":
        snap(sys.argv[2], sys.argv[3:])
    elif len(sys.argv) in (4, 5) and sys.argv[1] == "diff":
        diff(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) == 5 else None)
    else:
        sys.exit(__doc__)
