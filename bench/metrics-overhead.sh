#!/usr/bin/env bash
# What monitoring costs chain admission, on a running node: bench/chain-load.sh twice against the same
# node, once with the monitoring bundle active and a scraper asking for /api/v1/metrics every SCRAPE
# seconds (default 1: fifteen times Prometheus' usual 15 s), once with the bundle stopped
# (bundle:stop org.qenex.monitoring: no REST observer, no collectors, no alert evaluation, no log
# appender, no history sampling). Prints both chain-load reports and the scrapes' own latency; the
# bundle is started again at the end. ORDER=off-first runs the stopped phase first (the second phase
# runs on a warmer JVM: run both orders on an idle machine and compare).
#
# Needs what chain-load.sh needs (QENEX_USER/QENEX_PASSWORD an operator, QENEX_WALLET, its
# QENEX_WALLET_PASSPHRASE), plus an admin for the shell: QENEX_ADMIN (default admin) and
# QENEX_ADMIN_PASSWORD, and KARAF_HOME (default karaf-distribution/target/assembly) for bin/client.
# Usage: bench/metrics-overhead.sh [--cacert FILE | -k] [RATE] [SECONDS] [SENDERS] (defaults 1000 60 100)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
CACERT_ARGS=()
CURL_TLS=()
while (( $# > 0 )); do
  case "$1" in
    --cacert) CACERT_ARGS=(--cacert "$2"); CURL_TLS=(--cacert "$2"); shift 2 ;;
    -k|--insecure) CACERT_ARGS=(-k); CURL_TLS=(-k); shift ;;
    *) break ;;
  esac
done
RATE="${1:-1000}"; SECONDS_TO_RUN="${2:-60}"; SENDERS="${3:-100}"
SCRAPE="${SCRAPE:-1}"
URL="${QENEX_URL:-https://127.0.0.1:8332}"
KARAF_HOME="${KARAF_HOME:-$HERE/../karaf-distribution/target/assembly}"
: "${QENEX_ADMIN_PASSWORD:?set QENEX_ADMIN_PASSWORD (an admin of the shell, to stop and start the monitoring bundle)}"
if (( ${#CURL_TLS[@]} == 0 )); then
  CURL_TLS=(--cacert "$KARAF_HOME/data/qenex/tls/node-cert.pem")
  CACERT_ARGS=("${CURL_TLS[@]}")
fi
shell() { echo "$1" | "$KARAF_HOME/bin/client" -u "${QENEX_ADMIN:-admin}" -p "$QENEX_ADMIN_PASSWORD" -b 2>&1 | grep -v '^$' || true; }

SCRAPER=""
SCRAPES="$(mktemp)"
cleanup() {
  [[ -n "$SCRAPER" ]] && kill "$SCRAPER" 2>/dev/null || true
  rm -f "$SCRAPES"
  shell 'bundle:start org.qenex.monitoring' > /dev/null
}
trap cleanup EXIT

with_metrics() {
  echo "==== monitoring active, /api/v1/metrics scraped every ${SCRAPE} s ===="
  shell 'bundle:start org.qenex.monitoring' > /dev/null
  sleep 5
  ( while true; do
      curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "${CURL_TLS[@]}" \
        -u "${QENEX_ADMIN:-admin}:$QENEX_ADMIN_PASSWORD" "$URL/api/v1/metrics" >> "$SCRAPES" || true
      sleep "$SCRAPE"
    done ) &
  SCRAPER=$!
  QENEX_URL="$URL" "$HERE/chain-load.sh" "${CACERT_ARGS[@]}" "$RATE" "$SECONDS_TO_RUN" "$SENDERS" | sed -n '/---- chain-load report ----/,$p'
  kill "$SCRAPER" 2>/dev/null || true
  SCRAPER=""
  sort -k2 -n "$SCRAPES" | awk '$1 == 200 { t[n++] = $2 } END { if (n) printf "scrapes: %d, each p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", n, t[int(n*0.5)]*1000, t[int(n*0.99)]*1000, t[n-1]*1000; else print "no scrape answered 200" }'
}

without_metrics() {
  echo "==== monitoring bundle stopped ===="
  shell 'bundle:stop org.qenex.monitoring' > /dev/null
  sleep 5
  QENEX_URL="$URL" "$HERE/chain-load.sh" "${CACERT_ARGS[@]}" "$RATE" "$SECONDS_TO_RUN" "$SENDERS" | sed -n '/---- chain-load report ----/,$p'
}

if [[ "${ORDER:-on-first}" == off-first ]]; then
  without_metrics; with_metrics
else
  with_metrics; without_metrics
fi
echo "machine load average (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) processors"
