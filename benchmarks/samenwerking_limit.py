"""Benchmark: the worst a visitor can ask of /samenwerking, with the largest data files (issue 21, item 2).

Usage: ``python -m benchmarks.samenwerking_limit [--hotspots 20000 1000] [--radius 120]``

For each count, a valid data file of that many hotspots is written, all
within 90 km of each other in Zuid-Holland and all sharing a type, a product
chain and Digitaal Verbinden, so every pair is a link (the worst case:
n²/2 links). ``streamlit run app.py`` serves it (``HOTSPOTS_DATA``) and
headless Chromium opens ``/samenwerking?radius=<radius>``; measured are the
time until Streamlit's run is over and the server's peak resident memory
(``VmHWM`` of the process, which includes start-up). Before, one visit to
``/over`` warms the server up (imports, the data file read), as on a server
that runs. A file above
``hotspots.model.MAX_HOTSPOTS`` is refused by the validator, so the page is
a Dutch notice; at the limit, the page is the full network.

Target: under 1 GB resident and within 10 s. Prints one line per count and
writes them to ``benchmarks/results/samenwerking-limit-<time>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from harness import ROOT, launch_chromium, local_page, start_streamlit

RESULTS = ROOT / "benchmarks" / "results"
TARGET_S, TARGET_MB = 10.0, 1024


def worst_case_file(n: int, directory: Path) -> Path:
    """``n`` valid hotspots, every pair of them kansrijke partners within 120 km."""
    import numpy as np

    rng = np.random.default_rng(21)
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [round(float(rng.uniform(4.1, 4.8)), 5), round(float(rng.uniform(51.8, 52.2)), 5)],
            },
            "properties": {
                "id": f"dicht-{i}",
                "name": f"Hotspot {i}",
                "place": "Ergens",
                "province": "Zuid-Holland",
                "scope": "zuid-holland",
                "types": ["engineering"],
                "phase": "groei",
                "product_chains": ["waterstof"],
                "digitaal_verbinden": True,
                "anchors": ["Anker"],
                "focus": "Voor de benchmark.",
                "sources": [{"seed": "001_38567238ee4dba9b.txt", "section": "benchmark"}],
                "estimated": ["location"],
            },
        }  # fmt: skip
        for i in range(n)
    ]
    path = directory / f"worst-{n}.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(browser, n: int, radius: int, directory: Path) -> dict:
    data = worst_case_file(n, directory)
    server = start_streamlit(ROOT / "app.py", {"HOTSPOTS_DATA": str(data)})
    try:
        # a first visit to another page: Python's imports and the data read, as on a running server
        warm = browser.new_context()
        warm.new_page().goto(f"{server.url}/over", wait_until="networkidle")
        warm.close()
        context, page = local_page(browser, viewport={"width": 1366, "height": 768})
        start = time.monotonic()
        page.goto(f"{server.url}/samenwerking?radius={radius}")
        page.wait_for_function(
            """() => { const app = document.querySelector('[data-testid="stApp"]');
                       return app && app.getAttribute("data-test-script-state") === "notRunning"
                              && document.querySelector('[data-testid="stMain"] h1, [data-testid="stMain"] [data-testid="stAlert"]'); }""",
            timeout=120_000,
        )
        seconds = time.monotonic() - start
        main = page.locator('[data-testid="stMain"]').inner_text()
        context.close()
        return {
            "hotspots": n,
            "radius_km": radius,
            "seconds": round(seconds, 2),
            "peak_rss_mb": round(peak_rss_mb(server.process.pid), 1),
            "refused": "hoogstens" in main,
            "page_start": " ".join(main.split())[:300],
        }
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hotspots", type=int, nargs="+", default=[20000, 1000])
    parser.add_argument("--radius", type=int, default=120)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for n in args.hotspots:
            result = measure(browser, n, args.radius, Path(tmp))
            met = result["seconds"] <= TARGET_S and result["peak_rss_mb"] <= TARGET_MB
            print(
                f"{n} hotspots, /samenwerking?radius={args.radius}: answered in {result['seconds']} s, "
                f"peak resident {result['peak_rss_mb']} MB ({'refused by the validator' if result['refused'] else 'shown'}); "
                f"target {TARGET_S:.0f} s and {TARGET_MB} MB: {'met' if met else 'NOT met'}",
                flush=True,
            )
            results.append(result)
        browser.close()
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"samenwerking-limit-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"written {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
