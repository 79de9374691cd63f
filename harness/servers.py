"""The app's servers on loopback: ``streamlit run``, and ``make serve`` (scripts/serve.sh).

Both start on a free port of 127.0.0.1 and return once they serve: a
Streamlit process once its health endpoint answers, ``make serve`` once
HAProxy's own health checks see every Streamlit process up (they "rise"
after two good checks; until then HAProxy sends every new visitor to the
processes it already trusts). ``app_dir`` serves another checkout (e.g. a
``git archive`` of a commit, so a benchmark does not run code being edited):
its ``.streamlit/config.toml`` applies and its packages come first on the
processes' ``PYTHONPATH``.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STREAMLIT_TIMEOUT_S = 90
SERVE_TIMEOUT_S = 120


def free_port() -> int:
    """A TCP port of 127.0.0.1 nothing listens on (the system's choice)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _environment(app_dir: Path, env: dict[str, str] | None, unset: Iterable[str] = ()) -> dict[str, str]:
    """This process's environment, ``unset`` removed, ``app_dir`` first on ``PYTHONPATH``
    (a script outside it, e.g. tests/browser/fixtures, imports its packages), then ``env``."""
    base = {k: v for k, v in os.environ.items() if k not in set(unset)}
    base["PYTHONPATH"] = os.pathsep.join(p for p in (str(app_dir), os.environ.get("PYTHONPATH", "")) if p)
    return {**base, **(env or {})}


# --------------------------------------------------------------------------- streamlit run


@dataclass
class StreamlitProcess:
    """A running ``streamlit run``."""

    url: str  # e.g. http://127.0.0.1:40123
    process: subprocess.Popen
    log: Path | None

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log else "(no log kept)"

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def start_streamlit(
    script: str | Path = "app.py",
    env: dict[str, str] | None = None,
    options: dict[str, str] | None = None,
    log: Path | None = None,
    port: int | None = None,
    app_dir: Path = ROOT,
    timeout_s: float = STREAMLIT_TIMEOUT_S,
) -> StreamlitProcess:
    """``streamlit run <script>`` in ``app_dir`` (so its .streamlit/config.toml applies), returned
    once its health endpoint answers.

    ``script`` is relative to ``app_dir`` (or absolute); ``env`` is added to
    the environment; ``options`` adds ``--key value`` Streamlit options;
    ``log`` keeps its output; ``port`` is a free one unless given (a test
    that must know it first, for a login's redirect URI).
    """
    options = {k: str(v) for k, v in (options or {}).items()}
    port = port or free_port()
    command = [sys.executable, "-m", "streamlit", "run", str((app_dir / script).resolve())]
    command += ["--server.address", "127.0.0.1", "--server.port", str(port)]
    command += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    for name, value in options.items():
        command += [f"--{name}", value]
    environment = _environment(app_dir, env)
    if log is None:
        process = subprocess.Popen(
            command, cwd=app_dir, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    else:
        with log.open("wb") as out:
            process = subprocess.Popen(command, cwd=app_dir, env=environment, stdout=out, stderr=subprocess.STDOUT)
    server = StreamlitProcess(f"http://127.0.0.1:{port}", process, log)
    base = options.get("server.baseUrlPath", "").strip("/")
    health = f"{server.url}/{base + '/' if base else ''}_stcore/health"
    deadline = time.monotonic() + timeout_s
    while not _answers(health):
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{server.log_tail()}")
        if time.monotonic() > deadline:
            server.stop()
            raise TimeoutError(f"streamlit did not answer at {health} within {timeout_s} s:\n{server.log_tail()}")
        time.sleep(0.2)
    return server


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


# --------------------------------------------------------------------------- make serve


@dataclass
class Served:
    """A running scripts/serve.sh: HAProxy in front of several Streamlit processes, under supervisord."""

    url: str
    process: subprocess.Popen
    run_dir: Path
    log: Path

    @property
    def worker_pids(self) -> list[int]:
        """The Streamlit processes as started (serve.sh's ``workers`` file: "w1 <pid> <port>" per line)."""
        lines = (self.run_dir / "workers").read_text().splitlines()
        return [int(line.split()[1]) for line in lines if line.strip()]

    @property
    def proxy_pid(self) -> int:
        return int((self.run_dir / "haproxy.pid").read_text().split()[0])

    @property
    def pids(self) -> list[int]:
        """The Streamlit processes and HAProxy."""
        return [*self.worker_pids, self.proxy_pid]

    def _worker_stats(self) -> list[dict[str, str]]:
        """HAProxy's "show stat" rows of the Streamlit processes, from the runtime API."""
        with socket.socket(socket.AF_UNIX) as s:
            s.connect(str(self.run_dir / "haproxy.sock"))
            s.sendall(b"show stat\n")
            data = b"".join(iter(lambda: s.recv(65536), b""))
        rows = list(csv.DictReader(io.StringIO(data.decode().lstrip("# "))))
        return [r for r in rows if r["pxname"] == "streamlit" and r["svname"][0] == "w"]

    def requests_per_server(self) -> dict[str, int]:
        """Requests (HAProxy "sessions") each Streamlit process has had."""
        return {r["svname"]: int(r["stot"]) for r in self._worker_stats()}

    def status_per_server(self) -> dict[str, str]:
        """What HAProxy's health checks say of each Streamlit process ("UP", "DOWN", "UP 1/2"...)."""
        return {r["svname"]: r["status"] for r in self._worker_stats()}

    def stop(self, sig: int = signal.SIGTERM) -> int:
        """Signal serve.sh (SIGINT: Ctrl-C in a terminal) and wait; its exit status."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            # supervisord runs each program in a process group of its own: kill them by name too,
            # or a failed stop leaves Streamlit processes and the proxy running after the tests.
            programs = self._started_pids()  # before supervisord goes: then they are its children
            os.killpg(self.process.pid, signal.SIGKILL)  # serve.sh and supervisord: nothing restarts them
            for pid in programs:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            raise

    def _started_pids(self) -> list[int]:
        """For a forced stop: the workers and proxy serve.sh wrote down and what supervisord runs now
        (a worker it restarted has a new pid), as far as they are known."""
        pids: set[int] = set()
        with contextlib.suppress(OSError, ValueError, IndexError):
            pids.update(self.pids)
        with contextlib.suppress(OSError, ValueError):
            parent = (self.run_dir / "supervisord.pid").read_text().strip()
            for stat in Path("/proc").glob("[0-9]*/stat"):
                with contextlib.suppress(OSError, IndexError):
                    if stat.read_text().rsplit(")", 1)[1].split()[1] == parent:
                        pids.add(int(stat.parent.name))
        return sorted(pids)

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]


def start_serve(
    run_dir: Path,
    workers: int = 2,
    *,
    port: int | None = None,
    env: dict[str, str] | None = None,
    unset: Iterable[str] = (),
    app_dir: Path = ROOT,
    timeout_s: float = SERVE_TIMEOUT_S,
) -> Served:
    """``scripts/serve.sh`` of ``app_dir`` with ``workers`` Streamlit processes behind HAProxy, on
    ``port`` (a free one by default), its files in ``run_dir``; returned once every process is up.

    The processes run this Python's virtual environment (serve.sh's ``VENV``);
    ``env`` is added to the environment, ``unset`` taken out of it (e.g.
    ``HOTSPOTS_DATA``, for the shipped data whatever the shell has set).
    """
    port = port or free_port()
    run_dir.mkdir(parents=True, exist_ok=True)
    log = run_dir / "serve.log"
    environment = _environment(app_dir, env, unset)
    environment.update(WORKERS=str(workers), PORT=str(port), ADDRESS="127.0.0.1", SERVE_RUN_DIR=str(run_dir))
    environment.setdefault("VENV", str(Path(sys.executable).parent.parent))
    with log.open("wb") as out:
        process = subprocess.Popen(
            # As from a terminal, where Ctrl-C reaches it: a shell that starts with SIGINT ignored
            # (anything run in the background with ``&``, e.g. ``nohup make test &``) passes that on,
            # and bash cannot trap a signal ignored on entry, so serve.sh would never stop on it.
            ["env", "--default-signal=INT,QUIT", "bash", str(app_dir / "scripts" / "serve.sh")],
            cwd=app_dir,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    served = Served(f"http://127.0.0.1:{port}", process, run_dir, log)
    deadline = time.monotonic() + timeout_s
    # serve.sh writes "ready" once every process and the proxy answer their health checks;
    # then HAProxy's own checks must see every process up.
    while not (run_dir / "ready").exists() or set(served.status_per_server().values()) != {"UP"}:
        if process.poll() is not None or time.monotonic() > deadline:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # serve.sh and everything it started
            process.wait(timeout=10)
            raise RuntimeError(f"scripts/serve.sh did not start:\n{served.log_tail()}")
        time.sleep(0.2)
    return served
