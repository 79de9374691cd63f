"""Benchmark: the map in headless Chromium (Debian's chromium), as a user sees it.

Usage: ``python -m benchmarks.map_browser [--repeat 5] [--synthetic 1000] [--viewport 1366x768 ...]``

Starts ``streamlit run`` for three cases and measures, in a real browser:

* first view: from navigation start to the first animation frame in which
  the map holds every marker (noted in the page), for
  a bare one-marker streamlit-folium page (the baseline), the app with the
  shipped data, and the app with N synthetic hotspots. "cold" is a new
  browser profile (nothing cached), "warm" a second visit in the same one
  (Streamlit's and Leaflet's files cached, as for a returning user). For
  the app also: when the sidebar's filters are there (they are drawn after
  the map on a first view, see ui/sidebar.py).
* filter change: removing the type "Creatief-urbaan" in the sidebar, and
  restoring it with "Filters wissen". Timed in the page, from the click
  event (its timestamp) to the first animation frame in which the map
  holds the new number of markers. The time Playwright itself needs to
  deliver the click and notice the result is left out; it is printed
  separately ("as driven") for comparison.
* selection (shipped data): a click on a hotspot's marker, alternately
  Wetsus and Energy Valley (50 km apart, each inside the other's 80 km
  ring), from the click event (its timestamp, in the map's frame) to the
  first animation frame in which the map has settled on the new hotspot's
  ring: the new marker layer with that hotspot selected is on the map, its
  ring is drawn, and ``hk.idle()`` (mapview.js) holds, i.e. the flight to
  the ring (``flyToBounds``) has ended with its ``moveend`` and the names
  are placed. The popup of the previous click is closed before each click.
  Also printed: the time to the first frame with the new marker layer (the
  server's rerun and the redraw; the flight of about 0.8 s starts there).

Every figure is taken at each ``--viewport`` (default 1366x768, the
board member's laptop of issue 8; the window is that size, the map
follows it).

Requests to other hosts (basemap tiles) are blocked so the figures do not
depend on the network. Prints one line per figure.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from playwright.sync_api import sync_playwright

from harness import ROOT, launch_chromium, leaflet_frame, local_page, start_streamlit

# Markers Leaflet holds on the map in window `w`, clustered or not (-1: no map yet).
COUNT_IN = """(w) => {
    if (!w.map || typeof w.map.hasLayer !== "function") { return -1; }
    let n = 0;
    const walk = (l) => { if (l.feature && l.feature.geometry.type === "Point") { n += 1; } else if (l.eachLayer) { l.eachLayer(walk); } };
    (w.feature_group || []).filter((g) => w.map.hasLayer(g)).forEach(walk);
    return n || w.document.querySelectorAll(".leaflet-marker-icon").length;
}"""
# The same, in the map's own frame.
COUNT = f"() => ({COUNT_IN})(window)"


def synthetic_file(n: int, directory: Path) -> Path:
    rng = np.random.default_rng(2014)
    types = ["creatief-urbaan", "engineering", "wetenschapsgedreven"]
    phases = ["opkomst", "groei", "consolidatie", "transitie"]
    features = []
    for i in range(n):
        zh = i % 3 == 0
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [
                round(float(rng.uniform(4.0, 4.9) if zh else rng.uniform(5.0, 7.0)), 5),
                round(float(rng.uniform(51.7, 52.3) if zh else rng.uniform(51.0, 53.3)), 5)]},
            "properties": {
                "id": f"synthetisch-{i}", "name": f"Synthetische hotspot {i}", "place": "Ergens",
                "province": "Zuid-Holland" if zh else "Utrecht", "scope": "zuid-holland" if zh else "nationaal",
                "types": [types[i % 3]], "phase": phases[i % 4], "product_chains": [],
                "digitaal_verbinden": False, "anchors": ["Anker"], "focus": "Synthetisch, voor de benchmark.",
                "sources": [{"seed": "001_38567238ee4dba9b.txt", "section": "benchmark"}],
                "estimated": ["types", "phase", "location"],
            },
        })  # fmt: skip
    path = directory / f"synthetic-{n}.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


VIEWPORT = {"width": 1366, "height": 768}


# In the map's frame: note the time (ms since the epoch) of the first animation
# frame in which the map holds `target` markers.
WATCH = f"""(target) => {{
    const count = {COUNT};
    window.__hkReached = null;
    const check = () => {{
        if (count() === target) {{ window.__hkReached = performance.timeOrigin + performance.now(); }}
        else {{ requestAnimationFrame(check); }}
    }};
    requestAnimationFrame(check);
}}"""
# In the page: the time (ms since the epoch) of the last click, from the event's own timestamp.
CLICKS = """() => {
    window.__hkClicked = null;
    document.addEventListener("click", (e) => { window.__hkClicked = performance.timeOrigin + e.timeStamp; }, true);
}"""


# From the page's start: the time (ms since navigation start) of the first
# animation frame in which the map, in streamlit-folium's iframe, holds
# `__EXPECTED__` markers. (The iframe's window is reachable: same origin.)
FIRST_MARKERS = """(() => {
    if (window.top !== window) { return; }
    const count = __COUNT_IN__;
    const check = () => {
        const iframe = document.querySelector('iframe[src*="/component/streamlit_folium.st_folium/"]');
        if (window.__hkFirst === undefined && iframe && iframe.contentWindow && count(iframe.contentWindow) >= __EXPECTED__) {
            window.__hkFirst = performance.now();
        }
        // the app's filters: the search field in the sidebar
        if (window.__hkFilters === undefined && document.querySelector('[data-testid="stSidebar"] input[aria-label="Zoeken"]')) {
            window.__hkFilters = performance.now();
        }
        if (window.__hkFirst === undefined || (__FILTERS__ && window.__hkFilters === undefined)) {
            requestAnimationFrame(check);
        }
    };
    requestAnimationFrame(check);
})();"""


def first_view(browser, url: str, expected: int, warm: bool = False, filters: bool = True) -> tuple[float, float]:
    """Seconds from navigation start to the first frame with every marker on the
    map, and (with ``filters``, for the app) to the first with the sidebar's filters."""
    context, page = local_page(browser, viewport=VIEWPORT)
    script = FIRST_MARKERS.replace("__COUNT_IN__", COUNT_IN).replace("__EXPECTED__", str(expected))
    script = script.replace("__FILTERS__", str(filters).lower())
    context.add_init_script(script)
    done = "() => window.__hkFirst !== undefined" + (" && window.__hkFilters !== undefined" if filters else "")
    try:
        if warm:  # a first visit fills the cache
            page.goto(url)
            page.wait_for_function(done, timeout=60_000)
            page.goto("about:blank")
        page.goto(url)
        page.wait_for_function(done, timeout=60_000)
        first, usable = page.evaluate("() => [window.__hkFirst, window.__hkFilters]")
        return first / 1000.0, (usable or float("nan")) / 1000.0
    finally:
        context.close()


def filter_changes(browser, url: str, total: int, removed: int, repeat: int) -> tuple[list[float], list[float]]:
    """(in page, as driven) seconds for each change."""
    context, page = local_page(browser, viewport=VIEWPORT)
    in_page, driven = [], []
    try:
        page.goto(url)
        frame = leaflet_frame(page)
        frame.wait_for_function(f"() => ({COUNT})() === {total}", timeout=60_000, polling="raf")
        page.evaluate(CLICKS)
        sidebar = page.locator('[data-testid="stSidebar"]')

        def change(click, target: int) -> None:
            frame.evaluate(WATCH, target)
            start = time.perf_counter()
            click()
            frame.wait_for_function("() => window.__hkReached !== null", timeout=60_000, polling="raf")
            driven.append(time.perf_counter() - start)
            clicked = page.evaluate("() => window.__hkClicked")
            in_page.append((frame.evaluate("() => window.__hkReached") - clicked) / 1000.0)

        remove = sidebar.get_by_role(
            "button", name=re.compile(r"Remove Creatief-urbaan|^Creatief-urbaan weghalen$", re.I)
        )
        for _ in range(repeat):
            change(lambda: remove.first.click(), total - removed)
            # and back: "Filters wissen" restores every type
            change(lambda: sidebar.get_by_role("button", name="Filters wissen").click(), total)
    finally:
        context.close()
    return in_page, driven


# In the map's frame: note the click's time (ms since the epoch, the event's own
# timestamp) and the first animation frame in which the map has settled on
# hotspot `id`'s ring: its marker is drawn selected (the new layer is on the map,
# so its fit has started), a ring is drawn, and hk.idle() (no flight, no
# animation, names placed).
WATCH_SELECTION = """(id) => {
    window.__hkSelClicked = null;
    window.__hkSettled = null;
    window.__hkDrawn = null;
    if (!window.__hkSelListener) {
        window.__hkSelListener = true;
        document.addEventListener("click", (e) => { window.__hkSelClicked = performance.timeOrigin + e.timeStamp; }, true);
    }
    const marker = `.hk-geselecteerd svg[data-hotspot="${id}"]`;
    const check = () => {
        const drawn = window.__hkSelClicked !== null && document.querySelector(marker) !== null;
        if (drawn && window.__hkDrawn === null) { window.__hkDrawn = performance.timeOrigin + performance.now(); }
        if (drawn && document.querySelector(".hk-ring-chosen") && hk.idle()) {
            window.__hkSettled = performance.timeOrigin + performance.now();
        } else { requestAnimationFrame(check); }
    };
    requestAnimationFrame(check);
}"""
SELECTED = ("wetsus", "energy-valley")


def selections(browser, url: str, total: int, repeat: int) -> tuple[list[float], list[float], list[float]]:
    """(in page, as driven, new layer drawn) seconds from a click on a marker to the map
    settled on its ring; the last: to the first frame with the new layer (the flight starts)."""
    context, page = local_page(browser, viewport=VIEWPORT)
    in_page, driven, drawn = [], [], []
    try:
        page.goto(url)
        leaflet = leaflet_frame(page)
        leaflet.wait_for_function(f"() => ({COUNT})() === {total} && hk.idle()", timeout=60_000, polling="raf")
        for i in range(2 * repeat):
            hotspot = SELECTED[i % 2]
            leaflet.evaluate("() => window.map.closePopup()")
            leaflet.evaluate(WATCH_SELECTION, hotspot)
            start = time.perf_counter()
            leaflet.locator(f'svg[data-hotspot="{hotspot}"]').click()
            leaflet.wait_for_function("() => window.__hkSettled !== null", timeout=60_000, polling="raf")
            driven.append(time.perf_counter() - start)
            settled, clicked, layer = leaflet.evaluate(
                "() => [window.__hkSettled, window.__hkSelClicked, window.__hkDrawn]"
            )
            in_page.append((settled - clicked) / 1000.0)
            drawn.append((layer - clicked) / 1000.0)
            # the app reruns once more for the new URL: let it finish before the next click
            page.wait_for_url(re.compile(f"hotspot={hotspot}"), timeout=60_000)
            leaflet.wait_for_function("() => hk.idle()", timeout=60_000, polling="raf")
    finally:
        context.close()
    return in_page, driven, drawn


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--synthetic", type=int, default=1000)  # hotspots.model.MAX_HOTSPOTS: a larger file is refused
    parser.add_argument("--viewport", action="append", help="WIDTHxHEIGHT, repeatable (default 1366x768)")
    args = parser.parse_args()
    viewports = [tuple(int(v) for v in size.lower().split("x")) for size in args.viewport or ["1366x768"]]
    from hotspots.io import load_hotspots

    shipped = load_hotspots().frame
    creative = int(shipped["types"].map(lambda t: t == ["creatief-urbaan"]).sum())
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        synthetic = synthetic_file(args.synthetic, Path(tmp))
        cases = [
            ("baseline: bare one-marker streamlit-folium page", ROOT / "tests/browser/fixtures/one_marker_app.py", {}, 1, None),
            (f"app, shipped data ({len(shipped)} hotspots)", ROOT / "app.py", {}, len(shipped), creative),
            (f"app, {args.synthetic} synthetic hotspots", ROOT / "app.py", {"HOTSPOTS_DATA": str(synthetic)},
             args.synthetic, -(-args.synthetic // 3)),
        ]  # fmt: skip
        for name, script, env, total, removed in cases:
            server = start_streamlit(script, env)
            try:
                app = removed is not None
                first_view(browser, server.url, total, filters=app)  # the server's caches (imports, data)
                for width, height in viewports:
                    VIEWPORT.update(width=width, height=height)
                    size = f"{width}x{height}"
                    for warm in (False, True):
                        views = [first_view(browser, server.url, total, warm, filters=app) for _ in range(args.repeat)]
                        line = (f"first view, {'warm' if warm else 'cold'} | {size:9} | {name:48} | "
                                f"median {statistics.median(v[0] for v in views):.2f} s")  # fmt: skip
                        if app:
                            line += f"; filters usable after a median {statistics.median(v[1] for v in views):.2f} s"
                        print(line, flush=True)
                    if removed:
                        in_page, driven = filter_changes(browser, server.url, total, removed, args.repeat)
                        print(
                            f"filter change    | {size:9} | {name:48} | median {statistics.median(in_page) * 1000:.0f} ms, "
                            f"max {max(in_page) * 1000:.0f} ms over {len(in_page)} changes "
                            f"(as driven by Playwright: median {statistics.median(driven) * 1000:.0f} ms)",
                            flush=True,
                        )
                    if app and not env:
                        in_page, driven, drawn = selections(browser, server.url, total, args.repeat)
                        print(
                            f"selection        | {size:9} | {name:48} | median {statistics.median(in_page) * 1000:.0f} ms, "
                            f"max {max(in_page) * 1000:.0f} ms over {len(in_page)} clicks; the new layer drawn "
                            f"(flight starts) after a median {statistics.median(drawn) * 1000:.0f} ms "
                            f"(as driven by Playwright: median {statistics.median(driven) * 1000:.0f} ms)",
                            flush=True,
                        )
            finally:
                server.stop()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
