"""Load benchmark: many viewers on the app at once, over Streamlit's own websocket protocol.

Usage::

    .venv/bin/python -m benchmarks.load --sessions 240 --arrival 60 --duration 90 --think 5
    .venv/bin/python -m benchmarks.load --sessions 20 --arrival 20 --duration 60 --think 8   # human pace
    .venv/bin/python -m benchmarks.load --serve 2 ...          # through scripts/serve.sh (WORKERS=2)
    .venv/bin/python -m benchmarks.load --url http://127.0.0.1:8501 --pid 1234,1235 ...   # a running server

Without ``--url`` or ``--serve`` it starts one ``streamlit run app.py`` on a
free loopback port and stops it at the end (``HOTSPOTS_DATA`` as in the
environment: unset, the shipped data). ``--app-dir`` serves another checkout,
e.g. a ``git archive`` of a commit, so a benchmark does not run code that is
being edited. Traffic goes to loopback addresses only.

Each session is one browser tab (:class:`harness.client.BrowserSession`).
Sessions arrive evenly spread over ``--arrival`` seconds and stay
``--duration`` seconds each:

1. *connect*: ``GET /``, health, host-config, the websocket;
2. *first_view*: the browser's first rerun (the link's query string, no
   widget states) until its ``script_finished``;
3. *map_ready*: ``--map-delay`` later, the report streamlit-folium sends once
   its map is drawn (the component value ``{"last_object_clicked": null,
   "last_object_clicked_count": 0}``); that rerun brings the sidebar's filters
   (ui/first_view.py). *filters_ready*: from the first view sent to the
   filters there;
4. then every ``--think`` seconds (±40 %) one user action, waiting for its
   result before thinking again: *filter* (toggle an option of the Type or
   Fase filter, or pick another Schaal; the first action of every session is
   a Type change),
   *radius* (the Straal slider), *select* (the Geselecteerde hotspot
   selectbox), *click* (a marker on the map: the component value
   streamlit-folium sends), *page* (to the Tabel & export page and back),
   *download* (on the table page: one click on a format's download button,
   which asks the server for the deferred file, a ``backend_operation``
   request that runs the page's function on a thread of Streamlit's, then
   ``GET`` of the ``/media/`` URL it answers; timed from the click to the
   file received, no rerun).

Before the sessions, one warm-up visit per server process: a filter change,
the table page and one file in every export format (imports, data, caches,
and the libraries each format loads: the GeoPackage loads GDAL, ~28 MB of
code per process). The memory baseline ("start") is taken 2 s after it; the
memory before it is reported too ("cold"). Streamlit keeps a closed session
for ``server.disconnectedSessionTTL`` (120 s, ``.streamlit/config.toml``) in
case the tab reconnects, so "end" is taken ``--settle`` seconds after the last
session closed: by default that TTL plus 10 s, when Streamlit has let go of
every session (it drops expired ones when the next session closes; the one
more visit per process afterwards makes sure).

The latency of an action runs from its message sent to the ``script_finished``
of the full script run it caused (a download: to the file received). Counted:
exception elements and compile errors, other errors (a widget missing, a
message the cache could not resolve), timeouts, disconnects. The server's
resident memory and CPU time are sampled from ``/proc`` every 0.5 s, also for
``--settle`` seconds after the last session has closed.

After the load two measurements on the same server (skip them with 0):

* ``--calibrate N``: one session makes N Type changes one after the other;
  the server's CPU time over that burst divided by N is the CPU time of one
  rerun;
* ``--saturation S``: S sessions make Type changes back to back (no think
  time) for ``--saturation-seconds``: script runs per second, and per core
  (divided by the CPU the server processes used per second).

Prints a summary and writes everything to ``benchmarks/results/load-*.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import json
import math
import os
import random
import re
import resource
import sys
import time
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from harness import ROOT, start_serve, start_streamlit
from harness.client import (
    Action,
    BrowserSession,
    SessionError,
    jitter,
    machine_busy_s,
    proc_cpu_s,
    proc_rss_mb,
)

RESULTS = ROOT / "benchmarks" / "results"
MAP_COMPONENT = "st_folium"
#: What streamlit-folium reports once its map is drawn (returned_objects of app_pages/kaart.py).
MAP_READY_VALUE = {"last_object_clicked": None, "last_object_clicked_count": 0}
COUNT_LINE = re.compile(r"\*\*\d+ van \d+ hotspots\*\*")  # the sidebar's "**21 van 25 hotspots**"
TYPE, PHASE, SCOPE = "Type", "Fase", "Schaal"
RADIUS, HOTSPOT = "Straal (km)", "Geselecteerde hotspot"
TABLE_PAGE = "tabel"
#: Action weights on the map page and on the table page.
MAP_ACTIONS = {"filter": 35, "radius": 15, "select": 20, "click": 12, "page": 18}
TABLE_ACTIONS = {"filter": 30, "radius": 10, "select": 15, "page": 30, "download": 15}
INTERACTIONS = ("filter", "radius", "select", "click")  # "a filter change or selection"
#: The window (seconds into the load) whose server CPU per action is reported as the machine's speed.
EARLY_S = (5.0, 30.0)
MAX_SESSIONS = 1000
MAX_DURATION_S = 1800
SAMPLE_S = 0.5


@dataclass
class Scenario:
    """What the simulated audience does (see the module docstring)."""

    sessions: int = 20
    arrival: float = 10.0
    duration: float = 30.0
    think: float = 5.0
    query: str = ""
    map_delay: float = 0.5
    action_timeout: float = 120.0
    seed: int = 2014
    #: Actions every viewer makes even when its duration ran out during a slow first view (tests: 1).
    min_actions: int = 0


@dataclass
class SessionRecord:
    index: int
    arrived: float  # seconds after the start of the load
    connect_s: float | None = None
    actions: list[Action] = field(default_factory=list)
    filters_ready_s: float | None = None
    exceptions: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    connect_error: str | None = None
    disconnected: bool = False
    script_runs: int = 0
    auto_reruns: int = 0
    messages: int = 0
    bytes_received: int = 0
    count_changes: int = 0  # filter actions after which the sidebar count text changed
    clicks: int = 0  # map clicks so far (streamlit-folium counts them in its value)
    backend: str | None = None  # the proxy's sticky-session cookie, if any


# --------------------------------------------------------------------------- servers


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class Target:
    """The server under load: its URL, the PIDs to sample and how to stop it."""

    url: str
    pids: list[int]
    mode: str  # "one process", "serve.sh WORKERS=n", "external"
    stop: object = None  # callable, or None for an external server
    log: Path | None = None
    proxy_pid: int | None = None
    app_dir: Path | None = None


def one_process_target(log: Path, app_dir: Path = ROOT) -> Target:
    """``streamlit run app.py`` of ``app_dir`` (its .streamlit/config.toml applies) on a free loopback port."""
    server = start_streamlit("app.py", log=log, app_dir=app_dir)
    return Target(server.url, [server.pid], "one process", server.stop, log, app_dir=app_dir)


def serve_target(workers: int, run_dir: Path, app_dir: Path = ROOT) -> Target:
    """``scripts/serve.sh`` of ``app_dir`` with ``WORKERS`` processes behind HAProxy on a free loopback port.

    The processes use this Python's virtual environment (``VENV``).
    """
    served = start_serve(run_dir, workers, app_dir=app_dir)
    mode = f"serve.sh WORKERS={workers}"
    return Target(served.url, served.worker_pids, mode, served.stop, served.log, served.proxy_pid, app_dir)


# --------------------------------------------------------------------------- sampling


@dataclass
class Monitor:
    """Samples the servers' RSS and CPU time, the open sessions and the harness's event-loop lag."""

    pids: list[int]
    t0: float = field(default_factory=time.monotonic)
    open_sessions: int = 0
    samples: list[dict] = field(default_factory=list)
    lags: list[float] = field(default_factory=list)

    def sample(self) -> dict:
        rss = [proc_rss_mb(p) for p in self.pids]
        cpu = [proc_cpu_s(p) for p in self.pids]
        row = {
            "t": round(time.monotonic() - self.t0, 2),
            "open": self.open_sessions,
            "rss_mb": round(sum(r or 0 for r in rss), 1),
            "rss_each": [None if r is None else round(r, 1) for r in rss],
            "cpu_s": round(sum(c or 0 for c in cpu), 2),
            "machine_busy_s": round(machine_busy_s(), 2),
        }
        self.samples.append(row)
        return row

    async def run(self) -> None:
        while True:
            planned = time.monotonic() + SAMPLE_S
            await asyncio.sleep(SAMPLE_S)
            self.lags.append(max(0.0, time.monotonic() - planned))
            self.sample()

    def cpu(self) -> float:
        return sum(proc_cpu_s(p) or 0 for p in self.pids)


# --------------------------------------------------------------------------- one viewer


def load_click_targets(path: Path | None = None) -> list[tuple[float, float]]:
    """(lat, lng) of every hotspot in the app's data file, where a click on a marker lands."""
    path = path or Path(os.environ.get("HOTSPOTS_DATA") or ROOT / "data" / "hotspots.geojson")
    try:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
    except (OSError, ValueError, KeyError):
        return []
    return [(f["geometry"]["coordinates"][1], f["geometry"]["coordinates"][0]) for f in features if f.get("geometry")]


def count_text(session: BrowserSession) -> str | None:
    return next((t for t in session.markdown(root=1) if COUNT_LINE.fullmatch(t)), None)


def option_labels(element) -> list[str]:
    if element.kind == "button_group":
        return [o.content for o in element.proto.options]
    return list(element.proto.options)


def toggled(options: list[str], current: list[str], rng: random.Random) -> list[str]:
    """One option off when all are on, else one missing option back on (in the options' order)."""
    current = [c for c in current if c in options]
    if len(current) == len(options):
        drop = rng.choice(options)
        return [o for o in options if o != drop]
    missing = [o for o in options if o not in current]
    add = rng.choice(missing) if missing else rng.choice(options)
    return [o for o in options if o in current or o == add]


async def do_filter(session: BrowserSession, rng: random.Random, label: str | None, timeout: float) -> Action:
    if label is None:
        label = rng.choices([TYPE, PHASE, SCOPE], weights=[60, 25, 15])[0]
    element = session.widget(label)
    if element is None:
        return await session.set_widget(label, [], kind="filter", timeout=timeout)  # records the missing widget
    options, current = option_labels(element), session.value(label) or []
    if element.kind == "button_group" and element.proto.click_mode == element.proto.ClickMode.SINGLE_SELECT:
        new = [rng.choice([o for o in options if o not in current] or options)]  # one choice (Schaal): another one
    else:
        new = toggled(options, current, rng)
    before = count_text(session)
    action = await session.set_widget(label, new, kind="filter", timeout=timeout, detail={"widget": label})
    after = count_text(session)
    action.detail.update(count_before=before, count_after=after, count_changed=before != after)
    return action


async def do_action(
    kind: str, session: BrowserSession, rng: random.Random, clicks: list, timeout: float, record: SessionRecord
) -> Action:
    if kind == "filter":
        action = await do_filter(session, rng, None, timeout)
        record.count_changes += bool(action.ok and action.detail.get("count_changed"))
        return action
    if kind == "radius":
        slider = session.widget(RADIUS)
        if slider is None:
            return await session.set_widget(RADIUS, [], kind="radius")
        p = slider.proto
        values = [p.min + i * p.step for i in range(int(round((p.max - p.min) / p.step)) + 1)]
        current = session.value(RADIUS) or []
        choice = rng.choice([v for v in values if [v] != current] or values)
        return await session.set_widget(RADIUS, [choice], kind="radius", timeout=timeout)
    if kind == "select":
        box = session.widget(HOTSPOT)
        if box is None:
            return await session.set_widget(HOTSPOT, None, kind="select")
        options = list(box.proto.options)[1:]  # the first is "— geen —" (no selection)
        current = session.value(HOTSPOT)
        value = None if current and rng.random() < 0.15 else rng.choice([o for o in options if o != current])
        return await session.set_widget(HOTSPOT, value, kind="select", timeout=timeout)
    if kind == "click":
        lat, lng = rng.choice(clicks)
        record.clicks += 1
        value = {"last_object_clicked": {"lat": lat, "lng": lng}, "last_object_clicked_count": record.clicks}
        return await session.set_component_value(MAP_COMPONENT, value, kind="click", timeout=timeout)
    if kind == "page":
        return await session.switch_page("" if session.path == TABLE_PAGE else TABLE_PAGE, timeout=timeout)
    if kind == "download":
        return await do_download(session, rng, timeout)
    raise ValueError(kind)


async def do_download(session: BrowserSession, rng: random.Random | None, timeout: float, label: str = "") -> Action:
    """One click on a download button (a random format; ``label`` that one): its file, made on the click.

    The table page's buttons are deferred downloads (ui/downloads.py): the
    click sends a ``backend_operation`` request, the server makes the file
    and answers with its ``/media/`` URL, which is then fetched. No rerun.
    """
    buttons = download_labels(session)
    if not buttons:
        return Action("download", time.monotonic(), error="no download button on the page")
    wanted = label or (rng.choice(buttons) if rng is not None else buttons[0])
    return await session.download(wanted, timeout=timeout)


def download_labels(session: BrowserSession) -> list[str]:
    """The labels of the page's download buttons, in page order."""
    return [e.label for e in session.elements.values() if e.kind == "download_button"]


def choose(session: BrowserSession, rng: random.Random, clicks: list) -> str:
    weights = dict(TABLE_ACTIONS if session.path == TABLE_PAGE else MAP_ACTIONS)
    if not clicks or session.component(MAP_COMPONENT) is None:
        weights.pop("click", None)
    kinds = list(weights)
    return rng.choices(kinds, weights=[weights[k] for k in kinds])[0]


async def open_view(session: BrowserSession, scenario: Scenario, record: SessionRecord) -> bool:
    """Connect, first view, the map's report; ``True`` when the filters are there."""
    try:
        record.connect_s = await session.connect(timeout=scenario.action_timeout)
    except (SessionError, OSError, TimeoutError, ValueError) as exc:
        record.connect_error = repr(exc)
        return False
    record.backend = next((v for k, v in session.cookies.items() if k.startswith("HOTSPOTKAART")), None)
    first = await session.first_view(timeout=scenario.action_timeout)
    record.actions.append(first)
    if not first.ok:
        return False
    await asyncio.sleep(scenario.map_delay)  # the browser draws the map, then streamlit-folium reports
    if session.component(MAP_COMPONENT) is not None:
        record.actions.append(
            await session.set_component_value(
                MAP_COMPONENT, MAP_READY_VALUE, kind="map_ready", timeout=scenario.action_timeout
            )
        )
    if await session.wait_for(lambda: session.widget(TYPE) is not None, scenario.action_timeout):
        record.filters_ready_s = time.monotonic() - first.sent
        return True
    session.errors.append("the filter widgets never came")
    return False


async def viewer(base_url: str, scenario: Scenario, index: int, t0: float, monitor: Monitor, clicks: list):
    """One viewer: arrive, open the link, act every ~think seconds until the duration is over."""
    arrive = t0 + (index * scenario.arrival / max(1, scenario.sessions - 1) if scenario.sessions > 1 else 0)
    await asyncio.sleep(max(0.0, arrive - time.monotonic()))
    rng = random.Random(scenario.seed * 100_003 + index)
    record = SessionRecord(index, round(time.monotonic() - t0, 3))
    session = BrowserSession(base_url, query_string=scenario.query)
    monitor.open_sessions += 1
    try:
        if await open_view(session, scenario, record):
            end = arrive + scenario.duration
            first = True
            done = 0
            while not session.disconnected:
                await asyncio.sleep(jitter(rng, scenario.think))
                if time.monotonic() >= end and done >= scenario.min_actions:
                    break
                done += 1
                if first:  # every viewer starts by changing the Type filter
                    action = await do_filter(session, rng, TYPE, scenario.action_timeout)
                    record.count_changes += bool(action.ok and action.detail.get("count_changed"))
                    first = False
                else:
                    action = await do_action(
                        choose(session, rng, clicks), session, rng, clicks, scenario.action_timeout, record
                    )
                record.actions.append(action)
    finally:
        await session.close()
        monitor.open_sessions -= 1
        record.exceptions = list(session.exceptions)
        record.errors = list(session.errors)
        record.disconnected = session.disconnected
        record.script_runs = session.script_runs
        record.auto_reruns = session.auto_reruns_sent
        record.messages = session.messages
        record.bytes_received = session.bytes_received
    return record


# --------------------------------------------------------------------------- the load, and the measurements


async def warm_up(base_url: str, processes: int, timeout: float = 120) -> dict[str, int]:
    """One visit per server process (imports, data, caches), so the memory baseline is a warm server.

    Each visit changes a filter, opens the table page and makes one file in
    every export format (each format loads its own libraries). The visits
    are open at the same time, so a proxy that balances on open connections
    gives each process one. Returns the bytes received per format (of the
    last visit); raises :class:`SessionError` when a file could not be made,
    since the baseline would then miss what that format loads.
    """
    sessions = []
    made: dict[str, int] = {}
    try:
        for _ in range(max(1, processes)):
            sessions.append(await ready_session(base_url, timeout))
        rng = random.Random(1)
        for session in sessions:
            await do_filter(session, rng, TYPE, timeout)
            await session.switch_page(TABLE_PAGE, timeout=timeout)
            # Every export format once: the GeoPackage, for one, loads GDAL
            # (~28 MB of code per process, counted as growth otherwise).
            labels = download_labels(session)
            if not labels:
                raise SessionError("no download buttons on the table page")
            for label in labels:
                action = await do_download(session, None, timeout, label)
                if not action.ok:
                    raise SessionError(f"warm-up: file {label!r}: {action.error}")
                made[label] = action.detail.get("bytes", 0)
            await session.switch_page("", timeout=timeout)
    finally:
        await asyncio.gather(*(s.close() for s in sessions))
    return made


async def sweep(base_url: str, processes: int, timeout: float = 120) -> None:
    """One short visit per server process, opened and closed (see :func:`run_load`)."""
    sessions = [await ready_session(base_url, timeout) for _ in range(max(1, processes))]
    await asyncio.gather(*(s.close() for s in sessions))


async def run_load(
    base_url: str, scenario: Scenario, pids: list[int], settle: float = 15.0, warmup: bool = True
) -> dict:
    """Run the scenario against ``base_url``.

    Parameters
    ----------
    base_url : str
        ``http://127.0.0.1:<port>`` of the app or of a proxy (loopback only).
    scenario : Scenario
        The audience: how many, how fast they arrive, how long they stay, how often they act.
    pids : list of int
        The server processes whose memory and CPU time are sampled (may be empty).
    settle : float
        Seconds to keep sampling after the last viewer closed.
    warmup : bool
        One visit per process first (:func:`warm_up`); the memory baseline
        ("start") is taken 2 s after it.

    Returns
    -------
    dict
        ``records`` (one :class:`SessionRecord` per viewer, with its actions),
        ``samples`` (every 0.5 s), ``start``/``end`` samples, ``t0``,
        ``load_seconds``, ``harness_cpu_s`` and ``loop_lag``; :func:`summarise` digests it.
    """
    if not is_loopback(base_url):
        raise ValueError(f"loopback addresses only: {base_url}")
    clicks = load_click_targets()
    cold_row = Monitor(pids).sample()
    if warmup:
        await warm_up(base_url, len(pids), scenario.action_timeout)
        await asyncio.sleep(2.0)
    monitor = Monitor(pids)
    start_row = monitor.sample()
    sampler = asyncio.create_task(monitor.run())
    harness_cpu0 = _own_cpu()
    t0 = time.monotonic()
    try:
        records = await asyncio.gather(
            *(viewer(base_url, scenario, i, t0, monitor, clicks) for i in range(scenario.sessions))
        )
        t_closed = time.monotonic()
        await asyncio.sleep(settle)
        end_row = monitor.sample()
        # Streamlit drops expired closed sessions only when its session store
        # is next touched: one more visit per process (opened and closed) lets
        # it, and shows what stays for good.
        try:
            await sweep(base_url, len(pids), scenario.action_timeout)
        except SessionError as exc:  # the figures of the run stand; say why the last memory sample is early
            print(f"final sweep failed: {exc}", file=sys.stderr)
        await asyncio.sleep(2.0)
    finally:
        sampler.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sampler
    swept_row = monitor.sample()
    return {
        "records": records,
        "t0": t0,
        "monitor_t0": monitor.t0,  # the samples' "t" counts from it
        "samples": monitor.samples,
        "cold": cold_row,
        "start": start_row,
        "end": end_row,
        "swept": swept_row,
        "load_seconds": t_closed - t0,
        "settle_seconds": settle,
        "closed_at": round(t_closed - monitor.t0, 2),
        "harness_cpu_s": _own_cpu() - harness_cpu0,
        "loop_lag": _stats(monitor.lags),
    }


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def ready_session(base_url: str, timeout: float) -> BrowserSession:
    """A session with its first view open and the map's report sent (the sidebar's filters drawn)."""
    session = BrowserSession(base_url)
    record = SessionRecord(0, 0.0)
    ok = await open_view(session, Scenario(map_delay=0.0, action_timeout=timeout), record)
    if not ok:
        await session.close()
        raise SessionError(f"could not open a session: {record.connect_error or session.errors}")
    return session


async def calibrate(base_url: str, pids: list[int], n: int = 40, timeout: float = 60) -> dict:
    """CPU time of one rerun: one session makes ``n`` Type changes one after the other.

    Parameters
    ----------
    base_url : str
        The app or proxy.
    pids : list of int
        The server processes; their CPU time over the burst is summed.
    n : int
        Reruns in the burst.
    timeout : float
        Seconds one rerun may take.

    Returns
    -------
    dict
        ``cpu_ms_per_rerun``, the server CPU and wall time of the burst and its latencies.
    """
    session = await ready_session(base_url, timeout)
    rng = random.Random(7)
    try:
        await asyncio.sleep(1.0)  # let the server settle
        cpu0, t0 = sum(proc_cpu_s(p) or 0 for p in pids), time.monotonic()
        actions = [await do_filter(session, rng, TYPE, timeout) for _ in range(n)]
        cpu, wall = sum(proc_cpu_s(p) or 0 for p in pids) - cpu0, time.monotonic() - t0
    finally:
        await session.close()
    ok = [a for a in actions if a.ok]
    return {
        "reruns": n,
        "ok": len(ok),
        "server_cpu_s": round(cpu, 3),
        "wall_s": round(wall, 3),
        "cpu_ms_per_rerun": round(1000 * cpu / max(1, len(ok)), 1),
        "latency": _stats([a.latency for a in ok]),
    }


async def saturate(base_url: str, pids: list[int], sessions: int = 8, seconds: float = 15, timeout: float = 60):
    """Script runs per second with ``sessions`` sessions changing the Type filter back to back.

    The sessions are opened one after the other and stay open, so a proxy
    that balances on open connections spreads them over its processes.

    Parameters
    ----------
    base_url : str
        The app or proxy.
    pids : list of int
        The server processes; their CPU time over the burst is summed.
    sessions : int
        Sessions that act at the same time, each waiting for its previous result.
    seconds : float
        How long they keep going.
    timeout : float
        Seconds one rerun may take.

    Returns
    -------
    dict
        ``runs_per_s``, ``server_cores_used`` (CPU seconds per second) and
        ``runs_per_s_per_core`` (runs per CPU second), with the latencies.
    """
    opened = []
    try:
        for _ in range(sessions):
            opened.append(await ready_session(base_url, timeout))
    except BaseException:
        await asyncio.gather(*(s.close() for s in opened))
        raise
    await asyncio.sleep(1.0)
    done: list[Action] = []
    cpu0, t0 = sum(proc_cpu_s(p) or 0 for p in pids), time.monotonic()
    runs0 = sum(s.script_runs for s in opened)
    deadline = t0 + seconds

    async def hammer(session: BrowserSession, seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < deadline and not session.disconnected:
            done.append(await do_filter(session, rng, TYPE, timeout))

    try:
        await asyncio.gather(*(hammer(s, i) for i, s in enumerate(opened)))
        wall = time.monotonic() - t0
        cpu = sum(proc_cpu_s(p) or 0 for p in pids) - cpu0
        runs = sum(s.script_runs for s in opened) - runs0
    finally:
        await asyncio.gather(*(s.close() for s in opened))
    ok = [a for a in done if a.ok]
    cores = cpu / wall if wall else 0
    return {
        "sessions": sessions,
        "seconds": round(wall, 2),
        "actions_ok": len(ok),
        "actions_failed": len(done) - len(ok),
        "script_runs": runs,
        "runs_per_s": round(runs / wall, 2) if wall else None,
        "server_cores_used": round(cores, 2),
        "runs_per_s_per_core": round(runs / cpu, 2) if cpu else None,
        "latency": _stats([a.latency for a in ok]),
    }


# --------------------------------------------------------------------------- summary


def _percentile(sorted_values: list[float], q: float) -> float:
    return sorted_values[max(0, math.ceil(q * len(sorted_values)) - 1)]


def _stats(values) -> dict:
    values = sorted(v for v in values if v is not None)
    if not values:
        return {"n": 0}
    return {
        "n": len(values),
        "median": round(_percentile(values, 0.5), 3),
        "p95": round(_percentile(values, 0.95), 3),
        "max": round(values[-1], 3),
    }


def summarise(raw: dict, scenario: Scenario, target: Target) -> dict:
    """The figures of a load run (:func:`run_load`'s result) as a JSON-ready dict.

    Latencies per action kind (median, p95, max; and of the first response),
    counts of exceptions, errors, timeouts and disconnects, script runs per
    second and per CPU second, and memory: start, peak, end and MB per open
    session (RSS growth at the moment most viewers were open, divided by them).
    """
    records: list[SessionRecord] = raw["records"]
    actions = [a for r in records for a in r.actions]
    by_kind: dict[str, dict] = {}
    kinds = ["first_view", "map_ready", "filter", "radius", "select", "click", "page", "download"]
    for kind in kinds + sorted({a.kind for a in actions} - set(kinds)):
        chosen = [a for a in actions if a.kind == kind]
        if not chosen and kind != "download":  # downloads always reported: none is a figure too
            continue
        ok = [a for a in chosen if a.ok]
        by_kind[kind] = {
            **_stats([a.latency for a in ok]),
            "first_response": _stats([a.first_response for a in ok]),
            "failed": len(chosen) - len(ok),
        }
    interactions = [a for a in actions if a.kind in INTERACTIONS and a.ok]
    samples = raw["samples"]
    peak = max(samples, key=lambda s: s["rss_mb"])
    most_open = max(samples, key=lambda s: (s["open"], s["rss_mb"]))
    start, end = raw["start"], raw["end"]
    load_cpu = end["cpu_s"] - start["cpu_s"]
    span = end["t"] - start["t"]
    machine = (end["machine_busy_s"] - start["machine_busy_s"]) / span if span else None
    runs = sum(r.script_runs for r in records)
    busy = raw["load_seconds"]
    failed = [a for a in actions if not a.ok]
    timeouts = sum(1 for a in failed if a.error and a.error.startswith("no ") and " within " in a.error)
    per_session_mb = (most_open["rss_mb"] - start["rss_mb"]) / most_open["open"] if most_open["open"] else None
    # Before the peak the servers are far from busy: the CPU an action costs then says how fast the
    # machine is today (the same seeded audience costs 31-53 ms on this VM from one run to the next).
    early = [s for s in samples if EARLY_S[0] <= s["t"] < EARLY_S[1]]
    after_first_view = [a for a in actions if a.kind not in ("first_view", "map_ready")]
    zero = raw.get("monitor_t0", raw.get("t0", 0.0))
    early_actions = sum(1 for a in after_first_view if early and early[0]["t"] <= a.sent - zero < early[-1]["t"])
    early_ms = 1000 * (early[-1]["cpu_s"] - early[0]["cpu_s"]) / early_actions if early_actions else None
    return {
        "scenario": asdict(scenario),
        "target": {
            "mode": target.mode,
            "url": target.url,
            "pids": target.pids,
            "proxy_pid": target.proxy_pid,
            "app_dir": str(target.app_dir) if target.app_dir else None,
        },
        "actions": by_kind,
        "interactions": _stats([a.latency for a in interactions]),
        "connect": _stats([r.connect_s for r in records]),
        "filters_ready": _stats([r.filters_ready_s for r in records]),
        "sessions": len(records),
        "sessions_with_first_view": sum(1 for r in records if any(a.kind == "first_view" and a.ok for a in r.actions)),
        "sessions_with_filters": sum(1 for r in records if r.filters_ready_s is not None),
        "sessions_with_count_change": sum(1 for r in records if r.count_changes),
        "exceptions": sum(len(r.exceptions) for r in records),
        "exception_texts": sorted({e for r in records for e in r.exceptions})[:20],
        "errors": sum(len(r.errors) for r in records) + len(failed) - timeouts,
        "error_texts": sorted({e for r in records for e in r.errors} | {str(a.error) for a in failed})[:20],
        "timeouts": timeouts,
        "disconnects": sum(1 for r in records if r.disconnected),
        "connect_failures": sum(1 for r in records if r.connect_error),
        "script_runs": runs,
        "auto_reruns_sent": sum(r.auto_reruns for r in records),
        "load_seconds": round(busy, 1),
        "runs_per_s": round(runs / busy, 2) if busy else None,
        "server_cpu_s": round(load_cpu, 1),
        "server_cores_used": round(load_cpu / busy, 2) if busy else None,
        "runs_per_cpu_s": round(runs / load_cpu, 2) if load_cpu else None,
        "early_cpu_ms_per_action": round(early_ms, 1) if early_ms is not None else None,
        "memory": {
            "cold_mb": raw["cold"]["rss_mb"] if "cold" in raw else None,
            "start_mb": start["rss_mb"],
            "peak_mb": peak["rss_mb"],
            "peak_open_sessions": most_open["open"],
            "rss_at_most_open_mb": most_open["rss_mb"],
            "end_mb": end["rss_mb"],
            "settle_s": raw["settle_seconds"],
            "end_vs_start_pct": round(100 * (end["rss_mb"] - start["rss_mb"]) / start["rss_mb"], 1)
            if start["rss_mb"]
            else None,
            "mb_per_open_session": round(per_session_mb, 2) if per_session_mb is not None else None,
            "end_each_mb": end["rss_each"],
            "after_new_visit_mb": raw["swept"]["rss_mb"],
            "after_new_visit_vs_start_pct": round(100 * (raw["swept"]["rss_mb"] - start["rss_mb"]) / start["rss_mb"], 1)
            if start["rss_mb"]
            else None,
        },
        "backends": _count([r.backend for r in records]),
        "bytes_received": sum(r.bytes_received for r in records),
        "harness_cpu_s": round(raw["harness_cpu_s"], 1),
        "machine_cores_busy": round(machine, 2) if machine is not None else None,
        "other_cores_busy": round(machine - (load_cpu + raw["harness_cpu_s"]) / span, 2)
        if machine is not None
        else None,
        "cores": os.cpu_count(),
        "harness_loop_lag_s": raw["loop_lag"],
    }


def _count(values) -> dict:
    counts: dict[str, int] = {}
    for v in values or []:
        if v is not None:
            counts[v] = counts.get(v, 0) + 1
    return counts


def _fmt(stats: dict) -> str:
    if not stats.get("n"):
        return f"{'—':>8} {'—':>8} {'—':>8}"
    return f"{stats['median']:8.3f} {stats['p95']:8.3f} {stats['max']:8.3f}"


def report(summary: dict) -> str:
    s, t, m = summary["scenario"], summary["target"], summary["memory"]
    lines = [
        f"Hotspotkaart load: {s['sessions']} sessions arriving over {s['arrival']:g} s, {s['duration']:g} s each, "
        f"an action every ~{s['think']:g} s; {t['mode']} at {t['url']} (server PIDs {t['pids']})",
        "",
        f"{'seconds':<16} {'n':>5} {'median':>8} {'p95':>8} {'max':>8}   first response median/p95   failed",
    ]
    rows = [("connect", summary["connect"], None, 0)]
    for kind, stats in summary["actions"].items():
        rows.append((kind, stats, stats["first_response"], stats["failed"]))
        if kind == "map_ready":
            rows.append(("filters_ready", summary["filters_ready"], None, 0))
    rows.append(("interactions", summary["interactions"], None, 0))
    for name, stats, first, failed in rows:
        first_text = f"{first['median']:8.3f} {first['p95']:8.3f}" if first and first.get("n") else " " * 17
        lines.append(f"{name:<16} {stats.get('n', 0):>5} {_fmt(stats)}   {first_text:<26} {failed:>6}")
    lines += [
        "",
        f"exceptions {summary['exceptions']} · errors {summary['errors']} · timeouts {summary['timeouts']} · "
        f"disconnects {summary['disconnects']} · connect failures {summary['connect_failures']}",
        f"sessions: {summary['sessions_with_first_view']}/{summary['sessions']} first view, "
        f"{summary['sessions_with_filters']} with filters, {summary['sessions_with_count_change']} saw the count "
        f"change after a filter; fragment auto-reruns sent: {summary['auto_reruns_sent']}",
        f"script runs: {summary['script_runs']} in {summary['load_seconds']} s = {summary['runs_per_s']}/s; "
        f"server CPU {summary['server_cpu_s']} s ({summary['server_cores_used']} cores) = "
        f"{summary['runs_per_cpu_s']} runs per CPU-second; before the peak ({EARLY_S[0]:g}-{EARLY_S[1]:g} s) "
        f"{summary.get('early_cpu_ms_per_action')} ms server CPU per action (the machine's speed today)",
        f"memory (RSS, all server processes): {m['cold_mb']:.0f} MB before the warm-up, "
        f"start {m['start_mb']:.0f} MB, peak {m['peak_mb']:.0f} MB, "
        f"{m['rss_at_most_open_mb']:.0f} MB with {m['peak_open_sessions']} sessions open "
        f"({m['mb_per_open_session']} MB per open session), end {m['end_mb']:.0f} MB "
        f"{m['settle_s']:g} s after the last session closed ({m['end_vs_start_pct']:+.1f} % of start), "
        f"{m['after_new_visit_mb']:.0f} MB after one more visit per process ({m['after_new_visit_vs_start_pct']:+.1f} %)",
    ]
    if summary["backends"]:
        lines.append(f"sessions per backend (proxy cookie): {summary['backends']}")
    lag = summary["harness_loop_lag_s"]
    lines.append(
        f"harness: {summary['harness_cpu_s']} CPU-s, event-loop lag p95 {lag.get('p95', 0):.3f} s "
        f"max {lag.get('max', 0):.3f} s (latencies include it); machine: {summary['machine_cores_busy']} of "
        f"{summary['cores']} cores busy on average, {summary['other_cores_busy']} by other processes"
    )
    if summary["exception_texts"]:
        lines.append(f"exception texts: {summary['exception_texts']}")
    if summary["error_texts"]:
        lines.append(f"error texts: {summary['error_texts']}")
    calibration, saturation = summary.get("calibration"), summary.get("saturation")
    if calibration:
        lines.append(
            f"one rerun (a Type change, {calibration['ok']} in a row, one session): "
            f"{calibration['cpu_ms_per_rerun']} ms server CPU; latency median {calibration['latency'].get('median')} s"
        )
    if saturation:
        lines.append(
            f"saturation ({saturation['sessions']} sessions back to back, {saturation['seconds']} s): "
            f"{saturation['runs_per_s']} runs/s on {saturation['server_cores_used']} cores = "
            f"{saturation['runs_per_s_per_core']} runs/s per core; latency median "
            f"{saturation['latency'].get('median')} s p95 {saturation['latency'].get('p95')} s"
        )
    return "\n".join(lines)


def action_rows(records: list[SessionRecord], t0: float) -> list[dict]:
    rows = []
    for r in records:
        for a in r.actions:
            rows.append(
                {
                    "session": r.index,
                    "t": round(a.sent - t0, 3),
                    "kind": a.kind,
                    "latency": None if a.latency is None else round(a.latency, 4),
                    "first_response": None if a.first_response is None else round(a.first_response, 4),
                    "ok": a.ok,
                    "error": a.error,
                    "detail": a.detail,
                }
            )
    return rows


# --------------------------------------------------------------------------- command line


def session_ttl(app_dir: Path) -> float:
    """``server.disconnectedSessionTTL`` of the app's ``.streamlit/config.toml`` (Streamlit's default: 120 s)."""
    try:
        with open(app_dir / ".streamlit" / "config.toml", "rb") as f:
            return float(tomllib.load(f).get("server", {}).get("disconnectedSessionTTL", 120))
    except (OSError, tomllib.TOMLDecodeError, TypeError, ValueError):
        return 120.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--sessions", type=int, default=20, help="viewers (default 20)")
    p.add_argument("--arrival", type=float, default=10, help="seconds over which they arrive (default 10)")
    p.add_argument("--duration", type=float, default=30, help="seconds each stays (default 30)")
    p.add_argument("--think", type=float, default=5, help="mean seconds between a viewer's actions (default 5)")
    p.add_argument("--query", default="", help="query string of the shared link, e.g. 'scope=zuid-holland'")
    p.add_argument("--map-delay", type=float, default=0.5, help="seconds to draw the map before it reports")
    p.add_argument("--timeout", type=float, default=120, help="seconds an action may take (default 120)")
    p.add_argument(
        "--settle",
        type=float,
        default=None,
        help="seconds to watch memory after the last close (default: the app's disconnectedSessionTTL + 10)",
    )
    p.add_argument("--calibrate", type=int, default=40, help="reruns in the CPU-per-rerun burst (0: skip)")
    p.add_argument("--saturation", type=int, default=8, help="sessions in the saturation burst (0: skip)")
    p.add_argument("--saturation-seconds", type=float, default=15)
    p.add_argument("--seed", type=int, default=2014)
    where = p.add_mutually_exclusive_group()
    where.add_argument("--url", help="a running server or proxy (loopback only), e.g. http://127.0.0.1:8501")
    where.add_argument("--serve", type=int, metavar="WORKERS", help="start scripts/serve.sh with WORKERS processes")
    p.add_argument("--pid", default="", help="with --url: comma-separated PIDs of the server processes to sample")
    p.add_argument("--app-dir", type=Path, default=ROOT, help="the checkout to serve (default: this one)")
    p.add_argument("--label", default="", help="added to the results file name")
    p.add_argument("--results", type=Path, default=RESULTS, help="where the JSON goes (default benchmarks/results)")
    args = p.parse_args(argv)
    if not 1 <= args.sessions <= MAX_SESSIONS:
        p.error(f"--sessions must be 1..{MAX_SESSIONS}")
    if not 0 < args.duration <= MAX_DURATION_S or not 0 <= args.arrival <= MAX_DURATION_S:
        p.error(f"--duration and --arrival must be within {MAX_DURATION_S} s")
    if args.url and not is_loopback(args.url):
        p.error("--url must be a loopback address (127.0.0.0/8, ::1, localhost)")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    scenario = Scenario(
        sessions=args.sessions,
        arrival=args.arrival,
        duration=args.duration,
        think=args.think,
        query=args.query,
        map_delay=args.map_delay,
        action_timeout=args.timeout,
        seed=args.seed,
    )
    stamp = time.strftime("%Y%m%d-%H%M%S")
    mode = "external" if args.url else (f"serve{args.serve}" if args.serve else "1proc")
    name = f"load-{stamp}-{mode}-{args.sessions}s" + (f"-{args.label}" if args.label else "")
    args.results.mkdir(parents=True, exist_ok=True)
    run_dir = args.results / name
    if args.url:
        target = Target(args.url.rstrip("/"), [int(p) for p in args.pid.split(",") if p.strip()], "external")
    elif args.serve:
        target = serve_target(args.serve, run_dir, args.app_dir.resolve())
    else:
        run_dir.mkdir(parents=True, exist_ok=True)
        target = one_process_target(run_dir / "server.log", args.app_dir.resolve())
    print(f"{target.mode} at {target.url}, server PIDs {target.pids}; {args.sessions} sessions ...", flush=True)
    try:
        settle = args.settle if args.settle is not None else session_ttl(args.app_dir) + 10
        raw = asyncio.run(run_load(target.url, scenario, target.pids, settle=settle))
        summary = summarise(raw, scenario, target)
        if args.calibrate:
            summary["calibration"] = asyncio.run(calibrate(target.url, target.pids, args.calibrate, args.timeout))
        if args.saturation:
            summary["saturation"] = asyncio.run(
                saturate(target.url, target.pids, args.saturation, args.saturation_seconds, args.timeout)
            )
    finally:
        if target.stop:
            target.stop()
    text = report(summary)
    print(text)
    out = args.results / f"{name}.json"
    out.write_text(
        json.dumps(
            {
                "summary": summary,
                "report": text,
                "samples": raw["samples"],
                "actions": action_rows(raw["records"], raw["t0"]),
                "sessions": [
                    {k: v for k, v in asdict(r).items() if k != "actions"} | {"actions": len(r.actions)}
                    for r in raw["records"]
                ],
            },
            indent=1,
            default=str,
        )
    )
    print(f"results: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0 if summary["exceptions"] == 0 and summary["disconnects"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
