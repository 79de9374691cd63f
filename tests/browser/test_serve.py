"""Real browser through ``make serve`` (scripts/serve.sh): two Streamlit processes behind HAProxy.

The map works through the proxy, a filter change updates the count, a
download from the table page arrives, and every request of a browser (page,
websocket, component, /media/ file) goes to one process: HAProxy's runtime
API counts the requests per process. A second browser goes to the other one.
Ctrl-C and SIGTERM stop every process.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from browser_helpers import download, map_frame
from playwright.sync_api import expect

import harness
from harness import Served
from hotspots.io import DEFAULT_DATA_PATH

ROOT = Path(__file__).resolve().parents[2]
SERVE = ROOT / "scripts" / "serve.sh"
COOKIE = "HOTSPOTKAART_SERVER"
TIMEOUT_MS = 30_000


def _require_haproxy() -> None:
    if shutil.which("haproxy") or Path("/usr/sbin/haproxy").exists() or os.geteuid() == 0:
        return  # serve.sh installs Debian's haproxy when it runs as root
    message = "HAProxy not found (scripts/serve.sh installs it with apt-get when run as root or with sudo)"
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _alive(pid: int) -> bool:
    """A process that exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in {"Z", "X"}


def start_serve(run_dir: Path, workers: int = 2, **options) -> Served:
    """harness.start_serve on the shipped data (whatever the shell sets), as a test's failure when it does not start."""
    try:
        return harness.start_serve(run_dir, workers, unset=("HOTSPOTS_DATA", "HOTSPOTS_DATA_DIR"), **options)
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    _require_haproxy()
    served = start_serve(tmp_path_factory.mktemp("serve"))
    pids = served.pids
    try:
        yield served
    finally:
        # Ctrl-C in a terminal: every process stops.
        status = served.stop(signal.SIGINT)
        assert status == 130, served.log_tail()
        assert [pid for pid in pids if _alive(pid)] == [], served.log_tail()


def shipped_total() -> int:
    return len(json.loads(DEFAULT_DATA_PATH.read_text(encoding="utf-8"))["features"])


def server_of(page) -> str:
    """The Streamlit process HAProxy pinned this browser to (its cookie)."""
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert COOKIE in cookies, cookies
    return cookies[COOKIE]


def test_map_through_the_proxy_stays_on_one_process(served, page, browser):
    before = served.requests_per_server()
    page.goto(served.url)
    map_frame(page)  # the Leaflet map in streamlit-folium's frame, served through the proxy
    total = shipped_total()
    expect(page.get_by_text(f"{total} van {total} hotspots", exact=True)).to_be_visible(timeout=TIMEOUT_MS)

    # Remove a type: the count in the sidebar follows (a rerun over the proxied websocket).
    sidebar = page.locator('[data-testid="stSidebar"]')
    remove = sidebar.get_by_role(
        "button", name=re.compile(r"Remove Engineering|Engineering.*(remove|weghalen)", re.I)
    ).or_(sidebar.locator('[data-baseweb="tag"]', has_text="Engineering").locator('[role="presentation"]'))
    remove.first.click(timeout=TIMEOUT_MS)
    count = sidebar.get_by_text(re.compile(rf"^\d+ van {total} hotspots$"))
    expect(count).not_to_have_text(f"{total} van {total} hotspots", timeout=TIMEOUT_MS)
    shown = int(count.inner_text().split()[0])
    assert 0 < shown < total
    expect(page).to_have_url(re.compile(r"type="), timeout=TIMEOUT_MS)

    # Every request of this browser went to the process its cookie names, none to the other.
    mine = server_of(page)
    after = served.requests_per_server()
    grown = {name for name in after if after[name] > before.get(name, 0)}
    assert grown == {mine}, (before, after)

    # A second viewer, while the first is still connected, goes to the other process.
    other = browser.new_context(viewport={"width": 1600, "height": 900})
    try:
        second = other.new_page()
        second.goto(served.url)
        map_frame(second)
        expect(second.get_by_text(f"{total} van {total} hotspots", exact=True)).to_be_visible(timeout=TIMEOUT_MS)
        assert server_of(second) != mine
    finally:
        other.close()


def test_download_through_the_proxy_comes_from_the_sessions_process(served, page):
    before = served.requests_per_server()
    page.goto(served.url + "/tabel")
    _, data = download(page, "CSV", timeout_ms=TIMEOUT_MS)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][0] == "Naam"
    assert len(rows) == shipped_total() + 1
    # The /media/ file came from the process that holds the session (else: 404).
    after = served.requests_per_server()
    assert {name for name in after if after[name] > before.get(name, 0)} == {server_of(page)}, (before, after)


def test_sigterm_stops_every_process(tmp_path):
    _require_haproxy()
    served = start_serve(tmp_path / "serve")
    pids = served.pids
    assert all(_alive(pid) for pid in pids)
    assert served.stop(signal.SIGTERM) == 143, served.log_tail()
    assert [pid for pid in pids if _alive(pid)] == [], served.log_tail()
    with socket.socket() as s:  # the port is free again
        assert s.connect_ex(("127.0.0.1", int(served.url.rsplit(":", 1)[1]))) != 0


def test_ctrl_c_stops_it_also_when_the_tests_were_started_in_the_background(tmp_path):
    """A shell's background job (``nohup make test &``) starts with SIGINT ignored, and bash cannot trap a
    signal ignored on entry: the harness starts serve.sh as a terminal would, so Ctrl-C still stops it."""
    _require_haproxy()
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)  # inherited by what is started now
    try:
        served = start_serve(tmp_path / "serve", 1)
    finally:
        signal.signal(signal.SIGINT, before)
    pids = served.pids
    assert served.stop(signal.SIGINT) == 130, served.log_tail()
    assert [pid for pid in pids if _alive(pid)] == [], served.log_tail()


def test_a_stop_waits_for_hung_workers_once_not_once_each(tmp_path):
    """Workers that do not answer SIGTERM are killed after stopwaitsecs together, not one after the other
    (supervisord stops one group at a time; the workers are one group), and none outlives the stop."""
    _require_haproxy()
    served = start_serve(tmp_path / "serve")
    workers = served.worker_pids
    for pid in workers:
        os.kill(pid, signal.SIGSTOP)  # a stopped process handles no SIGTERM; SIGKILL still ends it
    assert served.stop(signal.SIGTERM) == 143, served.log_tail()
    assert [pid for pid in served.pids if _alive(pid)] == [], served.log_tail()
    log = (served.run_dir / "supervisord.log").read_text()
    kills = re.findall(r"^(\S+ \S+),\d+ WARN killing 'w\d+' \(\d+\) with SIGKILL", log, re.MULTILINE)
    assert len(kills) == len(workers), log
    times = [time.mktime(time.strptime(stamp, "%Y-%m-%d %H:%M:%S")) for stamp in kills]
    assert max(times) - min(times) <= 2, log  # one after the other they are stopwaitsecs (8 s) apart


def _supervisorctl(served: Served, *args: str) -> str:
    command = [
        str(Path(sys.executable).parent / "supervisorctl"),
        "-c",
        str(served.run_dir / "supervisord.conf"),
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=30).stdout.strip()


def _worker_port(served: Served, name: str) -> int:
    return next(
        int(line.split()[2])
        for line in (served.run_dir / "workers").read_text().splitlines()
        if line.split()[0] == name
    )


def test_a_killed_worker_is_routed_around_and_restarted(served, page, browser):
    """Issue 21, item 1: kill -9 of one worker under make serve: nobody else notices, it comes back."""
    total = shipped_total()
    page.goto(served.url)
    map_frame(page)
    expect(page.get_by_text(f"{total} van {total} hotspots", exact=True)).to_be_visible(timeout=TIMEOUT_MS)
    survivor_server = server_of(page)
    other = browser.new_context(viewport={"width": 1600, "height": 900})
    try:
        victim = other.new_page()
        victim.goto(served.url)
        map_frame(victim)
        victim_server = server_of(victim)
        assert victim_server != survivor_server
        pid = int(_supervisorctl(served, "pid", f"workers:{victim_server}"))
        os.kill(pid, signal.SIGKILL)
        killed_at = time.monotonic()

        # A new visitor is served at once (HAProxy takes the dead worker out on the first refused connection).
        with urllib.request.urlopen(served.url + "/", timeout=10) as response:
            assert response.status == 200
        assert time.monotonic() - killed_at < 5

        # The session on the other worker keeps working: a filter change updates its count, no connection error.
        sidebar = page.locator('[data-testid="stSidebar"]')
        search = sidebar.get_by_role("textbox", name="Zoeken")
        search.fill("Delft")
        search.press("Enter")
        count = sidebar.get_by_text(re.compile(rf"^\d+ van {total} hotspots$"))
        expect(count).not_to_have_text(f"{total} van {total} hotspots", timeout=TIMEOUT_MS)
        expect(page.get_by_text("Connection error")).to_have_count(0)
        assert server_of(page) == survivor_server

        # supervisord restarts the killed worker on its port within 30 s, healthy again.
        port = _worker_port(served, victim_server)
        deadline = killed_at + 30
        restarted = None
        while time.monotonic() < deadline:
            new_pid = _supervisorctl(served, "pid", f"workers:{victim_server}")
            if new_pid.isdigit() and int(new_pid) not in {0, pid}:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as health:
                        if health.status == 200:
                            restarted = int(new_pid)
                            break
                except OSError:
                    pass
            time.sleep(0.25)
        assert restarted is not None, f"{victim_server} not back within 30 s:\n{served.log_tail()}"
    finally:
        other.close()


def test_the_proxy_sends_security_headers(served):
    """Issue 21, item 7: CSP (own scripts, basemap tiles), frame-ancestors, nosniff, Referrer-Policy."""
    for path in ("/", "/_stcore/health", "/app/static/vendor/leaflet/leaflet.js"):
        with urllib.request.urlopen(served.url + path, timeout=30) as response:
            headers = response.headers
        csp = {
            part.split()[0]: part.split()[1:] for part in headers["Content-Security-Policy"].split(";") if part.strip()
        }
        assert csp["default-src"] == ["'self'"]
        assert csp["script-src"] == ["'self'", "'unsafe-inline'", "'unsafe-eval'"]  # no other host
        assert csp["connect-src"] == ["'self'"]
        assert set(csp["img-src"]) == {
            "'self'",
            "data:",
            "https://service.pdok.nl",
            "https://tile.openstreetmap.org",
            "https://*.basemaps.cartocdn.com",
        }
        assert csp["frame-ancestors"] == ["'self'"]
        assert csp["object-src"] == ["'none'"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_the_map_works_under_the_policy(served, page):
    """Nothing the pages need is blocked by the CSP: no violation while the map and a presentation load."""
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI), true)"
    )
    for path in ("/", "/presentatie?presentatie=hotspots-zuid-holland&stap=2"):
        page.goto(served.url + path)
        expect(map_frame(page).locator("svg[data-hotspot]").first).to_be_attached(timeout=TIMEOUT_MS)
    assert violations == []
