#!/usr/bin/env bash
# Adds to the distribution's tar.gz the class data sharing archive a node maps from its first boot
# on (data/cds/qenex.jsa; docs/architecture.md, "Class data sharing"). At package time, after
# karaf:archive: unpacks the tar.gz, boots that node once on free ports, waits until it serves
# (GET /api/v1/status 200, then /api/v1/health UP), stops it cleanly (its JVM records the archive as
# it exits, -XX:ArchiveClassesAtExit) and appends that one file to the tar.gz. Nothing else of the
# boot (keys, password, certificate, store, log) leaves the work folder.
# Why from the unpacked tar.gz and not the assembly: the archive names lib/boot's jars with their
# size and modification time, and karaf:archive stamps the entries with the time it writes them.
# The archive serves a JVM of the same build as the one that ran this (the JDK's own archive is its
# base) and the same lib/boot jars; on any other, bin/setenv's check refuses it, deletes it and the
# node records its own at its first stop, as before archives were shipped.
#
# Usage: record-archive.sh DISTRIBUTION_TAR_GZ WORK_DIR [TIMEOUT_SECONDS]
# Needs bash, curl, gzip and tar. QENEX_CDS_RECORD=off skips it (the tar.gz then has no archive).
set -euo pipefail
distribution=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=$2 timeout=${3:-600}
case "${QENEX_CDS_RECORD:-on}" in off|false|no|0) echo "record-archive: skipped (QENEX_CDS_RECORD=${QENEX_CDS_RECORD})"; exit 0 ;; esac
rm -rf "$work"
mkdir -p "$work/unpacked"
work=$(cd "$work" && pwd)
tar xzf "$distribution" -C "$work/unpacked"
top=$(ls "$work/unpacked")
node=$work/unpacked/$top
if [ -e "$node/data/cds/qenex.jsa" ]; then
    echo "record-archive: $distribution has an archive already" >&2
    exit 1
fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# three consecutive free ports from a random base (the build may run beside nodes and other builds)
for _ in $(seq 1 50); do
    base=$((20000 + RANDOM % 40000))
    busy=""
    for p in 0 1 2; do if port_open $((base + p)); then busy=yes; fi; done
    [ -z "$busy" ] && break
done
set_line() {
    sed -i "s/^$2 *=.*/$2 = $3/" "$1"
    grep -q "^$2 = $3\$" "$1" || { echo "record-archive: no $2 in $1" >&2; exit 1; }
}
set_line "$node/etc/org.apache.karaf.shell.cfg" sshPort $((base))
set_line "$node/etc/org.ops4j.pax.web.cfg" org.osgi.service.http.port.secure $((base + 1))
set_line "$node/etc/org.qenex.network.cfg" port $((base + 2))
https=$((base + 1))

export QENEX_ADMIN_PASSWORD="record-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
export KARAF_REDIRECT="$work/console.out"
unset KARAF_HOME KARAF_BASE KARAF_DATA KARAF_ETC KARAF_LOG QENEX_CDS EXTRA_JAVA_OPTS QENEX_SETENV_DONE JAVA_OPTS
java_pid() { pgrep -f -- "-Dkaraf.home=$node " | head -n 1 || true; }
stop_left_over() {
    local pid
    pid=$(java_pid)
    if [ -n "$pid" ]; then kill -9 "$pid" 2>/dev/null || true; fi
}
trap stop_left_over EXIT
started=$(date +%s)
in_time() {
    if [ $(($(date +%s) - started)) -gt "$timeout" ]; then
        echo "record-archive: $1 within ${timeout}s; see $node/data/log/karaf.log and $KARAF_REDIRECT" >&2
        exit 1
    fi
    sleep 0.5
}
pem=$node/data/qenex/tls/node-cert.pem
answer() {
    [ -f "$pem" ] && curl -s --max-time 10 --cacert "$pem" "$@" || true
}

"$node/bin/start"
until [ "$(answer -o /dev/null -w '%{http_code}' -u "admin:$QENEX_ADMIN_PASSWORD" "https://127.0.0.1:$https/api/v1/status")" = 200 ]; do
    in_time "the node did not serve"
done
until answer "https://127.0.0.1:$https/api/v1/health" | grep -q '"status":"UP"'; do
    in_time "the node's health was not UP"
done
pid=$(java_pid)
"$node/bin/stop"
while kill -0 "$pid" 2>/dev/null; do
    in_time "the node did not stop"
done
archive=data/cds/qenex.jsa
if [ ! -s "$node/$archive" ]; then
    echo "record-archive: the node's stop wrote no $node/$archive; see $KARAF_REDIRECT" >&2
    exit 1
fi
# the same owner and mode as karaf:archive gives every other file
chmod 644 "$node/$archive"
gzip -dc "$distribution" > "$work/distribution.tar"
tar rf "$work/distribution.tar" -C "$work/unpacked" --owner=0 --group=0 --numeric-owner "$top/$archive"
gzip -c "$work/distribution.tar" > "$distribution.new"
mv "$distribution.new" "$distribution"
rm -rf "$work/distribution.tar"
echo "record-archive: $archive, $(wc -c < "$node/$archive") bytes, recorded in $(($(date +%s) - started)) s"
