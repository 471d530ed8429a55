#!/usr/bin/env bash
# Brute force and slow clients against a running node while an admin works (issue 9, point 4/5):
# RATE wrong passwords a second (default 200; half for "admin", half for made-up names) from
# 40 client addresses 127.0.0.2.., and SLOW clients (default 100) from 127.0.1.x uploading
# POST /api/v1/chain/transactions one byte a second, for SECONDS (default 30). Meanwhile the admin
# calls GET /api/v1/status 10 times a second from 127.0.0.1 and a probe polls /api/v1/health every
# 200 ms (2 s timeout). Passes (exit 0) when the admin's p99 is under 200 ms and health never failed.
#
# The node must listen on the loopback (the attackers' addresses are 127.x source addresses, which
# Linux routes to the loopback without any set-up).
#
# Usage: QENEX_PASSWORD=... bench/auth-flood.sh [URL] [RATE] [SLOW] [SECONDS] [--cacert FILE | -k]
#   URL defaults to http://127.0.0.1:8332; for https give --cacert (the node's certificate) or -k.
#   QENEX_USER defaults to admin.
set -euo pipefail
URL="${1:-http://127.0.0.1:8332}"
RATE="${2:-200}"
SLOW="${3:-100}"
SECONDS_TO_RUN="${4:-30}"
shift $(( $# < 4 ? $# : 4 ))
: "${QENEX_PASSWORD:?set QENEX_PASSWORD to the password of the admin}"
if (( RATE < 1 || RATE > 2000 || SLOW < 0 || SLOW > 1000 || SECONDS_TO_RUN < 5 || SECONDS_TO_RUN > 600 )); then
  echo "RATE 1..2000, SLOW 0..1000, SECONDS 5..600" >&2
  exit 2
fi
TLS=()
while (( $# )); do
  case "$1" in
    --cacert) TLS+=(--cacert "$2"); shift 2 ;;
    -k) TLS+=(-k); shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
HERE="$(cd "$(dirname "$0")" && pwd)"
exec java -Xmx256m "$HERE/AuthFlood.java" --url "$URL" --rate "$RATE" --slow "$SLOW" --seconds "$SECONDS_TO_RUN" \
  --user "${QENEX_USER:-admin}" ${TLS[@]+"${TLS[@]}"}
