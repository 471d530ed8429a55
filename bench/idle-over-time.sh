#!/usr/bin/env bash
# Idle over time: plain Apache Karaf 4.4.10 and the QENEX distribution idling side by side, minute
# by minute, after a restart.
#
# bench/boot-benchmark.sh measures one idle minute, 90 to 150 s after a restart. The JIT is still
# compiling the periodic code then (a 10 s job's methods cross the compile thresholds one after
# another for minutes), so this script follows both nodes for MINUTES minutes (default 15) after
# their restarts: per minute, the percent of one core each used, their wake-ups a second, and
# QENEX's compiler threads' share. Both are unpacked fresh, booted once, stopped, and restarted
# (plain Karaf first, QENEX right after it), then left alone side by side: two idle JVMs hardly
# contend on two cores, and the same minutes of the machine's state fall on both.
#
# Usage: bench/idle-over-time.sh    (MINUTES=15; builds QENEX first if its archive is missing)
# Needs the ports below free (moved from the defaults so that it runs beside a node):
# PLAIN_SSH_PORT=18101 PLAIN_RMI_REGISTRY_PORT=18104 PLAIN_RMI_SERVER_PORT=18105
# QENEX_SSH_PORT=18201 QENEX_HTTPS_PORT=18202 QENEX_P2P_PORT=18203 QENEX_RMI_REGISTRY_PORT=18204
# QENEX_RMI_SERVER_PORT=18206. KEEP=1 keeps the work folder (the two unpacked
# distributions and their logs). QENEX_EXTRA_JAVA_OPTS='...' adds JVM options to QENEX's launches
# only, as in bench/boot-benchmark.sh (e.g. a JFR recording of the idle node).
set -euo pipefail
cd "$(dirname "$0")/.."
# KARAF_VERSION, fetch_archives, now, port_open, java_pid, wait_gone, stop_all, set_ports, qenex_status_ok, cpu_ticks, wakeups, threads
source bench/lib/karaf-process.sh
MINUTES=${MINUTES:-15}
PLAIN_SSH_PORT=${PLAIN_SSH_PORT:-18101}
PLAIN_RMI_REGISTRY_PORT=${PLAIN_RMI_REGISTRY_PORT:-18104}
PLAIN_RMI_SERVER_PORT=${PLAIN_RMI_SERVER_PORT:-18105}
QENEX_SSH_PORT=${QENEX_SSH_PORT:-18201}
QENEX_HTTPS_PORT=${QENEX_HTTPS_PORT:-18202}
QENEX_P2P_PORT=${QENEX_P2P_PORT:-18203}
QENEX_RMI_REGISTRY_PORT=${QENEX_RMI_REGISTRY_PORT:-18204}
QENEX_RMI_SERVER_PORT=${QENEX_RMI_SERVER_PORT:-18206}
work=$(mktemp -d /tmp/qenex-idle.XXXXXX)
trap stop_all EXIT

fetch_archives

unpack() { # NAME ARCHIVE -> the Karaf home
    mkdir -p "$work/$1"
    tar xzf "$2" -C "$work/$1"
    local home
    home=$(ls -d "$work/$1"/*/ | head -n 1)
    echo "${home%/}"
}
plain_ready() { port_open "$PLAIN_SSH_PORT"; }
qenex_ready() { qenex_status_ok "$qenex" "$QENEX_HTTPS_PORT"; }
start_until() { # HOME READY_CHECK
    if [ "$1" = "$qenex" ]; then
        EXTRA_JAVA_OPTS="${QENEX_EXTRA_JAVA_OPTS:-}" "$1/bin/start"
    else
        env -u EXTRA_JAVA_OPTS "$1/bin/start"
    fi
    for _ in $(seq 1 1800); do $2 && return 0; sleep 0.2; done
    echo "$1 did not become ready" >&2
    return 1
}
# the compiler threads' ticks (C1 and C2), from the per-thread snapshot
jit_ticks() { threads "$1" | awk '$4 ~ /CompilerThre/ { n += $2 } END { print n + 0 }'; }

export QENEX_ADMIN_PASSWORD="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
plain=$(unpack plain "$karaf_archive")
qenex=$(unpack qenex "$qenex_archive")
set_ports "$plain" "$PLAIN_SSH_PORT" "$PLAIN_RMI_REGISTRY_PORT" "$PLAIN_RMI_SERVER_PORT"
set_ports "$qenex" "$QENEX_SSH_PORT" "$QENEX_RMI_REGISTRY_PORT" "$QENEX_RMI_SERVER_PORT" "$QENEX_HTTPS_PORT" "$QENEX_P2P_PORT"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for home_check in "$plain plain_ready" "$qenex qenex_ready"; do
    set -- $home_check
    start_until "$1" "$2"; "$1/bin/stop"; wait_gone "$1"
done
start_until "$plain" plain_ready
start_until "$qenex" qenex_ready
plain_pid=$(java_pid "$plain"); qenex_pid=$(java_pid "$qenex")
hz=$(getconf CLK_TCK)
echo "both restarted; per minute since QENEX's restart answered (percent of one core, wake-ups/s):" >&2
printf "%-8s %-14s %-14s %-12s %-16s %-16s %s\n" minute "plain CPU %" "QENEX CPU %" "difference" "QENEX JIT %" "wake-ups/s plain" "QENEX"
p0=$(cpu_ticks "$plain_pid"); q0=$(cpu_ticks "$qenex_pid"); j0=$(jit_ticks "$qenex_pid")
pw0=$(wakeups "$plain_pid"); qw0=$(wakeups "$qenex_pid")
for minute in $(seq 1 "$MINUTES"); do
    sleep 60
    p1=$(cpu_ticks "$plain_pid"); q1=$(cpu_ticks "$qenex_pid"); j1=$(jit_ticks "$qenex_pid")
    pw1=$(wakeups "$plain_pid"); qw1=$(wakeups "$qenex_pid")
    awk -v m="$minute" -v p=$((p1 - p0)) -v q=$((q1 - q0)) -v j=$((j1 - j0)) -v pw=$((pw1 - pw0)) -v qw=$((qw1 - qw0)) -v hz="$hz" \
        'BEGIN { printf "%-8s %-14.2f %-14.2f %-+12.2f %-16.2f %-16.1f %.1f\n", m "", 100 * p / hz / 60, 100 * q / hz / 60, 100 * (q - p) / hz / 60, 100 * j / hz / 60, pw / 60, qw / 60 }' \
        | tee -a "$work/minutes"
    p0=$p1; q0=$q1; j0=$j1; pw0=$pw1; qw0=$qw1
done
# means over the start's tail (minutes 2-5: the boot benchmark's window is in minute 2), the next
# five, and what follows (the settled node)
awk -v last="$MINUTES" 'function span(a, b,   m, n, p, q, d, j) {
        if (b > last) b = last
        for (m = a; m <= b; m++) if (m in plain) { n++; p += plain[m]; q += qenex[m]; d += diff[m]; j += jit[m] }
        if (n) printf "minutes %d-%d, mean: plain Karaf %.2f %%, QENEX %.2f %%, difference %+.2f points, QENEX JIT %.2f %%\n", a, b, p / n, q / n, d / n, j / n
    }
    { plain[$1] = $2; qenex[$1] = $3; diff[$1] = $4; jit[$1] = $5 }
    END { span(2, 5); span(6, 10); span(11, last) }' "$work/minutes"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
