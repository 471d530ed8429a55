# Helpers for the bench scripts that unpack and run QENEX nodes on this machine (sourced, not run):
# bench/network-load.sh, bench/first-minute.sh.

# kill_tree PID: SIGKILL a process and all its descendants (a node's bin/karaf and its JVM)
kill_tree() {
  local pid="$1" child
  for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do kill_tree "$child"; done
  kill -9 "$pid" 2>/dev/null || true
}

# set_line FILE KEY VALUE: replaces the key's line of a .cfg file, or appends it
set_line() {
  if [[ -f "$1" ]] && grep -qE "^\s*$2\s*=" "$1"; then sed -i -E "s|^\s*$2\s*=.*|$2 = $3|" "$1"; else printf '\n%s = %s\n' "$2" "$3" >> "$1"; fi
}

# wait_for SECONDS DESCRIPTION COMMAND...: runs COMMAND every WAIT_POLL seconds (default 1) until it
# succeeds; after SECONDS, says what it waited for and exits the script
wait_for() {
  local until=$((SECONDS + $1)) what="$2"; shift 2
  until "$@" >/dev/null 2>&1; do
    (( SECONDS < until )) || { echo "timed out waiting for $what" >&2; exit 1; }
    sleep "${WAIT_POLL:-1}"
  done
}

# local_ports HOME BASE: an unpacked node listens on 127.0.0.1 only, REST on BASE, SSH BASE+1,
# peers BASE+2, RMI registry and server BASE+3 and BASE+4
local_ports() {
  local h="$1" p="$2"
  set_line "$h/etc/org.ops4j.pax.web.cfg" org.osgi.service.http.port.secure "$p"
  set_line "$h/etc/org.ops4j.pax.web.cfg" org.ops4j.pax.web.listening.addresses 127.0.0.1
  set_line "$h/etc/org.apache.karaf.shell.cfg" sshPort $((p + 1))
  set_line "$h/etc/org.apache.karaf.shell.cfg" sshHost 127.0.0.1
  set_line "$h/etc/org.qenex.network.cfg" port $((p + 2))
  set_line "$h/etc/org.qenex.network.cfg" bindAddress 127.0.0.1
  printf 'rmiRegistryHost = 127.0.0.1\nrmiRegistryPort = %d\nrmiServerHost = 127.0.0.1\nrmiServerPort = %d\n' $((p + 3)) $((p + 4)) \
    > "$h/etc/org.apache.karaf.management.cfg"
}
