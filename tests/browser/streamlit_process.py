"""Start and stop ``streamlit run`` on a free local port.

Shared by the browser tests (tests/browser/conftest.py) and the browser
benchmark (benchmarks/map_browser.py).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_S = 60


@dataclass
class StreamlitProcess:
    url: str  # e.g. http://127.0.0.1:40123
    process: subprocess.Popen
    log: Path | None

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log else "(no log kept)"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(
    script: str | Path = "app.py",
    env: dict[str, str] | None = None,
    options: dict[str, str] | None = None,
    log: Path | None = None,
    port: int | None = None,
) -> StreamlitProcess:
    """``streamlit run <script>`` (cwd: the repository root, so .streamlit/config.toml
    applies), returned once its health endpoint answers. ``options`` adds
    ``--key value`` Streamlit options; ``log`` keeps its output; ``port`` is a
    free one unless given (a test that must know it first, for a login's redirect URI)."""
    options = options or {}
    port = port or free_port()
    command = [sys.executable, "-m", "streamlit", "run", str((ROOT / script).resolve())]
    command += ["--server.address", "127.0.0.1", "--server.port", str(port)]
    command += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    for name, value in options.items():
        command += [f"--{name}", str(value)]
    # The repository root on the path, so a script outside it (tests/browser/fixtures) imports hotspots.
    python_path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    environment = {**os.environ, "PYTHONPATH": python_path, **(env or {})}
    if log is not None:
        with log.open("wb") as out:
            process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=out, stderr=subprocess.STDOUT)
    else:
        process = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    server = StreamlitProcess(f"http://127.0.0.1:{port}", process, log)
    base = options.get("server.baseUrlPath", "").strip("/")
    try:
        _wait_until_healthy(server, f"{server.url}/{base + '/' if base else ''}_stcore/health")
    except BaseException:
        server.stop()
        raise
    return server


def _wait_until_healthy(server: StreamlitProcess, health_url: str, timeout_s: float = STARTUP_TIMEOUT_S) -> None:
    """Poll the health endpoint until it answers 200, the process dies or the deadline passes."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.process.returncode}:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(health_url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"streamlit did not answer at {health_url} within {timeout_s} s:\n{server.log_tail()}")
