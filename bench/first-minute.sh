#!/usr/bin/env bash
# The REST latency of a node's first minute of load after a start (issue 14, "Start-up and idle"):
# unpacks the built distribution into a fresh folder, starts it, earns coins for a wallet (an AI
# candidate, as docs/chain.md says), stops the node cleanly and starts it again, then, as soon as it
# serves, runs bench/chain-load.sh against it: RATE transfers/s for SECONDS s from SENDERS senders
# (defaults 1000 60 100). chain-load's own set-up (funding its senders, pre-signing, opening its
# connections) takes the first 15-30 s after the restart; its "every request" line is the figure:
# every submit of the timed minute, its first seconds included, while the node's JIT still compiles.
# IMPROVER=1 starts mining for the funder right after each restart (qenex:mine start, through
# bin/client), so the AI improver trains and judges a candidate during the minute, as on a node whose
# operator mines.
# QENEX_JFR=1 records each restarted node from its launch (JFR, settings profile) and logs its GC
# and its JIT's compilations, into WORK/round-N.jfr, gc-N.log and jit-N.log (with KEEP=1 to read them).
# ROUNDS=N (default 1) restarts and loads the same node N times, one line each; the node's chain
# grows by the previous rounds' transfers.
#
# Usage: [ROUNDS=3] bench/first-minute.sh [RATE] [SECONDS] [SENDERS]
# Environment: QENEX_DIST (the tar.gz; default karaf-distribution/target/qenex-distribution-*.tar.gz),
# QENEX_FM_BASE_PORT (18400: REST, SSH, peers, RMI at BASE .. BASE+4), QENEX_NODE_HEAP (512M),
# KEEP=1 keeps the work folder (logs, the chain-load outputs), QENEX_EXTRA_JAVA_OPTS adds JVM options to
# every start of the node (an A/B of an option).
# Cost: one node JVM and the load generator on one machine: run it on an idle one, after
# mvn -B install -DskipTests. Every JVM it starts is killed when it ends (trap).
set -euo pipefail

RATE="${1:-1000}"
SECONDS_TO_RUN="${2:-60}"
SENDERS="${3:-100}"
ROUNDS="${ROUNDS:-1}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="${QENEX_DIST:-$(ls "$ROOT"/karaf-distribution/target/qenex-distribution-*.tar.gz 2>/dev/null | head -1)}"
[[ -f "$DIST" ]] || { echo "no distribution: build it (mvn -B install -DskipTests) or set QENEX_DIST" >&2; exit 2; }
PORT="${QENEX_FM_BASE_PORT:-18400}"
HEAP="${QENEX_NODE_HEAP:-512M}"
JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
export JAVA_HOME
WORK="$(mktemp -d /tmp/qenex-first-minute.XXXXXX)"
NODE=""

# shellcheck source=lib/local-node.sh
source "$ROOT/bench/lib/local-node.sh"
WAIT_POLL=0.2
cleanup() {
  [[ -z "$NODE" ]] || kill_tree "$NODE"
  if [[ -n "${KEEP:-}" ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

tar xzf "$DIST" -C "$WORK"
H="$WORK/$(ls "$WORK")"
local_ports "$H" "$PORT"
PASSWORD="first-minute-$RANDOM$RANDOM"
CERT="$H/data/qenex/tls/node-cert.pem"
URL="https://127.0.0.1:$PORT"
curl_node() { # path [curl args...]
  local path="$1"; shift
  curl -sS --max-time 30 --cacert "$CERT" -u "admin:$PASSWORD" "$@" "$URL$path"
}
start_node() { # [extra JVM options]
  (cd "$H" && EXTRA_JAVA_OPTS="${QENEX_EXTRA_JAVA_OPTS:-} ${1:-}" JAVA_MAX_MEM="$HEAP" QENEX_ADMIN_PASSWORD="$PASSWORD" exec bin/karaf server >> "$H/console.out" 2>&1) &
  NODE=$!
}
node_java() { pgrep -f "karaf.home=$H" | head -1 || true; }
stop_node() { # a clean stop, as an operator's: SIGTERM, then wait for the JVM to end
  local java
  java="$(node_java)"
  if [[ -n "$java" ]]; then
    kill -TERM "$java"
    wait_for 120 "the node to stop" bash -c "! kill -0 $java"
  fi
  wait "$NODE" 2>/dev/null || true
  NODE=""
}
serving() { [[ -f "$CERT" ]] && curl_node /api/v1/status -o /dev/null -w '%{http_code}' | grep -q 200; }

echo "work folder $WORK; distribution $DIST; machine load $(cut -d' ' -f1-3 /proc/loadavg)"
# what a load balancer waits for: every endpoint registered (the status answers a little earlier)
up() { curl -s --max-time 30 --cacert "$CERT" -o /dev/null -w '%{http_code}' "$URL/api/v1/health" | grep -q 200; }
start_node
wait_for 600 "the node serving" serving
wait_for 120 "the node's health UP" up
PASSPHRASE="first-minute-funder-$RANDOM$RANDOM"
curl_node /api/v1/wallets -f -H 'Content-Type: application/json' -d "{\"name\":\"funder\",\"passphrase\":\"$PASSPHRASE\"}" >/dev/null
curl_node /api/v1/ai/candidates -f -H 'Content-Type: application/json' \
  -d "{\"wallet\":\"funder\",\"passphrase\":\"$PASSPHRASE\",\"pipelines\":{\"mathematics.product-relation\":{\"learner\":\"J48\",\"options\":[]}}}" >/dev/null
funded() { curl_node /api/v1/wallets | grep -o '"balance" *: *[1-9][0-9]*' >/dev/null; }
wait_for 600 "the funder's reward" funded
echo "funder rewarded"

status=0
for round in $(seq 1 "$ROUNDS"); do
  stop_node
  started=$(date +%s%3N)
  if [[ -n "${QENEX_JFR:-}" ]]; then
    start_node "-XX:StartFlightRecording=name=fm,settings=profile -Xlog:gc*:file=$WORK/gc-$round.log:uptimemillis -Xlog:jit+compilation=debug:file=$WORK/jit-$round.log:uptimemillis"
  else
    start_node
  fi
  wait_for 600 "the node serving again" serving
  served=$(date +%s%3N)
  echo "round $round: restarted, serving after $(( served - started )) ms; machine load $(cut -d' ' -f1-3 /proc/loadavg)"
  if [[ -n "${IMPROVER:-}" ]]; then
    echo "qenex:mine --passphrase $PASSPHRASE start funder" | "$H/bin/client" -u admin -p "$PASSWORD" -b 2>&1 | grep -v "^$" | sed "s/^/round $round: /" || true
  fi
  out="$WORK/chain-load-$round.out"
  trace="$WORK/trace-$round.txt"
  QENEX_LOAD_TRACE="$trace" KARAF_HOME="$H" QENEX_URL="$URL" QENEX_CACERT="$CERT" QENEX_USER=admin QENEX_PASSWORD="$PASSWORD" \
    QENEX_WALLET=funder QENEX_WALLET_PASSPHRASE="$PASSPHRASE" \
    "$ROOT/bench/chain-load.sh" "$RATE" "$SECONDS_TO_RUN" "$SENDERS" > "$out" 2>&1 || status=$?
  if [[ -n "${QENEX_JFR:-}" ]]; then
    jcmd "$(node_java)" JFR.dump name=fm filename="$WORK/round-$round.jfr" >/dev/null
    echo "round $round: JVM started at epoch ms $started; JFR $WORK/round-$round.jfr"
  fi
  sending="$(grep -m1 '^sending' "$out" || true)"
  echo "round $round: ${sending:-no sending line}"
  grep -E '^(submit latency|accepted|confirmed|PASS|FAIL)' "$out" | sed "s/^/round $round: /" || true
  # when the slow submits came: counted over 50 ms in the sending's first 5 s, the next 10 s and the rest
  [[ ! -f "$trace" ]] || awk -v served="$served" -v round="$round" '
    /^# start/ { printf "round %d: sending began %.1f s after the node served\n", round, ($3 - served) / 1000; next }
    $2 > 50000 { per[int($1 / 1000)]++; if ($1 < 5000) a++; else if ($1 < 15000) b++; else c++ }
    END { line = ""; for (i = 0; i < 15; i++) line = line " " (per[i] + 0); printf "round %d: over 50 ms per second of sending, first 15 s:%s\n", round, line }
    END { printf "round %d: submits over 50 ms: %d in the first 5 s, %d in the next 10 s, %d after\n", round, a, b, c }' "$trace"
done
echo "machine load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
