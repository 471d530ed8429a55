#!/usr/bin/env bash
# Boot benchmark: plain Apache Karaf 4.4.10 against the QENEX distribution, in one run.
#
# For each: first boot from a fresh unpack, then a restart, each timed from launch to ready
# (plain Karaf: its SSH shell port accepts connections; QENEX: GET /api/v1/status answers 200, to
# the admin's password at the first boot and to an API token made after it at the restart, see
# qenex_ready; the times its SSH port opened, GET /api/v1/health turned UP and, at the restart, the
# admin's password login answered are printed too), with the
# CPU seconds the JVM had used by then (utime + stime: far less sensitive to the machine's load
# than the wall time). ROUNDS rounds (default 3), plain Karaf and QENEX alternating, each from a
# fresh unpack: the times are medians, with the lowest and highest in brackets (a single first
# boot or restart varied by +-25 % between runs). After each round's restarts: RSS after 30 s
# idle, and CPU used and wake-ups (voluntary context switches of all its threads) over the next
# 60 s idle once another 60 s have passed (percent of one core; the wait lets the JIT finish
# compiling what boot loaded, which otherwise dominates the figure for both), medians too: a
# single sample of QENEX's RSS varied from 203 to 273 MB between runs, as its heap was or was
# not yet given back when sampled. IDLE_ROUNDS=last measures them in the last round only
# (5 minutes shorter per extra round). "ratio" compares the medians; "paired" is the median of
# each round's own comparison (plain Karaf and QENEX alternate, so a round's pair shares the
# machine's state: steadier where the machine's speed drifts, as a shared VM's does). Both use
# the JVM options their distributions ship with.
# The times depend on the machine's load: the load average is printed at the start and the end.
#
# Usage: bench/boot-benchmark.sh            (builds QENEX first if its archive is missing)
# Takes about seven minutes with ROUNDS=1, plus about five per further round on an idle
# machine (ROUNDS=3: about seventeen; ROUNDS=5, for figures to quote: about twenty-nine). Run it
# on an otherwise idle machine: it measures wall-clock times.
# Needs: curl, and ports 8101, 8332 and 8333 (QENEX) and 8101, 1099 and 44444 (plain Karaf) free;
# on a shared machine move them: SSH_PORT=18201 HTTPS_PORT=18202 P2P_PORT=18203
# RMI_REGISTRY_PORT=18204 RMI_SERVER_PORT=18205 bench/boot-benchmark.sh
# QENEX_EXTRA_JAVA_OPTS='...' adds JVM options to QENEX's launches only (an A/B of an option);
# QENEX_ARCHIVE=path/to/qenex-distribution-*.tar.gz measures another build (e.g. main's, for an A/B).
# KEEP=1 keeps the work folder in /tmp (the unpacked distributions, about 1 GB, and each round's
# figures); without it the folder is deleted at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
# KARAF_VERSION, fetch_archives, now, port_open, java_pid, wait_gone, stop_all, set_ports, qenex_status_ok,
# qenex_make_token, qenex_token_status_ok, cpu_ticks, wakeups, threads
source bench/lib/karaf-process.sh
ROUNDS=${ROUNDS:-3}
IDLE_RSS_SECONDS=${IDLE_RSS_SECONDS:-30}
IDLE_CPU_SECONDS=${IDLE_CPU_SECONDS:-60}
IDLE_SETTLE_SECONDS=${IDLE_SETTLE_SECONDS:-60}
# every: RSS, idle CPU and wake-ups after each round's restart (medians, as for the times); last: the last round's only
IDLE_ROUNDS=${IDLE_ROUNDS:-every}
SSH_PORT=${SSH_PORT:-8101}
HTTPS_PORT=${HTTPS_PORT:-8332}
P2P_PORT=${P2P_PORT:-8333}
RMI_REGISTRY_PORT=${RMI_REGISTRY_PORT:-1099}
RMI_SERVER_PORT=${RMI_SERVER_PORT:-44444}
work=$(mktemp -d /tmp/qenex-bench.XXXXXX)
trap 'stop_all' EXIT

fetch_archives

elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# launch HOME READY_CHECK UP_CHECK LOGIN_CHECK: starts Karaf in the background, prints seconds until
# READY_CHECK passes, until its SSH port opened, until UP_CHECK passed and until LOGIN_CHECK passed
# (both waited for after READY_CHECK, in that order), and the JVM's CPU seconds when READY_CHECK passed
launch() {
    local home=$1 check=$2 up_check=$3 login_check=$4 start ssh_at="" up_at
    launched_home=$home
    start=$(now)
    # JVM options for QENEX only (an A/B of the node's options; plain Karaf keeps its own), e.g.
    # QENEX_EXTRA_JAVA_OPTS=-XX:CompileThresholdScaling=2; bin/setenv appends them to its own
    if [ "$home" != "${home#"$work/qenex-"}" ]; then
        EXTRA_JAVA_OPTS="${QENEX_EXTRA_JAVA_OPTS:-}" "$home/bin/start"
    else
        env -u EXTRA_JAVA_OPTS "$home/bin/start"
    fi
    for _ in $(seq 1 3000); do
        if [ -z "$ssh_at" ] && port_open "$SSH_PORT"; then ssh_at=$(now); fi
        if $check; then
            local ready_at cpu
            ready_at=$(now)
            cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$(java_pid "$home")/stat")
            [ -z "$ssh_at" ] && ssh_at=$ready_at
            for _ in $(seq 1 600); do
                $up_check && break
                sleep 0.1
            done
            up_at=$(now)
            for _ in $(seq 1 600); do
                $login_check && break
                sleep 0.1
            done
            echo "$(elapsed "$start" "$ready_at") $(elapsed "$start" "$ssh_at") $(elapsed "$start" "$up_at") $cpu $(elapsed "$start" "$(now)")"
            return 0
        fi
        sleep 0.1
    done
    echo "timeout"
    return 1
}

plain_ready() { port_open "$SSH_PORT"; }
# ready at a first boot: the admin's GET /api/v1/status answers 200 (no token exists yet); at a
# restart: the same request with the API token made after the first boot (one SHA-256 to check), as a
# monitoring probe would send it. A password login costs a PBKDF2 derivation of 210,000 rounds, about
# 0.7 s of one core on the JIT of a start: a login's cost, not the start's (plain Karaf's ready, its SSH
# port open, involves no credential at all); the restart's first password login is timed beside it.
qenex_ready() {
    if [ -s "$launched_home/bench-token" ]; then
        qenex_token_status_ok "$launched_home" "$HTTPS_PORT" "$(cat "$launched_home/bench-token")"
    else
        qenex_status_ok "$launched_home" "$HTTPS_PORT"
    fi
}
qenex_login() { qenex_status_ok "$launched_home" "$HTTPS_PORT"; }
plain_login() { true; }
# what a load balancer waits for: 200 UP, once every endpoint of the node is registered
qenex_up() {
    local pem="$launched_home/data/qenex/tls/node-cert.pem"
    [ "$(curl -s -o /dev/null -w '%{http_code}' --cacert "$pem" "https://127.0.0.1:$HTTPS_PORT/api/v1/health")" = 200 ]
}
plain_up() { true; }

rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
# the threads that used the most CPU between two threads snapshots: ticks, wake-ups/s and name, by name
thread_top() {
    join "$1" "$2" | awk -v s="$3" '{ c[$4] += $5 - $2; w[$4] += $6 - $3 }
        END { for (n in c) printf "%6d ticks %8.1f wake-ups/s  %s\n", c[n], w[n] / s, n }' | sort -rn | head -n 15
}

# measure NAME ARCHIVE READY_CHECK UP_CHECK LOGIN_CHECK ROUND [idle]: a first boot and a restart from a
# fresh unpack; with "idle", RSS, idle CPU and wake-ups after the restart. Prints NAME, the first
# boot's five figures (launch's), the restart's five, then RSS, CPU and wake-ups (or - - -)
measure() {
    local name=$1 archive=$2 check=$3 up_check=$4 login_check=$5 round=$6 idle=${7:-} home first restart pid t0 t1 w0 w1 hz
    mkdir -p "$work/$name-$round"
    tar xzf "$archive" -C "$work/$name-$round"
    home=$(ls -d "$work/$name-$round"/*/ | head -n 1)
    home=${home%/}
    set_ports "$home" "$SSH_PORT" "$RMI_REGISTRY_PORT" "$RMI_SERVER_PORT" "$HTTPS_PORT" "$P2P_PORT"
    first=$(launch "$home" "$check" "$up_check" "$login_check")
    if [ "$name" = qenex ]; then
        qenex_make_token "$home" "$HTTPS_PORT" > "$home/bench-token"
    fi
    "$home/bin/stop"; wait_gone "$home"
    restart=$(launch "$home" "$check" "$up_check" "$login_check")
    pid=$(java_pid "$home")
    if [ -z "$idle" ]; then
        "$home/bin/stop"; wait_gone "$home"
        echo "$name $first $restart - - -"
        return 0
    fi
    sleep "$IDLE_RSS_SECONDS"
    local rss
    rss=$(rss_mb "$pid")
    hz=$(getconf CLK_TCK)
    sleep "$IDLE_SETTLE_SECONDS"
    t0=$(cpu_ticks "$pid"); w0=$(wakeups "$pid"); threads "$pid" > "$work/$name.threads0"
    sleep "$IDLE_CPU_SECONDS"
    t1=$(cpu_ticks "$pid"); w1=$(wakeups "$pid"); threads "$pid" > "$work/$name.threads1"
    local cpu wakes
    cpu=$(awk -v d=$((t1 - t0)) -v hz="$hz" -v s="$IDLE_CPU_SECONDS" 'BEGIN { printf "%.2f", 100 * d / hz / s }')
    wakes=$(awk -v d=$((w1 - w0)) -v s="$IDLE_CPU_SECONDS" 'BEGIN { printf "%.1f", d / s }')
    "$home/bin/stop"; wait_gone "$home"
    echo "$name $first $restart $rss $cpu $wakes"
}

export QENEX_ADMIN_PASSWORD="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(now)
# one line per distribution and round (measure's output)
: > "$work/rounds"
for round in $(seq 1 "$ROUNDS"); do
    idle=idle
    [ "$IDLE_ROUNDS" = last ] && [ "$round" != "$ROUNDS" ] && idle=""
    echo "round $round of $ROUNDS: plain Karaf $KARAF_VERSION..." >&2
    measure plain "$karaf_archive" plain_ready plain_up plain_login "$round" $idle >> "$work/rounds"
    echo "round $round of $ROUNDS: QENEX..." >&2
    measure qenex "$qenex_archive" qenex_ready qenex_up qenex_login "$round" $idle >> "$work/rounds"
done

# the numbers on standard input, one a line, as "median lowest highest"
median_min_max() {
    sort -g | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m, v[1], v[NR] }'
}
# column N of NAME's rounds as "median min max"
stats() {
    awk -v n="$1" -v c="$2" '$1 == n && $c != "-" { print $c }' "$work/rounds" | median_min_max |
        awk '{ printf "%.2f %.2f %.2f", $1, $2, $3 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# column N compared (ratio or points) in each round, QENEX against that round's plain Karaf, as the
# median of the rounds: a pair ran minutes apart, so a machine that slows for a while slows both
paired() {
    awk -v c="$1" -v op="$2" '$1 == "plain" { p = $c }
        $1 == "qenex" && $c != "-" && p != "-" && p != 0 { print (op == "ratio" ? $c / p : $c - p) }' "$work/rounds" |
        median_min_max | awk -v op="$2" '{ printf (op == "ratio" ? "%.2f" : "%+.2f"), $1 }'
}
points() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.2f", a - b }'; }
# a timed row: label, plain's column (empty: none), QENEX's column, target
timed() {
    local p q pm qm
    q=$(stats qenex "$3"); read -r qm _ <<<"$q"
    printf -v q '%ss [%s-%s]' $q
    if [ -n "$2" ]; then
        p=$(stats plain "$2"); read -r pm _ <<<"$p"
        printf -v p '%ss [%s-%s]' $p
        printf '%-32s %22s %22s %6s %6s %s\n' "$1" "$p" "$q" "$(ratio "$qm" "$pm")" "$(paired "$2" ratio)" "${4:-}"
    else
        printf '%-32s %22s %22s\n' "$1" "" "$q"
    fi
}
# an idle row: label, column, unit, how QENEX compares (ratio or points), target; medians [lowest-highest] of the rounds that measured it
idle_row() {
    local p q pm qm
    p=$(stats plain "$2"); read -r pm _ <<<"$p"
    q=$(stats qenex "$2"); read -r qm _ <<<"$q"
    printf -v p "%s$3 [%s-%s]" $p
    printf -v q "%s$3 [%s-%s]" $q
    printf '%-32s %22s %22s %6s %6s %s\n' "$1" "$p" "$q" "$($4 "$qm" "$pm")" "$(paired "$2" "$4")" "${5:-}"
}
printf '\n%s rounds; times are medians [lowest-highest]\n' "$ROUNDS"
printf '%-32s %22s %22s %6s %6s %s\n' "measure" "plain Karaf" "QENEX" "ratio" "paired" "target (issue 14)"
timed "first boot to ready" 2 2 "<= 1.0"
timed "first boot, CPU s to ready" 5 5
timed "first boot to SSH port open" 3 3
timed "first boot to health UP" "" 4
timed "restart to ready (token)" 7 7 "<= 1.0"
timed "restart, CPU s to ready" 10 10
timed "restart to SSH port open" 8 8
timed "restart to health UP" "" 9
timed "restart to a password login" 11 11
idle_row "RSS after ${IDLE_RSS_SECONDS}s idle, MB" 12 "" ratio "<= 1.2"
idle_row "idle CPU over ${IDLE_CPU_SECONDS}s, % of a core" 13 "" points "<= +0.3 points"
idle_row "idle wake-ups over ${IDLE_CPU_SECONDS}s, per s" 14 "" ratio
printf 'load average: %s at the start, %s at the end (%s cores); took %.0f s\n' "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(nproc)" "$(elapsed "$started" "$(now)")"
# where the idle CPU went, thread by thread (names as a thread dump shows them, digits as N): the causes docs/architecture.md names
for name in plain qenex; do
    printf '\nidle threads of %s over %ss (ticks of %s per second, wake-ups per second):\n' "$name" "$IDLE_CPU_SECONDS" "$(getconf CLK_TCK)"
    thread_top "$work/$name.threads0" "$work/$name.threads1" "$IDLE_CPU_SECONDS"
done
