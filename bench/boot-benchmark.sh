#!/usr/bin/env bash
# Boot benchmark: plain Apache Karaf 4.4.10 against the QENEX distribution, in one run.
#
# For each: first boot from a fresh unpack, then a restart, each timed from launch to ready
# (plain Karaf: its SSH shell port accepts connections; QENEX: GET /api/v1/status answers 200,
# and the time its SSH port opened is printed too), RSS after 30 s idle, and CPU used over the
# next 60 s idle once another 60 s have passed (percent of one core; the wait lets the JIT finish
# compiling what boot loaded, which otherwise dominates the figure for both). Both use the JVM
# options their distributions ship with.
#
# Usage: bench/boot-benchmark.sh            (builds QENEX first if its archive is missing)
# Takes about seven minutes. Run it on an otherwise idle machine: it measures wall-clock times.
# Needs: curl, and ports 8101 and 8332 free.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
KARAF_VERSION=4.4.10
IDLE_RSS_SECONDS=${IDLE_RSS_SECONDS:-30}
IDLE_CPU_SECONDS=${IDLE_CPU_SECONDS:-60}
IDLE_SETTLE_SECONDS=${IDLE_SETTLE_SECONDS:-60}
work=$(mktemp -d /tmp/qenex-bench.XXXXXX)
trap 'stop_all' EXIT

if [ -z "${JAVA_HOME:-}" ]; then
    JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
fi
export JAVA_HOME

qenex_archive=$(ls "$root"/karaf-distribution/target/qenex-distribution-*.tar.gz 2>/dev/null | head -n 1 || true)
if [ -z "$qenex_archive" ]; then
    mvn -B -q install -DskipTests -pl karaf-distribution -am
    qenex_archive=$(ls "$root"/karaf-distribution/target/qenex-distribution-*.tar.gz | head -n 1)
fi
mvn -B -q dependency:copy -Dartifact=org.apache.karaf:apache-karaf:$KARAF_VERSION:tar.gz -DoutputDirectory="$work"
karaf_archive="$work/apache-karaf-$KARAF_VERSION.tar.gz"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
java_pid() { pgrep -f -- "-Dkaraf.home=$1 " | head -n 1; }

stop_all() {
    for home in "$work"/plain/* "$work"/qenex/*; do
        [ -x "$home/bin/stop" ] && "$home/bin/stop" >/dev/null 2>&1 || true
    done
    sleep 2
    pkill -9 -f -- "-Dkaraf.home=$work" 2>/dev/null || true
}

wait_gone() {
    for _ in $(seq 1 120); do
        [ -z "$(java_pid "$1")" ] && return 0
        sleep 0.5
    done
    kill -9 "$(java_pid "$1")" 2>/dev/null || true
}

# launch HOME READY_CHECK: starts Karaf in the background, prints seconds until READY_CHECK passes
launch() {
    local home=$1 check=$2 start ssh_at=""
    launched_home=$home
    start=$(now)
    "$home/bin/start"
    for _ in $(seq 1 1200); do
        if [ -z "$ssh_at" ] && port_open 8101; then ssh_at=$(now); fi
        if $check; then
            [ -z "$ssh_at" ] && ssh_at=$(now)
            echo "$(elapsed "$start" "$(now)") $(elapsed "$start" "$ssh_at")"
            return 0
        fi
        sleep 0.1
    done
    echo "timeout"
    return 1
}

plain_ready() { port_open 8101; }
qenex_ready() {
    # HTTPS only, trusting the certificate the node made at its first start
    local pem="$launched_home/data/qenex/tls/node-cert.pem"
    [ -f "$pem" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' --cacert "$pem" -u "admin:$QENEX_ADMIN_PASSWORD" https://127.0.0.1:8332/api/v1/status)" = 200 ]
}

rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

measure() {
    local name=$1 archive=$2 check=$3 home first restart pid t0 t1 hz
    mkdir -p "$work/$name"
    tar xzf "$archive" -C "$work/$name"
    home=$(ls -d "$work/$name"/*/ | head -n 1)
    home=${home%/}
    first=$(launch "$home" "$check")
    "$home/bin/stop"; wait_gone "$home"
    restart=$(launch "$home" "$check")
    pid=$(java_pid "$home")
    sleep "$IDLE_RSS_SECONDS"
    local rss
    rss=$(rss_mb "$pid")
    hz=$(getconf CLK_TCK)
    sleep "$IDLE_SETTLE_SECONDS"
    t0=$(cpu_ticks "$pid")
    sleep "$IDLE_CPU_SECONDS"
    t1=$(cpu_ticks "$pid")
    local cpu
    cpu=$(awk -v d=$((t1 - t0)) -v hz="$hz" -v s="$IDLE_CPU_SECONDS" 'BEGIN { printf "%.2f", 100 * d / hz / s }')
    "$home/bin/stop"; wait_gone "$home"
    echo "$name ${first% *} ${first#* } ${restart% *} ${restart#* } $rss $cpu"
}

export QENEX_ADMIN_PASSWORD="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
echo "measuring plain Karaf $KARAF_VERSION..." >&2
plain=$(measure plain "$karaf_archive" plain_ready)
echo "measuring QENEX..." >&2
qenex=$(measure qenex "$qenex_archive" qenex_ready)

read -r _ p_first p_first_ssh p_restart p_restart_ssh p_rss p_cpu <<<"$plain"
read -r _ q_first q_first_ssh q_restart q_restart_ssh q_rss q_cpu <<<"$qenex"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '\n%-34s %12s %12s %8s %s\n' "measure" "plain Karaf" "QENEX" "ratio" "target"
printf '%-34s %11ss %11ss %8s %s\n' "first boot to ready" "$p_first" "$q_first" "$(ratio "$q_first" "$p_first")" "<= 2.0"
printf '%-34s %11ss %11ss %8s\n' "first boot to SSH port open" "$p_first_ssh" "$q_first_ssh" "$(ratio "$q_first_ssh" "$p_first_ssh")"
printf '%-34s %11ss %11ss %8s %s\n' "restart to ready" "$p_restart" "$q_restart" "$(ratio "$q_restart" "$p_restart")" "<= 1.5"
printf '%-34s %10sMB %10sMB %8s %s\n' "RSS after ${IDLE_RSS_SECONDS}s idle" "$p_rss" "$q_rss" "$(ratio "$q_rss" "$p_rss")" "<= 1.5"
printf '%-34s %11s%% %11s%% %8s %s\n' "idle CPU over ${IDLE_CPU_SECONDS}s (one core)" "$p_cpu" "$q_cpu" "" "QENEX < 1%"
