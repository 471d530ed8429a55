#!/usr/bin/env bash
# Block propagation under load on a 3-node loopback network (issue 12, "Performance"): unpacks the
# built distribution three times (nodes a, b, c), makes them the three validators of one genesis
# (docs/network.md, "Making a network": keys written before the first start, the genesis file shared,
# each node seeding the two others), starts them, earns coins on node a (an AI candidate of a fresh
# wallet, as docs/chain.md says), then runs bench/chain-load.sh against node a (RATE transfers/s for
# SECONDS s from SENDERS senders) while bench/network-propagation.java streams the `block` events
# of all three nodes and reports each block's propagation delay (last node's arrival minus the
# first's, p50/p95/max; all blocks, and the blocks with >= 100 transactions), whether the three chains
# hold the same block at the lowest head, and the transactions each node connected; then the CPU each
# node JVM and the generator used while sending, by role, per 1,000 transfers (bench/network-cpu.py).
# "All transfers confirmed on every node" = chain-load's PASS on node a (every accepted transfer in a
# block) + the same chain on b and c.
#
# Usage: [BATCH=200] [WARMUP=30] bench/network-load.sh [RATE] [SECONDS] [SENDERS]       (defaults 1000 60 100)
# WARMUP (seconds, default 0): the load runs WARMUP s longer, at the same rate, before the measured
# SECONDS; the blocks stamped in the warm-up are reported apart (the nodes' JIT compiles the hot paths
# in those first seconds) and not counted in the propagation percentiles; the CPU split starts after it.
# Every transfer, warm-up included, must be accepted and confirmed.
# BATCH (passed on to chain-load.sh): the transfers go in batches of up to BATCH per request
# (POST /api/v1/chain/transactions/batch), as an exchange would send them; unset, one request each.
# Environment: QENEX_DIST (the tar.gz; default karaf-distribution/target/qenex-distribution-*.tar.gz),
# QENEX_NET_BASE_PORT (18300: node i uses BASE+10i .. BASE+10i+4 for REST, SSH, peers, RMI),
# BLOCK_INTERVAL_MS (5000, the default of a node), QENEX_NODE_HEAP (512M each), KEEP=1 keeps the
# nodes' folders (logs) in the work folder it prints, QENEX_JFR="a b" records a JFR profile of those
# nodes (settings profile: execution and allocation samples), started once the funder is rewarded,
# well before the sending (a recording started while sending deoptimises the node's compiled code),
# dumped to WORK/NODE.jfr when chain-load ends (with KEEP=1 to read it).
# Cost: three node JVMs, the load generator and the monitor on one machine: run it on an idle one;
# build first (mvn -B install -DskipTests). Every JVM it starts is killed when it ends (trap).
set -euo pipefail

RATE="${1:-1000}"
SECONDS_TO_RUN="${2:-60}"
SENDERS="${3:-100}"
WARMUP="${WARMUP:-0}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="${QENEX_DIST:-$(ls "$ROOT"/karaf-distribution/target/qenex-distribution-*.tar.gz 2>/dev/null | head -1)}"
[[ -f "$DIST" ]] || { echo "no distribution: build it (mvn -B install -DskipTests) or set QENEX_DIST" >&2; exit 2; }
BASE="${QENEX_NET_BASE_PORT:-18300}"
INTERVAL="${BLOCK_INTERVAL_MS:-5000}"
HEAP="${QENEX_NODE_HEAP:-512M}"
JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
export JAVA_HOME
WORK="$(mktemp -d /tmp/qenex-network-load.XXXXXX)"
NAMES=(a b c)
PIDS=()

# shellcheck source=lib/local-node.sh
source "$ROOT/bench/lib/local-node.sh"
cleanup() {
  for pid in "${PIDS[@]}"; do kill_tree "$pid"; done
  if [[ -n "${KEEP:-}" ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

home() { echo "$WORK/$1/$(ls "$WORK/$1")"; }
rest_port() { echo $((BASE + 10 * $1)); }
hex_tail32() { tail -c 32 | od -An -tx1 | tr -d ' \n'; }
curl_node() { # i path [curl args...]
  local i="$1" path="$2"; shift 2
  curl -sS --max-time 30 --cacert "$(home "${NAMES[$i]}")/data/qenex/tls/node-cert.pem" -u "admin:${PASSWORDS[$i]}" "$@" \
    "https://127.0.0.1:$(rest_port "$i")$path"
}
field() { grep -o "\"$1\" *: *\"\?[^,\"}]*" | head -1 | sed -E 's/.*: *"?//'; }

echo "work folder $WORK; distribution $DIST; machine load $(cut -d' ' -f1-3 /proc/loadavg)"
KEYS=()
PASSWORDS=()
for i in 0 1 2; do
  name="${NAMES[$i]}"
  mkdir -p "$WORK/$name"
  tar xzf "$DIST" -C "$WORK/$name"
  h="$(home "$name")"
  p=$((BASE + 10 * i))
  local_ports "$h" "$p"
  # the chain's block-signing key, before the first start (docs/network.md, "Making a network")
  openssl genpkey -algorithm ed25519 -out "$WORK/$name.pem" 2>/dev/null
  mkdir -p "$h/data/qenex/chain"
  openssl pkey -in "$WORK/$name.pem" -outform DER | hex_tail32 > "$h/data/qenex/chain/node.key"
  chmod 600 "$h/data/qenex/chain/node.key"
  KEYS+=("$(openssl pkey -in "$WORK/$name.pem" -pubout -outform DER | hex_tail32)")
  PASSWORDS+=("network-load-$name-$RANDOM$RANDOM")
done
# every validator must re-derive the others' AI verdicts: the same held-out secret per task
# (docs/ai.md, "What the validators of one network must share"); each node's own default would
# refuse the funder's reward block as proof_not_verified, and ban the host (all three are 127.0.0.1)
SECRET="$(openssl rand -hex 32)"
for i in 0 1 2; do
  for domain in mathematics language code; do
    printf 'heldOutSecret = %s\n' "$SECRET" >> "$(home "${NAMES[$i]}")/etc/org.qenex.ai.tasks.$domain.cfg"
  done
done
GENESIS="$WORK/genesis.json"
printf '{"chainId":"network-load","genesisTimeMillis":%d,"validators":["%s","%s","%s"],"blockIntervalMillis":%d}\n' \
  "$(date +%s%3N)" "${KEYS[0]}" "${KEYS[1]}" "${KEYS[2]}" "$INTERVAL" > "$GENESIS"
for i in 0 1 2; do
  h="$(home "${NAMES[$i]}")"
  seeds=""
  for j in 0 1 2; do [[ $j == "$i" ]] || seeds="${seeds:+$seeds,}127.0.0.1:$((BASE + 10 * j + 2))"; done
  set_line "$h/etc/org.qenex.network.cfg" seeds "$seeds"
  set_line "$h/etc/org.qenex.chain.cfg" genesisFile "$GENESIS"
  (cd "$h" && JAVA_MAX_MEM="$HEAP" QENEX_ADMIN_PASSWORD="${PASSWORDS[$i]}" exec bin/karaf server > "$h/console.out" 2>&1) &
  PIDS+=($!)
done

up() { curl_node "$1" /api/v1/health | grep -q '"UP"'; }
for i in 0 1 2; do wait_for 600 "node ${NAMES[$i]} UP" up "$i"; done
height() { curl_node "$1" /api/v1/chain/head | field height; }
producing() { (( $(height 0) >= 2 )); }
wait_for 300 "the validators producing (height 2 at a)" producing
echo "3 nodes up and producing; machine load $(cut -d' ' -f1-3 /proc/loadavg)"

# coins for the load generator: a wallet on a, rewarded for an AI candidate (re-verified by b and c)
PASSPHRASE="network-load-funder-$RANDOM$RANDOM"
curl_node 0 /api/v1/wallets -H 'Content-Type: application/json' -d "{\"name\":\"funder\",\"passphrase\":\"$PASSPHRASE\"}" >/dev/null
curl_node 0 /api/v1/ai/candidates -H 'Content-Type: application/json' \
  -d "{\"wallet\":\"funder\",\"passphrase\":\"$PASSPHRASE\",\"pipelines\":{\"mathematics.product-relation\":{\"learner\":\"J48\",\"options\":[]}}}" >/dev/null
funded() { curl_node 0 /api/v1/wallets | grep -o '"balance" *: *[1-9][0-9]*' >/dev/null; }
wait_for 600 "the funder's reward on a" funded
block_hash() { curl_node "$1" "/api/v1/chain/blocks/$2" | field hash; }
one_chain() { # the same block on every node one below the lowest head, the reward's block or later
  local h a b c
  h=$(( $(height 0) < $(height 1) ? $(height 0) : $(height 1) )); h=$(( h < $(height 2) ? h : $(height 2) )); h=$((h - 1))
  a="$(block_hash 0 "$h")"; b="$(block_hash 1 "$h")"; c="$(block_hash 2 "$h")"
  [[ -n "$a" && "$a" == "$b" && "$a" == "$c" ]]
}
sleep $((2 * INTERVAL / 1000))
wait_for 120 "one chain on a, b and c after the reward (if not: their data/log/karaf.log, KEEP=1)" one_chain
echo "funder rewarded; heights a $(height 0), b $(height 1), c $(height 2), one chain"
node_pid() { pgrep -f "karaf.home=$(home "$1")" | head -1; }
for n in ${QENEX_JFR:-}; do jcmd "$(node_pid "$n")" JFR.start name=load settings=profile >/dev/null; done

STOP="$WORK/stop"
NODES=""
for i in 0 1 2; do
  NODES="${NODES:+$NODES,}${NAMES[$i]}|https://127.0.0.1:$(rest_port "$i")|$(home "${NAMES[$i]}")/data/qenex/tls/node-cert.pem|admin|${PASSWORDS[$i]}"
done
NODES="$NODES" STOP="$STOP" INTERVAL_MS="$INTERVAL" WARMUP_MS=$((WARMUP * 1000)) TRACE="$WORK/trace.txt" java -Xmx256m -XX:+UseSerialGC "$ROOT/bench/network-propagation.java" \
  > "$WORK/monitor.out" 2>&1 &
MONITOR=$!
PIDS+=("$MONITOR")
wait_for 60 "the monitor's streams" grep -q "monitor: streaming" "$WORK/monitor.out"

# the CPU of each node JVM and of the generator, by role (bench/network-cpu.py), from 5 s after the
# sending starts to 5 s before it ends: the budget table of docs/network.md, "Performance"
JVMS=""
for n in a b c; do JVMS="$JVMS $n=$(pgrep -f "karaf.home=$(home "$n")" | head -1)"; done
(
  until grep -q "^sending" "$WORK/chain-load.out" 2>/dev/null; do sleep 0.5; done
  sleep $((WARMUP > 0 ? WARMUP : 5))
  generator="gen=$(pgrep -f "ChainLoad.java $RATE" | head -1)"
  python3 "$ROOT/bench/network-cpu.py" snap "$WORK/cpu-before.json" $JVMS "$generator"
  sleep $((WARMUP > 0 ? SECONDS_TO_RUN - 5 : SECONDS_TO_RUN > 10 ? SECONDS_TO_RUN - 10 : 1))
  python3 "$ROOT/bench/network-cpu.py" snap "$WORK/cpu-after.json" $JVMS "$generator"
) &
CPU_SPLIT=$!
PIDS+=("$CPU_SPLIT")

status=0
QENEX_LOAD_TRACE="$WORK/trace.txt" KARAF_HOME="$(home a)" QENEX_URL="https://127.0.0.1:$(rest_port 0)" QENEX_CACERT="$(home a)/data/qenex/tls/node-cert.pem" \
  QENEX_USER=admin QENEX_PASSWORD="${PASSWORDS[0]}" QENEX_WALLET=funder QENEX_WALLET_PASSPHRASE="$PASSPHRASE" \
  "$ROOT/bench/chain-load.sh" "$RATE" $((WARMUP + SECONDS_TO_RUN)) "$SENDERS" > >(tee "$WORK/chain-load.out") 2>&1 || status=$?
touch "$STOP"
for n in ${QENEX_JFR:-}; do jcmd "$(node_pid "$n")" JFR.dump name=load filename="$WORK/$n.jfr" >/dev/null && echo "JFR of $n: $WORK/$n.jfr"; done
wait "$MONITOR" || status=$?
cat "$WORK/monitor.out"
wait "$CPU_SPLIT" 2>/dev/null || true
if [[ -f "$WORK/cpu-after.json" ]]; then
  python3 "$ROOT/bench/network-cpu.py" diff "$WORK/cpu-before.json" "$WORK/cpu-after.json" "$WORK/trace.txt"
fi
for i in 0 1 2; do
  echo "node ${NAMES[$i]}: head $(curl_node "$i" /api/v1/chain/head | tr -d '\n' | cut -c1-200)"
done
echo "machine load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
