#!/usr/bin/env bash
# Runs a QENEX node in the foreground: builds the distribution first if it is missing or older
# than the sources, then starts Karaf from karaf-distribution/target/assembly.
# Arguments are passed to bin/karaf (e.g. "./run.sh clean" starts from an empty data/ folder).
set -euo pipefail
cd "$(dirname "$0")"

node=karaf-distribution/target/assembly
archive=$(ls karaf-distribution/target/qenex-distribution-*.tar.gz 2>/dev/null | head -n 1 || true)
stale() {
    [ ! -x "$node/bin/karaf" ] || [ -z "$archive" ] && return 0
    [ -n "$(find pom.xml plugin-api bundles features karaf-distribution \
        -path '*/target' -prune -o -type f -newer "$archive" -print -quit)" ]
}
if stale; then
    echo "Building the QENEX distribution (the first build downloads its dependencies)..."
    mvn -B -q install -DskipTests -pl karaf-distribution -am
fi

if [ -z "${JAVA_HOME:-}" ]; then
    JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    export JAVA_HOME
fi
echo "Starting QENEX: web console https://localhost:8332/system/console, REST https://localhost:8332/api/v1/status"
echo "  (HTTPS with the node's own certificate: curl --cacert $node/data/qenex/tls/node-cert.pem https://localhost:8332/api/v1/health)"
exec "$node/bin/karaf" "$@"
