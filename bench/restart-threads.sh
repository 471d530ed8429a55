#!/usr/bin/env bash
# Where a restart's CPU goes: one distribution unpacked fresh (ports moved to BASE_PORT..BASE_PORT+4),
# a first boot, an API token, a stop, then RESTARTS restarts (default 4), each timed from bin/start
# until its SSH port opens and until GET /api/v1/status answers the token (bench/boot-benchmark.sh's
# restart ready); at that moment the JVM's CPU seconds and every thread's ticks (1/100 s) summed by
# name, digits as N, the JIT's C1 and C2 threads apart. A quick A/B of a JVM option (docs/architecture.md,
# "Stop 35: C2's thresholds"), not a figure to quote: bench/boot-benchmark.sh is that.
#
# Usage: [RESTARTS=4] [TOP=12] [BASE_PORT=18301] bench/restart-threads.sh [ARCHIVE] ['JVM options added']
# Run it on an otherwise idle machine; about 40 s a restart.
set -euo pipefail
cd "$(dirname "$0")/.."
# now, port_open, java_pid, wait_gone, set_ports, qenex_status_ok, qenex_make_token, qenex_token_status_ok
source bench/lib/karaf-process.sh
archive=${1:-$(ls karaf-distribution/target/qenex-distribution-*.tar.gz | head -1)}
extra=${2:-}
restarts=${RESTARTS:-4}
base=${BASE_PORT:-18301}
ssh_port=$base https_port=$((base + 3))
work=$(mktemp -d /tmp/qenex-restart-threads.XXXXXX)
home=""
cleanup() { [ -n "$home" ] && [ -n "$(java_pid "$home")" ] && kill -9 "$(java_pid "$home")"; rm -rf "$work"; }
trap cleanup EXIT

tar -xzf "$archive" -C "$work"
home=$(echo "$work"/qenex-*)
set_ports "$home" "$ssh_port" $((base + 1)) $((base + 2)) "$https_port" $((base + 4))
export QENEX_ADMIN_PASSWORD="threads-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
EXTRA_JAVA_OPTS="$extra" "$home/bin/start"
for _ in $(seq 1 1200); do qenex_status_ok "$home" "$https_port" && break; sleep 0.1; done
sleep 20 # the first boot's work after serving (task checks), as the benchmark's first boot has it done
qenex_make_token "$home" "$https_port" > "$home/bench-token"
"$home/bin/stop"; wait_gone "$home"

seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
for r in $(seq 1 "$restarts"); do
    start=$(now); ssh_at=""
    EXTRA_JAVA_OPTS="$extra" "$home/bin/start"
    for _ in $(seq 1 3000); do
        if [ -z "$ssh_at" ] && port_open "$ssh_port"; then ssh_at=$(now); fi
        qenex_token_status_ok "$home" "$https_port" "$(cat "$home/bench-token")" && break
        sleep 0.05
    done
    ready=$(now); pid=$(java_pid "$home")
    echo "restart $r: SSH $(seconds "$start" "${ssh_at:-$ready}") s, ready $(seconds "$start" "$ready") s, CPU" \
        "$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$pid/stat") s"
    for t in /proc/"$pid"/task/*; do
        raw=$(sed -n 's/^Name:\t//p' "$t/status" 2>/dev/null | tr ' ' '_')
        case $raw in C1_*) name=C1-jit ;; C2_*) name=C2-jit ;; *) name=$(echo "$raw" | sed 's/[0-9]\{1,\}/N/g') ;; esac
        echo "$(awk '{ sub(/^[^)]*\) /, ""); print $12 + $13 }' "$t/stat" 2>/dev/null) $name"
    done | awk 'NF == 2 { t[$2] += $1 } END { for (n in t) print t[n], n }' | sort -rn | head -n "${TOP:-12}" \
        | awk '{ printf "%s%s %s", (NR > 1 ? "; " : "  "), $1, $2 } END { print "" }' || true
    sleep 15
    "$home/bin/stop"; wait_gone "$home"
done
