#!/usr/bin/env bash
# Fills a node's ledger through the real import path and measures it at each size (issue 14):
#   bench/ledger-fill.sh [account checkpoints] [transfers per block] [heap] [transaction checkpoints]
#   bench/ledger-fill.sh 1000,100000,1000000 6000 512m 2500000,5000000,10000000
#   bench/ledger-fill.sh reopen DATA [heap] [transfers per block]   (a folder a run kept with KEEP=1, measured alone)
# Transfers go to fresh accounts up to the last account checkpoint, then to existing ones until the
# last transaction checkpoint (none by default). KEEP=1 keeps the data folder (its path is printed).
# JAVA_OPTS reaches the JVM, e.g. JAVA_OPTS=-DledgerFill.indexCacheMegabytes=0 (the store's index node cache off).
# Builds the chain bundle's test classes, runs org.qenex.chain.internal.bench.LedgerFill in a JVM
# with the node's default heap (512 MB) and prints one line per checkpoint, then the restart time
# and the space the node's store takes on disk. The data folder is deleted at the end.
set -euo pipefail
checkpoints=${1:-1000,100000,1000000}
per_block=${2:-6000}
heap=${3:-512m}
transaction_checkpoints=${4:-}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root/bundles/chain"
mvn -q -B ${MAVEN_ARGS:-} test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
if [ "$checkpoints" = reopen ]; then
    java -Xmx"${3:-512m}" ${JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/cp.txt)" org.qenex.chain.internal.bench.LedgerFill \
        "$2" reopen "${4:-6000}"
    exit
fi
data=$(mktemp -d "${TMPDIR:-/tmp}/ledger-fill.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then echo "data: $data"; else trap 'rm -rf "$data"' EXIT; fi
echo "machine: $(nproc) cores, $(uptime)"
java -Xmx"$heap" ${JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/cp.txt)" org.qenex.chain.internal.bench.LedgerFill \
    "$data" "$checkpoints" "$per_block" $transaction_checkpoints
echo "node store on disk: $(du -sb "$data/node" | cut -f1) bytes (du), producer's: $(du -sb "$data/producer" | cut -f1)"
