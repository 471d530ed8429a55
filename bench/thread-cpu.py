#!/usr/bin/env python3
"""Where a node's CPU goes around its blocks (issue 15), from /proc alone.

  bench/thread-cpu.py sample PID SECONDS OUT.json
      every 100 ms, the CPU (utime + stime, clock ticks of 10 ms) of each of PID's threads, summed
      by name with digits masked (qtp123-45 -> qtpN-N); Linux only.
  bench/thread-cpu.py blocks OUT.json [TRACE]
      groups the threads (request threads, store, EventAdmin, GC, JIT, work pool, other), finds the
      blocks (the work pool's threads busy for 20 ms or more of a 100 ms bin: block assembly and
      commit run there; at low rates a block may take less and be missed) and prints each
      group's CPU, in % of one core, in the first second after a block against the rest of the
      time; with TRACE (bench/chain-load.sh's QENEX_LOAD_TRACE file) also how many submits over
      40 ms fell in that first second.

Run `sample` beside a chain-load run, for the whole run (with a trace, `blocks` keeps the sending only), e.g.
  bench/thread-cpu.py sample $NODE_PID 120 /tmp/cpu.json &   # the node JVM: ss -ltnp "( sport = :8332 )"
  QENEX_LOAD_TRACE=/tmp/trace.txt bench/chain-load.sh --cacert ... 1000 60 100
  bench/thread-cpu.py blocks /tmp/cpu.json /tmp/trace.txt
"""
import collections
import json
import os
import re
import sys
import time

GROUPS = ["requests", "store", "events", "gc", "jit", "work", "other"]


def group(name):
    if name.startswith("qtp"):
        return "requests"
    if name.startswith("qenex-storage"):
        return "store"
    if name.startswith("EventAdmin"):
        return "events"
    if name.startswith(("GC Thread", "GN ", "G1 ")):
        return "gc"
    if "CompilerThre" in name:
        return "jit"
    if name.startswith("qenex-work-N"):
        return "work"
    return "other"


def sample(pid, seconds, out):
    rows = []
    end = time.time() + seconds
    while time.time() < end:
        started = time.time()
        snap = collections.Counter()
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                stat = open(f"/proc/{pid}/task/{tid}/stat").read()
            except OSError:
                continue  # the thread ended meanwhile
            name = re.sub(r"\d+", "N", stat[stat.index("(") + 1:stat.rindex(")")])
            fields = stat[stat.rindex(")") + 2:].split()
            snap[name] += int(fields[11]) + int(fields[12])
        rows.append((started, snap))
        time.sleep(max(0.0, 0.1 - (time.time() - started)))
    with open(out, "w") as f:
        json.dump(rows, f)


def send_window(trace):
    """The trace's start (epoch s), its lines, and the end of its sending (the last submit's start)."""
    lines = [l for l in open(trace).read().split("\n") if l.strip()]
    if not lines[0].startswith("# start "):
        sys.exit("the trace has no '# start <epoch ms>' line (an older bench/chain-load.sh)")
    t0 = int(lines[0].split()[2]) / 1000
    submits = [(t0 + int(l.split()[0]) / 1000, int(l.split()[1])) for l in lines[1:]]
    return submits, t0, max(s for s, _ in submits)


def blocks(samples, trace=None):
    rows = json.load(open(samples))
    if trace:
        # only while the generator sent: its set-up (funding, signing) would dilute the figures
        submits, start, end = send_window(trace)
        rows = [r for r in rows if start <= r[0] <= end]
        if len(rows) < 20:
            sys.exit("fewer than 2 s of samples fall in the trace's sending: sample for the whole run")
    bins = []
    for (t, a), (_, b) in zip(rows, rows[1:]):
        d = collections.Counter()
        for name, ticks in b.items():
            d[group(name)] += ticks - a.get(name, 0)
        bins.append((t, d))
    # a block: the work pool busy for 20 ms or more of a bin (its other jobs, alert evaluation and the
    # like, take less), at least 2 s after the previous one
    starts, last = [], -10.0
    for t, d in bins:
        if d["work"] >= 2:
            if t - last > 0.5 and (not starts or t - starts[-1] > 2.0):
                starts.append(t)
            last = t
    after = lambda t: any(0 <= t - s < 1.0 for s in starts)
    near, rest = collections.Counter(), collections.Counter()
    n_near = n_rest = 0
    for t, d in bins:
        if after(t):
            near.update(d); n_near += 1
        else:
            rest.update(d); n_rest += 1
    print(f"{len(starts)} blocks in {len(bins) / 10:.1f} s; CPU in % of one core (10 ms ticks per 100 ms bin)")
    print(f"{'threads':10} {'first second after a block':>28} {'the rest':>10}")
    for g in GROUPS:
        print(f"{g:10} {100 * near[g] / max(1, n_near) / 10:27.0f}% {100 * rest[g] / max(1, n_rest) / 10:9.0f}%")
    if trace:
        window = [t for t, latency in submits if latency > 40_000 and rows[0][0] <= t <= rows[-1][0]]
        print(f"submits over 40 ms while sampling: {len(window)}, in the first second after a block: "
              f"{sum(1 for s in window if after(s))}")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "sample":
        sample(sys.argv[2], float(sys.argv[3]), sys.argv[4])
    elif len(sys.argv) in (3, 4) and sys.argv[1] == "blocks":
        blocks(sys.argv[2], sys.argv[3] if len(sys.argv) == 4 else None)
    else:
        sys.exit(__doc__)
