#!/usr/bin/env bash
# Hotspotkaart on several cores: WORKERS Streamlit processes on loopback ports
# behind HAProxy (sticky sessions, websockets), served on one port, all of them
# run by supervisord (PyPI's `supervisor`, installed by `make serve`), which
# restarts any of them that dies.
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
# A crashed process (killed, out of memory) is restarted by supervisord
# (autorestart) on the same port within seconds; meanwhile HAProxy's health
# checks (and its own connection errors) take it out of the rotation, and a
# browser pinned to it is sent to another process, where its view comes back
# from the URL. Sessions on the other processes never notice. Ctrl-C or
# SIGTERM stops supervisord, which stops HAProxy and every process; if
# supervisord itself exits, the script exits with status 1.
#
#   FRAME_ANCESTORS  who may show the app in a frame: a CSP source list
#                    (default "'self'"), e.g. "'self' https://intranet.example.org"
#
# Files in SERVE_RUN_DIR while it runs: supervisord.conf, supervisor.sock
# (`supervisorctl -c supervisord.conf status`), supervisord.log, haproxy.cfg,
# haproxy.sock (HAProxy's runtime API, e.g. `echo "show stat" | socat stdio
# haproxy.sock`), haproxy.pid, workers ("w1 <pid> <port>" per line, the PIDs
# at start), worker-N.log, haproxy.log, and "ready" once everything answers.

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
[[ -x "$VENV/bin/supervisord" ]] || die "no supervisord in $VENV: run 'make serve' (it installs pyproject's dependencies)"

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

SUPERVISORD_PID=""
STOPPING=0
# shellcheck disable=SC2317  # called from the traps
stop_all() {
    [[ "$STOPPING" == 1 ]] && return
    STOPPING=1
    rm -f "$RUN_DIR/ready"
    [[ -n "$SUPERVISORD_PID" ]] || return 0
    # supervisord stops every program (SIGTERM, then SIGKILL after stopwaitsecs) and exits.
    kill -TERM "$SUPERVISORD_PID" 2>/dev/null || true
    for _ in $(seq 1 250); do  # up to 25 s (it needs stopwaitsecs plus a little)
        kill -0 "$SUPERVISORD_PID" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$SUPERVISORD_PID" 2>/dev/null; then
        # Its programs first: each runs in a process group of its own, so they
        # would outlive supervisord and keep their ports.
        kill_children "$SUPERVISORD_PID"
        kill -KILL "$SUPERVISORD_PID" 2>/dev/null || true
    fi
    wait "$SUPERVISORD_PID" 2>/dev/null || true
}
# SIGKILL to every process group whose leader is a child of PID $1 (from /proc; no procps needed).
kill_children() {
    local stat rest ppid pgrp pid
    for stat in /proc/[0-9]*/stat; do
        rest="$(cat "$stat" 2>/dev/null)" || continue
        rest="${rest##*) }"  # after the command name, which may hold spaces: "state ppid pgrp ..."
        read -r _ ppid pgrp _ <<<"$rest"
        [[ "$ppid" == "$1" ]] || continue
        pid="${stat#/proc/}" && pid="${pid%/stat}"
        if [[ "$pgrp" == "$pid" ]]; then kill -KILL -- "-$pgrp" 2>/dev/null; else kill -KILL "$pid" 2>/dev/null; fi
    done
    return 0
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

# ------------------------------------------------------------------ configuration

mkdir -p "$RUN_DIR"
rm -f "$RUN_DIR/ready" "$RUN_DIR/workers" "$RUN_DIR/haproxy.pid" "$RUN_DIR/haproxy.sock" "$RUN_DIR/supervisor.sock"
SOCKET="$RUN_DIR/haproxy.sock"
(( ${#SOCKET} < 100 )) || die "SERVE_RUN_DIR is too long for a unix socket path: $RUN_DIR"

# Free loopback ports for the processes (picked together, so they differ). A
# restarted process gets the same port again: HAProxy's server line stays right.
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

# HAProxy's configuration.
if [[ "$ADDRESS" == *:* ]]; then BIND="[$ADDRESS]:$PORT"; else BIND="$ADDRESS:$PORT"; fi
FRAME_ANCESTORS="${FRAME_ANCESTORS:-"'self'"}"
[[ "$FRAME_ANCESTORS" =~ ^[A-Za-z0-9\ \'.:/*_-]+$ ]] \
    || die "FRAME_ANCESTORS must be a CSP source list such as \"'self' https://intranet.example.org\", not '$FRAME_ANCESTORS'"
SERVERS=""
for i in $(seq 1 "$WORKERS"); do
    SERVERS+="    server w$i 127.0.0.1:${WORKER_PORTS[$((i - 1))]} cookie w$i"$'\n'
done
CONFIG="$(grep -v '^[[:space:]]*#' "$ROOT/deploy/haproxy.cfg.in")"
CONFIG="${CONFIG//@BIND@/$BIND}"
CONFIG="${CONFIG//@STATS_SOCKET@/$SOCKET}"
CONFIG="${CONFIG//@FRAME_ANCESTORS@/$FRAME_ANCESTORS}"
CONFIG="${CONFIG//@SERVERS@/${SERVERS%$'\n'}}"
printf '# Generated by scripts/serve.sh from deploy/haproxy.cfg.in\n%s\n' "$CONFIG" >"$RUN_DIR/haproxy.cfg"
"$HAPROXY" -c -q -f "$RUN_DIR/haproxy.cfg" || die "invalid HAProxy configuration: $RUN_DIR/haproxy.cfg"

# supervisord runs everything: a program is restarted whenever it exits
# (autorestart), at once and without giving up (startretries counts starts
# that die within startsecs). stopasgroup: a stop reaches a program's own
# children too. The Streamlit processes are one group, "workers" (in
# supervisorctl: workers:w1 ...): supervisord stops one group at a time, so
# as separate programs a stop waited for each process in turn, up to
# stopwaitsecs for every one that does not exit on SIGTERM; as a group they
# are stopped together.
{
    cat <<EOF
; Generated by scripts/serve.sh
[supervisord]
nodaemon=true
logfile=$RUN_DIR/supervisord.log
logfile_maxbytes=10MB
logfile_backups=1
pidfile=$RUN_DIR/supervisord.pid
directory=$ROOT

[unix_http_server]
file=$RUN_DIR/supervisor.sock
chmod=0700

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://$RUN_DIR/supervisor.sock

[program:haproxy]
command=$HAPROXY -db -f $RUN_DIR/haproxy.cfg
autorestart=true
startsecs=1
startretries=1000
stopasgroup=true
killasgroup=true
stopwaitsecs=8
redirect_stderr=true
stdout_logfile=$RUN_DIR/haproxy.log
stdout_logfile_maxbytes=10MB
stdout_logfile_backups=1
EOF
    for i in $(seq 1 "$WORKERS"); do
        cat <<EOF

[program:w$i]
command=$VENV/bin/streamlit run app.py --server.address 127.0.0.1 --server.port ${WORKER_PORTS[$((i - 1))]} --server.headless true
directory=$ROOT
autorestart=true
startsecs=5
startretries=1000
stopasgroup=true
killasgroup=true
stopwaitsecs=8
redirect_stderr=true
stdout_logfile=$RUN_DIR/worker-$i.log
stdout_logfile_maxbytes=10MB
stdout_logfile_backups=1
EOF
    done
    printf '\n[group:workers]\nprograms=%s\n' "$(seq -s, -f 'w%g' 1 "$WORKERS")"
} >"$RUN_DIR/supervisord.conf"

# ------------------------------------------------------------------ start

"$VENV/bin/supervisord" -c "$RUN_DIR/supervisord.conf" &
SUPERVISORD_PID="$!"
CTL=("$VENV/bin/supervisorctl" -c "$RUN_DIR/supervisord.conf")

# The PID supervisord runs program $1 under (nothing while it is not running).
program_pid() {
    local pid
    pid="$("${CTL[@]}" pid "$1" 2>/dev/null || true)"
    if [[ "$pid" =~ ^[1-9][0-9]*$ ]]; then echo "$pid"; fi
}

for i in $(seq 1 "$WORKERS"); do
    port="${WORKER_PORTS[$((i - 1))]}"
    wait_healthy "http://127.0.0.1:$port/_stcore/health" "$SUPERVISORD_PID" "Streamlit process w$i (log: $RUN_DIR/worker-$i.log)"
    echo "w$i $(program_pid "workers:w$i") $port" >>"$RUN_DIR/workers"
done

case "$ADDRESS" in 0.0.0.0 | :: | "[::]") HOST=127.0.0.1 ;; *) HOST="$ADDRESS" ;; esac
[[ "$HOST" == *:* ]] && HOST="[$HOST]"
wait_healthy "http://$HOST:$PORT/_stcore/health" "$SUPERVISORD_PID" "HAProxy (log: $RUN_DIR/haproxy.log)"
program_pid haproxy >"$RUN_DIR/haproxy.pid"
touch "$RUN_DIR/ready"
say "Hotspotkaart at http://$HOST:$PORT/ ($WORKERS Streamlit processes behind HAProxy, run by supervisord; logs in $RUN_DIR). Ctrl-C stops."

# ------------------------------------------------------------------ until stopped (or supervisord exits)

set +e
wait "$SUPERVISORD_PID"
status=$?
SUPERVISORD_PID=""
say "supervisord exited (status $status); see $RUN_DIR/supervisord.log"
exit 1
