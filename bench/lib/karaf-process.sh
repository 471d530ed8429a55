# Helpers for the bench scripts that unpack plain Karaf and QENEX into a work folder and time or
# watch their JVMs (sourced, not run): bench/boot-benchmark.sh, bench/idle-over-time.sh.
# They expect $work, the folder the distributions are unpacked into, and run from the repository's root.

# the plain Karaf the QENEX distribution is compared with (the one it is built on)
KARAF_VERSION=4.4.10

# fetch_archives: exports JAVA_HOME (from the java on the PATH when unset) and sets qenex_archive
# (QENEX_ARCHIVE, else this build's distribution, built when missing) and karaf_archive (plain
# Karaf, fetched through Maven into $work)
fetch_archives() {
    if [ -z "${JAVA_HOME:-}" ]; then
        JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    fi
    export JAVA_HOME
    qenex_archive=${QENEX_ARCHIVE:-$(ls karaf-distribution/target/qenex-distribution-*.tar.gz 2>/dev/null | head -n 1 || true)}
    if [ -z "$qenex_archive" ]; then
        mvn -B -q install -DskipTests -pl karaf-distribution -am >&2
        qenex_archive=$(ls karaf-distribution/target/qenex-distribution-*.tar.gz | head -n 1)
    fi
    qenex_archive=$(readlink -f "$qenex_archive")
    mvn -B -q dependency:copy -Dartifact=org.apache.karaf:apache-karaf:$KARAF_VERSION:tar.gz -DoutputDirectory="$work" >&2
    karaf_archive="$work/apache-karaf-$KARAF_VERSION.tar.gz"
}

now() { date +%s.%N; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# java_pid HOME: the JVM of the Karaf unpacked at HOME
java_pid() { pgrep -f -- "-Dkaraf.home=$1 " | head -n 1; }

# wait_gone HOME: waits up to a minute for its JVM to exit after bin/stop, then kills it
wait_gone() {
    for _ in $(seq 1 120); do
        [ -z "$(java_pid "$1")" ] && return 0
        sleep 0.5
    done
    kill -9 "$(java_pid "$1")" 2>/dev/null || true
}

# stop_all: stops every Karaf under $work and deletes $work (unless KEEP is set: the unpacked
# distributions are about 1 GB a run)
stop_all() {
    for home in "$work"/*/*/; do
        home=${home%/}
        [ -x "$home/bin/stop" ] && "$home/bin/stop" >/dev/null 2>&1 || true
    done
    sleep 2
    pkill -9 -f -- "-Dkaraf.home=$work" 2>/dev/null || true
    if [ -n "${KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}

# set_ports HOME SSH RMI_REGISTRY RMI_SERVER [HTTPS P2P]: moves a distribution's ports (a shared machine)
set_ports() {
    local etc=$1/etc
    sed -i "s/^sshPort *=.*/sshPort = $2/" "$etc/org.apache.karaf.shell.cfg"
    if [ -f "$etc/org.apache.karaf.management.cfg" ]; then
        sed -i "s/^rmiRegistryPort *=.*/rmiRegistryPort = $3/; s/^rmiServerPort *=.*/rmiServerPort = $4/" \
            "$etc/org.apache.karaf.management.cfg"
    fi
    if [ -n "${5:-}" ] && [ -f "$etc/org.ops4j.pax.web.cfg" ]; then
        sed -i "s/^org.osgi.service.http.port.secure *=.*/org.osgi.service.http.port.secure = $5/" "$etc/org.ops4j.pax.web.cfg"
    fi
    if [ -n "${6:-}" ] && [ -f "$etc/org.qenex.network.cfg" ]; then
        sed -i "s/^port *=.*/port = $6/" "$etc/org.qenex.network.cfg"
    fi
}

# qenex_status_ok HOME HTTPS_PORT: the admin's GET /api/v1/status answers 200 over HTTPS, trusting
# the certificate the node made at its first start ($QENEX_ADMIN_PASSWORD)
qenex_status_ok() {
    local pem="$1/data/qenex/tls/node-cert.pem"
    [ -f "$pem" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' --cacert "$pem" -u "admin:$QENEX_ADMIN_PASSWORD" \
        "https://127.0.0.1:$2/api/v1/status")" = 200 ]
}

# qenex_make_token HOME HTTPS_PORT: prints a new viewer API token (one day), made by the admin
qenex_make_token() {
    curl -s --cacert "$1/data/qenex/tls/node-cert.pem" -u "admin:$QENEX_ADMIN_PASSWORD" -H 'Content-Type: application/json' \
        -d '{"name":"bench-ready-'"$(date +%s%N)"'","roles":["viewer"],"expires":"1d"}' "https://127.0.0.1:$2/api/v1/tokens" |
        grep -o '"token" *: *"qxt_[^"]*"' | grep -o 'qxt_[^"]*'
}

# qenex_token_status_ok HOME HTTPS_PORT TOKEN: GET /api/v1/status answers 200 to the API token
qenex_token_status_ok() {
    [ "$(curl -s -o /dev/null -w '%{http_code}' --cacert "$1/data/qenex/tls/node-cert.pem" -H "Authorization: Bearer $3" \
        "https://127.0.0.1:$2/api/v1/status")" = 200 ]
}

# cpu_ticks PID: the JVM's CPU time so far (utime + stime, in clock ticks)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# wakeups PID: voluntary context switches of every thread: how often the process woke up to wait again
wakeups() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^voluntary_ctxt_switches/ { n += $2 } END { print n }'; }
# per thread: id, CPU ticks, voluntary context switches, name (digits made N, so pools add up); one awk, no fork per thread
threads() {
    awk 'FNR == 1 && FILENAME ~ /\/stat$/ { split(FILENAME, p, "/"); id = p[5]; sub(/^[^)]*\) /, ""); ticks[id] = $12 + $13 }
         FILENAME ~ /\/status$/ && /^Name:/ { name[id] = $2; for (i = 3; i <= NF; i++) name[id] = name[id] "_" $i }
         FILENAME ~ /\/status$/ && /^voluntary_ctxt_switches/ { wakes[id] = $2 }
         END { for (t in ticks) { n = name[t]; gsub(/[0-9]+/, "N", n); print t, ticks[t], wakes[t], n } }' \
        $(for t in /proc/"$1"/task/*; do echo "$t/stat $t/status"; done) 2>/dev/null | sort -k1,1
}
