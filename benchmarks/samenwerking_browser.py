"""Benchmark: the Samenwerking page (/samenwerking) with many hotspots, in headless Chromium (Debian's chromium).

Usage: ``python -m benchmarks.samenwerking_browser [--synthetic 1000] [--radius 120] [--views 3] [--changes 10]``

Starts ``streamlit run app.py`` with N synthetic hotspots (the file of
benchmarks/map_browser.py, via ``HOTSPOTS_DATA``) and opens
``/samenwerking?radius=<radius>`` at 1366x768 (the board member's laptop of
issue 8). Measured in the page:

* first view (a new browser profile each time, after one visit that fills
  the server's caches): from navigation start to the first animation frame
  in which the map's link lines are drawn (``hk.linkCount()`` > 0 and that
  many ``path.hk-link`` in the lines' pane), and to the end of Streamlit's
  run (``data-test-script-state`` of ``stApp`` no longer ``running``: the
  table and its downloads under the map are there too).
* filter changes (``--changes``, default 10), as on benchmarks/map_browser.py:
  a type removed in the sidebar (its chip's x; Creatief-urbaan, Engineering,
  Wetenschapsgedreven in turn), then *Filters wissen*. The first three
  removals are filter states not seen before (nothing cached); *Filters
  wissen* returns to the first view's state, and later removals repeat
  earlier states (their links cached; the downloads per minute). Timed
  from the click event's own timestamp to (a) the first animation frame in
  which the map holds a new layer of lines (other ``path.hk-link``
  elements than before the click, all of ``hk.linkCount()`` drawn), and
  (b) the end of Streamlit's run for the change (the table and its
  downloads under the map made too). Playwright's own time to deliver the
  click and notice the result is left out.

Requests to other hosts (basemap tiles) are blocked. Prints one line per
figure and writes them, with the machine's load average, to
``benchmarks/results/samenwerking-<time>.json``. Target (issue 10): the map
redrawn within 1 s of a filter change.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from benchmarks.map_browser import synthetic_file
from harness import ROOT, launch_chromium, local_page, start_streamlit

VIEWPORT = {"width": 1366, "height": 768}
RESULTS = ROOT / "benchmarks" / "results"
TARGET_MS = 1000
LINES = ".leaflet-hk-links-pane path.hk-link"

# In window `w` (the map's frame): the lines of the current layer are all drawn; returns the
# first line's element (to recognise a new layer) or null.
DRAWN_IN = f"""(w) => {{
    if (!w.hk || typeof w.hk.linkCount !== "function") {{ return null; }}
    const n = w.hk.linkCount();
    const paths = w.document.querySelectorAll("{LINES}");
    return n > 0 && paths.length === n ? paths[0] : null;
}}"""

# On the page from its start: ms since navigation start of the first frame with the lines
# drawn, and of the end of the first run.
FIRST = """(() => {
    if (window.top !== window) { return; }
    const drawn = __DRAWN_IN__;
    let running = false;
    const check = () => {
        const iframe = document.querySelector('iframe[src*="/component/streamlit_folium.st_folium/"]');
        if (window.__hkLines === undefined && iframe && iframe.contentWindow && drawn(iframe.contentWindow)) {
            window.__hkLines = performance.now();
        }
        const app = document.querySelector('[data-testid="stApp"]');
        const state = app && app.getAttribute("data-test-script-state");
        if (state === "running") { running = true; }
        if (running && state !== "running" && window.__hkRun === undefined) { window.__hkRun = performance.now(); }
        if (window.__hkLines === undefined || window.__hkRun === undefined) { requestAnimationFrame(check); }
    };
    requestAnimationFrame(check);
})();"""

# On the page, before a change: watch for the next click (its own timestamp), the first
# frame with a new layer of lines in the map's frame, and the end of the run it starts.
WATCH = """() => {
    const drawn = __DRAWN_IN__;
    const w = document.querySelector('iframe[src*="/component/streamlit_folium.st_folium/"]').contentWindow;
    const before = drawn(w);
    window.__hkClicked = null; window.__hkLines = null; window.__hkRun = null;
    let running = false;
    if (!window.__hkClickListener) {
        window.__hkClickListener = true;
        document.addEventListener("click", (e) => { window.__hkClicked = performance.timeOrigin + e.timeStamp; }, true);
    }
    const check = () => {
        const now = performance.timeOrigin + performance.now();
        const first = drawn(w);
        if (window.__hkLines === null && first && first !== before) { window.__hkLines = now; }
        const state = document.querySelector('[data-testid="stApp"]').getAttribute("data-test-script-state");
        // the run the click starts (not one that was under way before it)
        if (state === "running" && window.__hkClicked !== null) { running = true; }
        if (running && state !== "running" && window.__hkRun === null) { window.__hkRun = now; }
        if (window.__hkLines === null || window.__hkRun === null) { requestAnimationFrame(check); }
    };
    requestAnimationFrame(check);
}"""


def first_view(browser, url: str) -> tuple[float, float]:
    """Seconds from navigation start to the lines drawn, and to the end of the run."""
    context, page = local_page(browser, viewport=VIEWPORT)
    context.add_init_script(FIRST.replace("__DRAWN_IN__", DRAWN_IN))
    try:
        page.goto(url)
        page.wait_for_function("() => window.__hkLines !== undefined && window.__hkRun !== undefined", timeout=120_000)
        lines, run = page.evaluate("() => [window.__hkLines, window.__hkRun]")
        return lines / 1000.0, run / 1000.0
    finally:
        context.close()


# Removed in turn (its chip's x), each followed by "Filters wissen" (every type back).
TYPES_REMOVED = ["Creatief-urbaan", "Engineering", "Wetenschapsgedreven"]


def filter_changes(browser, url: str, steps) -> list[dict]:
    context, page = local_page(browser, viewport=VIEWPORT)
    out = []
    try:
        page.goto(url)
        page.locator('iframe[src*="/component/streamlit_folium.st_folium/"]').first.wait_for(timeout=120_000)
        page.wait_for_function(
            f"""() => {{ const f = document.querySelector('iframe[src*="/component/streamlit_folium.st_folium/"]');
                const app = document.querySelector('[data-testid="stApp"]');
                return f && f.contentWindow && ({DRAWN_IN})(f.contentWindow) &&
                    app.getAttribute("data-test-script-state") !== "running"; }}""",
            timeout=120_000,
        )
        sidebar = page.locator('[data-testid="stSidebar"]')
        clear = sidebar.get_by_role("button", name="Filters wissen")
        for value, remove in steps:
            page.wait_for_timeout(500)  # let the previous run's last messages settle
            page.evaluate(WATCH.replace("__DRAWN_IN__", DRAWN_IN))
            start = time.perf_counter()
            if remove:
                sidebar.get_by_role("button", name=re.compile(f"^(Remove {value}|{value} weghalen)$")).click()
            else:
                clear.click()
            try:
                page.wait_for_function("() => window.__hkLines !== null && window.__hkRun !== null", timeout=60_000)
            except Exception:
                print(
                    "  stuck:",
                    page.evaluate("() => [window.__hkClicked, window.__hkLines, window.__hkRun]"),
                    flush=True,
                )
                page.screenshot(path=str(RESULTS / "samenwerking-stuck.png"))
                raise
            driven = time.perf_counter() - start
            clicked, lines, run = page.evaluate("() => [window.__hkClicked, window.__hkLines, window.__hkRun]")
            count = page.frame_locator('iframe[src*="/component/streamlit_folium.st_folium/"]').locator(LINES).count()
            step = {
                "change": f"remove type {value}" if remove else "Filters wissen",
                "lines_s": (lines - clicked) / 1000.0,
                "run_s": (run - clicked) / 1000.0,
                "driven_s": driven,
                "lines": count,
            }
            print(
                f"  {step['change']:38} lines after {step['lines_s'] * 1000:5.0f} ms, run over after "
                f"{step['run_s'] * 1000:5.0f} ms ({count} lines)",
                flush=True,
            )
            out.append(step)
    finally:
        context.close()
    return out


def summary(values: list[float]) -> dict:
    return {"median_ms": round(statistics.median(values) * 1000), "max_ms": round(max(values) * 1000)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=1000)  # hotspots.model.MAX_HOTSPOTS: a larger file is refused
    parser.add_argument("--radius", type=int, default=120)
    parser.add_argument("--views", type=int, default=3, help="first views (new browser profiles)")
    parser.add_argument("--changes", type=int, default=10, help="filter changes (half of them 'Filters wissen')")
    parser.add_argument("--label", default="", help="added to the result's file name")
    args = parser.parse_args()
    if args.changes < 2:
        parser.error("--changes must be 2 or more (a removal and 'Filters wissen')")
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        data = synthetic_file(args.synthetic, Path(tmp))
        server = start_streamlit(ROOT / "app.py", {"HOTSPOTS_DATA": str(data)})
        try:
            url = f"{server.url}/samenwerking?radius={args.radius}"
            first_view(browser, url)  # the server's caches (imports, data, the default links)
            views = [first_view(browser, url) for _ in range(args.views)]
            print(
                f"first view ({args.synthetic} hotspots, {args.radius} km): lines drawn after a median "
                f"{statistics.median(v[0] for v in views):.2f} s, run over after {statistics.median(v[1] for v in views):.2f} s",
                flush=True,
            )
            removals = [TYPES_REMOVED[i % len(TYPES_REMOVED)] for i in range(args.changes // 2)]
            steps = filter_changes(
                browser, url, [(v, r) for value in removals for v, r in ((value, True), (value, False))]
            )
        finally:
            server.stop()
        browser.close()
    load_after = os.getloadavg()
    lines, runs = summary([s["lines_s"] for s in steps]), summary([s["run_s"] for s in steps])
    print(
        f"filter change: lines redrawn after a median {lines['median_ms']} ms (max {lines['max_ms']} ms), "
        f"run over after a median {runs['median_ms']} ms (max {runs['max_ms']} ms), over {len(steps)} changes; "
        f"target {TARGET_MS} ms for the lines: {'met' if lines['max_ms'] <= TARGET_MS else 'NOT met'}",
        flush=True,
    )
    print(f"load average (1, 5, 15 min) before {load_before}, after {load_after}; {os.cpu_count()} CPUs", flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = f"samenwerking-{dt.datetime.now():%Y%m%d-%H%M%S}" + (f"-{args.label}" if args.label else "")
    out = RESULTS / f"{name}.json"
    out.write_text(
        json.dumps(
            {
                "synthetic": args.synthetic,
                "radius_km": args.radius,
                "viewport": VIEWPORT,
                "first_view": {
                    "lines_s": [v[0] for v in views],
                    "run_s": [v[1] for v in views],
                },
                "filter_changes": steps,
                "lines_redrawn": lines,
                "run_over": runs,
                "target_ms": TARGET_MS,
                "load_average_before": load_before,
                "load_average_after": load_after,
                "cpus": os.cpu_count(),
                "machine": platform.platform(),
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    print(f"written: {out.relative_to(ROOT)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
