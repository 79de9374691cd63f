"""Benchmark: the Beheer page (/beheer) with many hotspots, in headless Chromium, logged in through OpenID Connect.

Usage: ``.venv/bin/python -m benchmarks.beheer_browser [--synthetic 1000] [--repeat 5] [--uncapped]``

Starts oidc-provider-mock on loopback (the test provider of tests/browser/test_beheer.py)
and ``streamlit run app.py`` on a data folder (``HOTSPOTS_DATA_DIR``, a git repository)
made from N synthetic hotspots (the file of benchmarks/map_browser.py), logs an editor
in through the provider's page and measures, at 1366x768:

* open: a new page (a new Streamlit session; the browser has the login cookie and
  Streamlit's files cached, as for an editor coming back), from navigation start to the
  first animation frame in which the searchable list ("Hotspot (N): typ om te zoeken")
  is on screen and Streamlit's run is over (``data-test-script-state`` not running).
  Timed in the page. For a baseline, the same for ``/over`` (the frame and its text, no
  list and no form): what any page of the app costs on the same machine at that moment.
* choose: a hotspot chosen in the list, from the click on its option to its form with
  the map and its 80/120 km rings drawn and the run over (timed in Python: includes
  Playwright's own delivery, some 50 ms).
* save → another session's map: a viewer has the map page open on the hotspot
  (``/?hotspot=<id>``). The editor types new coordinates and clicks *Opslaan*; timed
  from that click to (a) the editor's "Opgeslagen" and (b) the viewer's map holding the
  marker at its new place, without the viewer doing anything (its page looks at the
  data file every second and reruns when it changed). (b) includes the viewer's whole
  rerun.

``hotspots.model.MAX_HOTSPOTS`` (1,000) refuses a larger file. ``--uncapped`` runs the
app through ``benchmarks/uncapped_app.py`` (a copy in a temporary folder, beside a link to
``static/``: Streamlit serves that folder from beside the main script), which raises the cap for this server only,
to see what 2,000 hotspots (the issue's figure) would cost. Requests to other hosts
(basemap tiles) fail: Chromium resolves no other host name (``--host-resolver-rules``;
not Playwright's ``page.route``, which switches the browser's HTTP cache off, so every
new page fetched Streamlit's 1.4 MB of scripts again: before 7 December the figures
included that, for ``/over`` as for ``/beheer``). ``--viewer-acts``: the viewer moves
the radius slider once the editor sees "Opgeslagen" (how the change reached it before
its page looked at the data file by itself, ``ui/data.py`` ``watch``); by default the
viewer does nothing. Prints one line per figure and writes them, with the load
average, to ``benchmarks/results/beheer-<time>.json``. Target (issue 23): /beheer opens
within 2 s; a save shows on another session's map within 2 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import statistics
import tempfile
import time
from pathlib import Path

from oidc_provider_mock import run_server_in_thread
from playwright.sync_api import sync_playwright

from benchmarks.map_browser import synthetic_file
from harness import ROOT, free_port, start_streamlit
from harness.chromium import CHROMIUM, CHROMIUM_ARGS
from hotspots.editing.store import DataStore
from tests.browser.beheer_helpers import (
    ANNE,
    SELECT_LABEL,
    fill_committed,
    login,
    type_point,
    wait_in_map,
    write_secrets,
)

VIEWPORT = {"width": 1366, "height": 768}
RESULTS = ROOT / "benchmarks" / "results"
TARGET_MS = 2000
TIMEOUT = 120_000

#: ms since navigation start of the first frame with the list on screen and the run over; false before.
OPENED = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const list = [...document.querySelectorAll("input[aria-label]")]
        .find((e) => e.getAttribute("aria-label").startsWith("Hotspot ("));
    const box = list && list.getBoundingClientRect();
    const done = app && app.getAttribute("data-test-script-state") === "notRunning";
    return done && box && box.width > 0 ? performance.now() : false;
}"""
RUN_DONE = """() => document.querySelector('[data-testid="stApp"]')?.getAttribute("data-test-script-state") === "notRunning" """
#: In the Beheer map's frame: the two rings around (lat, lon).
RINGS_AT = """([lat, lon]) => {
    if (!window.map) { return false; }
    const rings = [];
    window.map.eachLayer((l) => { if (l instanceof L.Circle) { rings.push(l.getLatLng()); } });
    return rings.length === 2 && rings.every((c) => Math.abs(c.lat - lat) < 1e-4 && Math.abs(c.lng - lon) < 1e-4);
}"""
#: In the viewer's map frame: the marker of ``id`` at (lat, lon).
MARKER_AT = """([id, lat, lon]) => {
    const m = window.hk && window.hk.marker(id);
    return !!m && Math.abs(m.getLatLng().lat - lat) < 1e-4 && Math.abs(m.getLatLng().lng - lon) < 1e-4;
}"""


#: Loopback only: any other host name does not resolve (keeps the browser's cache, unlike page.route).
LOOPBACK_ONLY = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, LOOPBACK_ONLY])


#: The same for any page: its title (h1) on screen and the run over (the baseline: /over).
TITLED = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const title = document.querySelector("h1");
    const done = app && app.getAttribute("data-test-script-state") === "notRunning";
    return done && title && title.getBoundingClientRect().width > 0 ? performance.now() : false;
}"""


def open_once(context, url: str, path: str = "/beheer", ready: str = OPENED) -> float:
    """Seconds from navigation start to the page ready (the list on screen, the run over), in a new page (session)."""
    page = context.new_page()
    try:
        page.goto(f"{url}{path}")
        return page.wait_for_function(ready, timeout=TIMEOUT, polling="raf").json_value() / 1000.0
    finally:
        page.close()


def choose(page, name: str, lat: float, lon: float) -> float:
    """Seconds from choosing ``name`` in the list to its form, map and rings drawn and the run over."""
    box = page.get_by_label(SELECT_LABEL)
    box.click()
    box.fill(name)
    option = page.get_by_role("option", name=re.compile(re.escape(name) + r" ·")).first
    option.wait_for(timeout=TIMEOUT)
    start = time.perf_counter()
    option.click()
    page.get_by_label("Breedtegraad (N)").first.wait_for(timeout=TIMEOUT)
    wait_in_map(page, RINGS_AT, [lat, lon], TIMEOUT)
    page.wait_for_function(RUN_DONE, timeout=TIMEOUT, polling="raf")
    return time.perf_counter() - start


def save_to_viewer(
    editor, viewer, hotspot_id: str, number: int, acts: bool, data_file: Path
) -> tuple[float, float, float]:
    """Seconds after *Opslaan* to the editor's "Opgeslagen" and to the viewer's map showing the move, and
    seconds from the data file written (its modification time) to the viewer's map showing it."""
    lat, lon = 52.0 + number * 0.01, 4.5 + number * 0.01
    type_point(editor, lat, lon, TIMEOUT)
    wait_in_map(editor, RINGS_AT, [lat, lon], TIMEOUT)
    fill_committed(editor.get_by_label(re.compile("^Waarom")), f"Benchmark: verplaatst ({number})")
    editor.wait_for_function(RUN_DONE, timeout=TIMEOUT, polling="raf")
    start, wall = time.perf_counter(), time.time()
    editor.get_by_role("button", name="Opslaan", exact=True).click()
    editor.get_by_text("Opgeslagen: Locatie").wait_for(timeout=TIMEOUT)
    saved = time.perf_counter() - start
    if acts:
        viewer.get_by_role("slider", name="Straal (km)").press("ArrowRight" if number % 2 == 0 else "ArrowLeft")
    wait_in_map(viewer, MARKER_AT, [hotspot_id, lat, lon], TIMEOUT)
    shown = time.perf_counter() - start
    written = data_file.stat().st_mtime - wall
    return saved, shown, shown - written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=1000)  # hotspots.model.MAX_HOTSPOTS unless --uncapped
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--uncapped", action="store_true", help="raise MAX_HOTSPOTS for this server (measuring only)")
    parser.add_argument("--app-dir", type=Path, default=ROOT, help="the checkout to serve (e.g. a git archive of main)")
    parser.add_argument("--viewer-acts", action="store_true", help="the viewer moves a slider after the save")
    args = parser.parse_args()
    figures: dict[str, object] = {
        "synthetic": args.synthetic,
        "uncapped": args.uncapped,
        "viewer_acts": args.viewer_acts,
        "load_before": os.getloadavg(),
    }
    with tempfile.TemporaryDirectory() as tmp, run_server_in_thread(port=0, user_claims=[ANNE]) as provider:
        folder = Path(tmp)
        seed = synthetic_file(args.synthetic, folder)
        store = DataStore(folder / "gegevens", seed_file=seed)
        store.ensure()
        port = free_port()
        secrets = write_secrets(
            folder / "secrets.toml",
            app_port=port,
            provider_url=f"http://localhost:{provider.server_port}",
            editors=["anne@board.nl"],
        )
        env = {"HOTSPOTS_DATA_DIR": str(store.folder), "HOTSPOTS_BENCHMARK_MAX": str(args.synthetic)}
        app_dir = args.app_dir.resolve()
        script = "app.py"
        if args.uncapped:
            # Streamlit serves static/ from beside the main script: the runner goes in a folder of its own
            # with static/ linked in (run from benchmarks/, the map's scripts were 404 and it never drew).
            runner = folder / "uncapped"
            runner.mkdir()
            (runner / "static").symlink_to(app_dir / "static", target_is_directory=True)
            script = str(runner / "uncapped_app.py")
            (runner / "uncapped_app.py").write_text((ROOT / "benchmarks" / "uncapped_app.py").read_text())
            env["HOTSPOTS_BENCHMARK_APP"] = str(app_dir / "app.py")
        server = start_streamlit(script, env, options={"secrets.files": str(secrets)}, port=port, app_dir=app_dir)
        try:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                context = browser.new_context(viewport=VIEWPORT, locale="nl-NL")
                editor = context.new_page()
                login(editor, server.url, ANNE)  # also the first visit: imports, data, the git history read
                open_once(context, server.url, "/over", TITLED)  # the page's first run in this server
                for path, ready in (("/beheer", OPENED), ("/over", TITLED)):
                    opens = [open_once(context, server.url, path, ready) for _ in range(args.repeat)]
                    figures[f"open{path.replace('/', '_')}_s"] = opens
                    print(
                        f"open {path:11} | {args.synthetic} hotspots | median {statistics.median(opens):.2f} s, "
                        f"max {max(opens):.2f} s over {len(opens)} new sessions"
                        + (
                            f" (target {TARGET_MS / 1000:.0f} s)"
                            if path == "/beheer"
                            else " (baseline: no list, no form)"
                        ),
                        flush=True,
                    )
                editor.goto(f"{server.url}/beheer")
                editor.wait_for_function(OPENED, timeout=TIMEOUT, polling="raf")
                features = store.document()["features"]
                chosen = []
                for number in range(args.repeat):
                    feature = features[(number * 97) % len(features)]
                    lon, lat = feature["geometry"]["coordinates"]
                    chosen.append(choose(editor, feature["properties"]["name"], lat, lon))
                figures["choose_s"] = chosen
                print(
                    f"choose a hotspot | {args.synthetic} hotspots | median {statistics.median(chosen):.2f} s, "
                    f"max {max(chosen):.2f} s over {len(chosen)} choices (form, map and rings drawn)",
                    flush=True,
                )
                target = features[((args.repeat - 1) * 97) % len(features)]  # the hotspot chosen last
                hotspot_id = target["properties"]["id"]
                lon, lat = target["geometry"]["coordinates"]
                viewer_context = browser.new_context(viewport=VIEWPORT, locale="nl-NL")
                viewer = viewer_context.new_page()
                viewer.goto(f"{server.url}/?hotspot={hotspot_id}")
                wait_in_map(viewer, MARKER_AT, [hotspot_id, lat, lon], TIMEOUT)
                viewer.get_by_role("slider", name="Straal (km)").wait_for(timeout=TIMEOUT)
                viewer.wait_for_function(RUN_DONE, timeout=TIMEOUT, polling="raf")
                pairs = [
                    save_to_viewer(editor, viewer, hotspot_id, n, args.viewer_acts, store.path)
                    for n in range(args.repeat)
                ]
                figures["save_s"] = [p[0] for p in pairs]
                figures["save_to_other_map_s"] = [p[1] for p in pairs]
                figures["written_to_other_map_s"] = [p[2] for p in pairs]
                print(
                    f"save             | {args.synthetic} hotspots | 'Opgeslagen' after a median "
                    f"{statistics.median(p[0] for p in pairs):.2f} s (max {max(p[0] for p in pairs):.2f} s); "
                    f"on the other session's map after a median {statistics.median(p[1] for p in pairs):.2f} s "
                    f"(max {max(p[1] for p in pairs):.2f} s), its rerun included"
                    + (" (the viewer moved a slider)" if args.viewer_acts else " (the viewer did nothing)")
                    + f"; {len(pairs)} saves; from the file written to the other map a median "
                    f"{statistics.median(p[2] for p in pairs):.2f} s (max {max(p[2] for p in pairs):.2f} s)",
                    flush=True,
                )
                viewer_context.close()
                context.close()
                browser.close()
        finally:
            server.stop()
    figures["load_after"] = os.getloadavg()
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"beheer-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    print(f"load average before {figures['load_before']}, after {figures['load_after']}; written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
