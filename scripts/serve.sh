#!/usr/bin/env bash
# Hotspotkaart on several cores: WORKERS Streamlit processes on loopback ports
# behind HAProxy (sticky sessions, websockets), served on one port.
#
#   scripts/serve.sh                      # WORKERS = three per core, PORT 8501
#   WORKERS=4 PORT=8080 scripts/serve.sh  # (make serve WORKERS=4)
#
# Environment:
#   WORKERS        Streamlit processes (default: three per core)
#   PORT           the port HAProxy serves the app on (default 8501)
#   ADDRESS        the address it binds (default 0.0.0.0: every interface, as `make run`)
#   SERVE_RUN_DIR  generated haproxy.cfg, logs, PIDs (default /tmp/hotspotkaart-serve-$PORT)
#   HOTSPOTS_DATA  passed on to every process (see README)
#   HOTSPOTS_DATA_DIR  the Beheer page's data folder, the same for every process (saves are locked)
#   VENV           the virtual environment with streamlit (default: .venv here)
#
# A Streamlit session lives in one process, so HAProxy pins each browser to
# one process with a cookie (HOTSPOTKAART_SERVER); see deploy/haproxy.cfg.in.
# The processes read .streamlit/config.toml like `make run`. Streamlit's XSRF
# protection (a double-submit cookie) works through the proxy unchanged; the
# processes share one cookie secret (server.cookieSecret), as Streamlit asks of
# replicas, so a signed cookie (st.login) set by one is valid on the others.
# Ctrl-C or SIGTERM stops HAProxy and every process; if one of them exits on
# its own, the rest is stopped too and the script exits with status 1.
#
# Files in SERVE_RUN_DIR while it runs: haproxy.cfg, haproxy.sock (HAProxy's
# runtime API, e.g. `echo "show stat" | socat stdio haproxy.sock`),
# haproxy.pid, workers ("w1 <pid> <port>" per line), worker-N.log, and
# "ready" once everything answers.

set -euo pipefail
shopt -u patsub_replacement 2>/dev/null || true

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Three processes per core: a Streamlit process with a hundred sessions spends much of
# its time waiting on its own interpreter lock and internal locks rather than
# computing, so one per core leaves the cores half idle while runs queue (240
# viewers on 2 cores: interactions p95 3.8-5 s with 2 processes, 1.6 s with 4,
# 0.6 s with 6; benchmarks/load.py, README).
WORKERS="${WORKERS:-$(( 3 * $(nproc 2>/dev/null || echo 2) ))}"
PORT="${PORT:-8501}"
ADDRESS="${ADDRESS:-0.0.0.0}"
RUN_DIR="${SERVE_RUN_DIR:-${TMPDIR:-/tmp}/hotspotkaart-serve-$PORT}"
VENV="${VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
STARTUP_TIMEOUT_S=90

say() { printf 'serve: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[[ "$WORKERS" =~ ^[1-9][0-9]*$ && "$WORKERS" -le 64 ]] || die "WORKERS must be 1..64, not '$WORKERS'"
[[ "$PORT" =~ ^[0-9]+$ && "$PORT" -ge 1 && "$PORT" -le 65535 ]] || die "PORT must be a port number, not '$PORT'"
[[ -x "$PY" && -x "$VENV/bin/streamlit" ]] || die "no $VENV with streamlit: run 'make serve' (or 'make run' once)"

# ------------------------------------------------------------------ HAProxy (Debian's package)

find_haproxy() { command -v haproxy 2>/dev/null || { [[ -x /usr/sbin/haproxy ]] && echo /usr/sbin/haproxy; } || true; }
HAPROXY="$(find_haproxy)"
if [[ -z "$HAPROXY" ]]; then
    say "installing Debian's haproxy ..."
    if [[ "$(id -u)" == 0 ]]; then SUDO=(); else SUDO=(sudo); fi
    "${SUDO[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq haproxy >/dev/null
    HAPROXY="$(find_haproxy)"
    [[ -n "$HAPROXY" ]] || die "haproxy is not installed and could not be installed"
fi

# ------------------------------------------------------------------ stopping

PIDS=()
STOPPING=0
# shellcheck disable=SC2317  # called from the traps
stop_all() {
    [[ "$STOPPING" == 1 ]] && return
    STOPPING=1
    rm -f "$RUN_DIR/ready"
    local pid alive
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for _ in $(seq 1 100); do  # up to 10 s for a clean stop
        alive=0
        for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [[ "$alive" == 0 ]] && break
        sleep 0.1
    done
    for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap stop_all EXIT
trap 'say "stopping ..."; stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM

# Waits until URL answers 200; fails early when process PID has exited.
wait_healthy() {
    local url="$1" pid="$2" what="$3"
    "$PY" - "$url" "$pid" "$STARTUP_TIMEOUT_S" <<'EOF' || die "$what did not become healthy at $url (see $RUN_DIR)"
import os, sys, time, urllib.request
url, pid, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
deadline = time.monotonic() + timeout
while time.monotonic() < deadline:
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit(1)
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            if response.status == 200:
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.2)
sys.exit(1)
EOF
}

# ------------------------------------------------------------------ Streamlit processes

mkdir -p "$RUN_DIR"
rm -f "$RUN_DIR/ready" "$RUN_DIR/workers" "$RUN_DIR/haproxy.pid" "$RUN_DIR/haproxy.sock"
SOCKET="$RUN_DIR/haproxy.sock"
(( ${#SOCKET} < 100 )) || die "SERVE_RUN_DIR is too long for a unix socket path: $RUN_DIR"

# Free loopback ports for the processes (picked together, so they differ).
mapfile -t WORKER_PORTS < <("$PY" -c '
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print("\n".join(str(s.getsockname()[1]) for s in socks))
' "$WORKERS")

# One cookie secret for all processes (Streamlit signs its login cookies with it).
if [[ -z "${STREAMLIT_SERVER_COOKIE_SECRET:-}" ]]; then
    STREAMLIT_SERVER_COOKIE_SECRET="$("$PY" -c 'import secrets; print(secrets.token_hex(32))')"
    export STREAMLIT_SERVER_COOKIE_SECRET
fi

SERVERS=""
for i in $(seq 1 "$WORKERS"); do
    port="${WORKER_PORTS[$((i - 1))]}"
    "$VENV/bin/streamlit" run app.py \
        --server.address 127.0.0.1 --server.port "$port" --server.headless true \
        >"$RUN_DIR/worker-$i.log" 2>&1 &
    PIDS+=("$!")
    echo "w$i $! $port" >>"$RUN_DIR/workers"
    SERVERS+="    server w$i 127.0.0.1:$port cookie w$i"$'\n'
done
while read -r name pid port; do
    wait_healthy "http://127.0.0.1:$port/_stcore/health" "$pid" "Streamlit process $name (log: $RUN_DIR/worker-${name#w}.log)"
done <"$RUN_DIR/workers"

# ------------------------------------------------------------------ HAProxy in front

if [[ "$ADDRESS" == *:* ]]; then BIND="[$ADDRESS]:$PORT"; else BIND="$ADDRESS:$PORT"; fi
CONFIG="$(grep -v '^[[:space:]]*#' "$ROOT/deploy/haproxy.cfg.in")"
CONFIG="${CONFIG//@BIND@/$BIND}"
CONFIG="${CONFIG//@STATS_SOCKET@/$SOCKET}"
CONFIG="${CONFIG//@SERVERS@/${SERVERS%$'\n'}}"
printf '# Generated by scripts/serve.sh from deploy/haproxy.cfg.in\n%s\n' "$CONFIG" >"$RUN_DIR/haproxy.cfg"
"$HAPROXY" -c -q -f "$RUN_DIR/haproxy.cfg" || die "invalid HAProxy configuration: $RUN_DIR/haproxy.cfg"
"$HAPROXY" -db -f "$RUN_DIR/haproxy.cfg" &
PIDS+=("$!")
echo "$!" >"$RUN_DIR/haproxy.pid"

case "$ADDRESS" in 0.0.0.0 | :: | "[::]") HOST=127.0.0.1 ;; *) HOST="$ADDRESS" ;; esac
[[ "$HOST" == *:* ]] && HOST="[$HOST]"
wait_healthy "http://$HOST:$PORT/_stcore/health" "$!" "HAProxy"
touch "$RUN_DIR/ready"
say "Hotspotkaart at http://$HOST:$PORT/ ($WORKERS Streamlit processes behind HAProxy; logs in $RUN_DIR). Ctrl-C stops."

# ------------------------------------------------------------------ until stopped (or one of them exits)

set +e
wait -n -p EXITED
status=$?
name="$(awk -v pid="${EXITED:-}" '$2 == pid { print "Streamlit process " $1 }' "$RUN_DIR/workers")"
say "${name:-HAProxy} exited (status $status); stopping the rest"
exit 1
