#!/usr/bin/env bash
# Load on the live event stream (GET /api/v1/events, docs/monitoring.md "Events"): the node's CPU for
# SECONDS with no stream open, then CLIENTS streams (types block,transaction) for SECONDS: the event
# delay (arrival minus the block's timestamp: run it on the node's machine) p50/p99/max per type, and
# the node JVM's CPU with and without the streams. STALLED more streams stop reading after their first
# line: the node must drop them without slowing the others (reported).
#
# With QENEX_CHAIN_LOAD=RATE (e.g. 1000) it first starts bench/chain-load.sh RATE for 2*SECONDS+30 s in
# the background (it needs its own variables: QENEX_WALLET, QENEX_WALLET_PASSPHRASE, an operator in
# QENEX_CHAIN_USER/QENEX_CHAIN_PASSWORD, default QENEX_USER/QENEX_PASSWORD), waits until it is
# sending, measures, then prints chain-load's report too.
#
# The streams use a viewer API token: QENEX_TOKEN, else one created with QENEX_USER/QENEX_PASSWORD and revoked at the end.
# Usage: QENEX_USER=viewer QENEX_PASSWORD=... bench/events-load.sh [--cacert FILE | -k] [CLIENTS] [SECONDS] [STALLED]
# Defaults: 100 clients, 30 s per phase, 0 stalled. QENEX_URL (default https://127.0.0.1:8332);
# --cacert as in chain-load.sh (default the node's own certificate under KARAF_HOME); QENEX_NODE_PID,
# else the process listening on the URL's port.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
CACERT_ARGS=()
while (( $# > 0 )); do
  case "$1" in
    --cacert) QENEX_CACERT="$2"; shift 2 ;;
    -k|--insecure) QENEX_INSECURE=1; shift ;;
    *) break ;;
  esac
done
URL="${QENEX_URL:-https://127.0.0.1:8332}"
CLIENTS="${1:-100}"
SECONDS_TO_RUN="${2:-30}"
STALLED="${3:-0}"
if [[ -z "${QENEX_TOKEN:-}" ]]; then
  : "${QENEX_USER:?set QENEX_TOKEN (a viewer API token), or QENEX_USER and QENEX_PASSWORD (a viewer)}"
  : "${QENEX_PASSWORD:?set QENEX_PASSWORD}"
fi
if (( CLIENTS < 1 || CLIENTS > 1000 || SECONDS_TO_RUN < 5 || SECONDS_TO_RUN > 600 || STALLED < 0 || STALLED > 100 )); then
  echo "CLIENTS 1..1000, SECONDS 5..600, STALLED 0..100" >&2
  exit 2
fi
if [[ "${QENEX_INSECURE:-}" == 1 ]]; then
  TLS_ARGS=(--insecure 1)
  CACERT_ARGS=(-k)
else
  QENEX_CACERT="${QENEX_CACERT:-${KARAF_HOME:-$HERE/../karaf-distribution/target/assembly}/data/qenex/tls/node-cert.pem}"
  [[ -f "$QENEX_CACERT" ]] || { echo "no node certificate at $QENEX_CACERT (set QENEX_CACERT or KARAF_HOME, or -k)" >&2; exit 2; }
  TLS_ARGS=(--cacert "$QENEX_CACERT")
  CACERT_ARGS=(--cacert "$QENEX_CACERT")
fi
if [[ -z "${QENEX_NODE_PID:-}" ]]; then
  port="${URL##*:}"; port="${port%%/*}"
  QENEX_NODE_PID="$(ss -ltnpH "( sport = :$port )" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)"
fi
export QENEX_CLK_TCK="$(getconf CLK_TCK 2>/dev/null || echo 100)"

CHAIN_PID=""
CHAIN_LOG=""
if [[ -n "${QENEX_CHAIN_LOAD:-}" ]]; then
  CHAIN_LOG="$(mktemp)"
  QENEX_USER="${QENEX_CHAIN_USER:-$QENEX_USER}" QENEX_PASSWORD="${QENEX_CHAIN_PASSWORD:-$QENEX_PASSWORD}" \
    QENEX_URL="$URL" "$HERE/chain-load.sh" "${CACERT_ARGS[@]}" "$QENEX_CHAIN_LOAD" $(( 2 * SECONDS_TO_RUN + 30 )) \
    > "$CHAIN_LOG" 2>&1 &
  CHAIN_PID=$!
  trap '[[ -n "$CHAIN_PID" ]] && kill "$CHAIN_PID" 2>/dev/null; rm -f "$CHAIN_LOG"' EXIT
  echo "chain-load.sh $QENEX_CHAIN_LOAD/s started (pid $CHAIN_PID); waiting until it sends"
  for _ in $(seq 1 600); do
    grep -q '^sending ' "$CHAIN_LOG" && break
    kill -0 "$CHAIN_PID" 2>/dev/null || { cat "$CHAIN_LOG"; echo "chain-load.sh ended before sending" >&2; exit 1; }
    sleep 1
  done
  grep '^sending ' "$CHAIN_LOG"
  sleep 10 # past chain-load's warm-up
fi

java -Xmx2g "$HERE/EventsLoad.java" --url "$URL" --clients "$CLIENTS" --stalled "$STALLED" \
  --seconds "$SECONDS_TO_RUN" --pid "${QENEX_NODE_PID:-}" "${TLS_ARGS[@]}"
echo "machine load average (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) processors"

if [[ -n "$CHAIN_PID" ]]; then
  echo "waiting for chain-load.sh's report"
  wait "$CHAIN_PID" || true
  CHAIN_PID=""
  if grep -q -- '---- chain-load report ----' "$CHAIN_LOG"; then
    sed -n '/---- chain-load report ----/,$p' "$CHAIN_LOG"
  else
    echo "chain-load.sh gave no report; its last lines:"
    tail -20 "$CHAIN_LOG"
  fi
fi
