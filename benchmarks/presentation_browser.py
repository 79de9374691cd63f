"""Benchmark: stepping through a presentation in headless Chromium (Debian's chromium).

Usage: ``python -m benchmarks.presentation_browser [--rounds 3] [--presentation hotspots-zuid-holland]``

Starts ``streamlit run app.py``, opens ``/presentatie?presentatie=<id>&stap=1``
at 1280x720 (a projector) and presses → (ArrowRight) until the last scene,
``--rounds`` times (Home between rounds, not counted). Each step is timed in
the page: from the keydown event's own timestamp (on the Streamlit page,
where the focus is) to the first animation frame, in the map's frame, in
which the new scene is fully drawn: its layers on the map, the flight over
and the names placed (``hk.presentationIdle()`` with ``hk.presentationStep()``
at the new step). The time Playwright needs to deliver the key and notice
the result is left out; it is printed separately ("as driven").

Requests to other hosts (basemap tiles) are blocked, so the figures do not
depend on the network. Prints a table and writes the figures to
``benchmarks/results/presentation-<time>.json``. Target: median ≤ 400 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import time

from playwright.sync_api import sync_playwright

from benchmarks import against_target
from harness import ROOT, launch_chromium, leaflet_frame, local_page, start_streamlit

VIEWPORT = {"width": 1280, "height": 720}
RESULTS = ROOT / "benchmarks" / "results"
TARGET_MS = 400

# In every document (the Streamlit page, the map's frame): the time (ms since the epoch) of the last
# keydown, from the event's own timestamp. An init script, so it listens before the presentation's
# own listener (on the page's window, capturing), which stops the key from going further.
KEYS = """window.__hkKey = null;
window.addEventListener("keydown", (e) => { window.__hkKey = performance.timeOrigin + e.timeStamp; }, true);"""
# In the map's frame: the time (ms since the epoch) of the first animation frame with scene `step` drawn.
WATCH = """(step) => {
    window.__hkDrawn = null;
    const check = () => {
        if (hk.presentationStep() === step && hk.presentationIdle()) {
            window.__hkDrawn = performance.timeOrigin + performance.now();
        } else {
            requestAnimationFrame(check);
        }
    };
    requestAnimationFrame(check);
}"""


def run(browser, url: str, rounds: int) -> list[dict]:
    context, page = local_page(browser, viewport=VIEWPORT)
    context.add_init_script(KEYS)  # before the first navigation: it listens before the presentation's listener
    steps: list[dict] = []
    try:
        page.goto(url)
        frame = leaflet_frame(page)
        frame.wait_for_function("() => window.hk && hk.presentationIdle && hk.presentationIdle()", timeout=60_000)
        total = frame.evaluate("() => document.querySelector('.hk-caption-counter').textContent")
        total = int(total.rsplit(" ", 1)[-1])
        for round_ in range(rounds):
            if frame.evaluate("() => hk.presentationStep()") != 1:
                page.keyboard.press("Home")
                frame.wait_for_function("() => hk.presentationStep() === 1 && hk.presentationIdle()", polling="raf")
            for step in range(2, total + 1):
                frame.evaluate(WATCH, step)
                for document in (page, frame):
                    document.evaluate("() => { window.__hkKey = null; }")
                start = time.perf_counter()
                page.keyboard.press("ArrowRight")
                frame.wait_for_function("() => window.__hkDrawn !== null", timeout=30_000, polling="raf")
                driven = time.perf_counter() - start
                pressed = page.evaluate("() => window.__hkKey") or frame.evaluate("() => window.__hkKey")
                drawn = frame.evaluate("() => window.__hkDrawn")
                steps.append(
                    {
                        "round": round_ + 1,
                        "from": step - 1,
                        "to": step,
                        "ms": round(drawn - pressed, 1),
                        "driven_ms": round(driven * 1000, 1),
                    }
                )
        # nothing was reloaded on the way
        assert "presentatie=" in page.url and f"stap={total}" in page.url, page.url
    finally:
        context.close()
    return steps


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--presentation", default="hotspots-zuid-holland")
    args = parser.parse_args()
    server = start_streamlit(ROOT / "app.py")
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            url = f"{server.url}/presentatie?presentatie={args.presentation}&stap=1"
            run(browser, url, 1)  # warms the server (imports, data) and the browser's cache
            steps = run(browser, url, args.rounds)
            browser.close()
    finally:
        server.stop()

    print(
        f"{'step':>8} | "
        + " | ".join(f"round {r + 1:>2}" for r in range(args.rounds))
        + " |  (ms, key press to scene drawn)"
    )
    for to in sorted({s["to"] for s in steps}):
        row = [s for s in steps if s["to"] == to]
        print(f"{to - 1:>3} → {to:<2} | " + " | ".join(f"{s['ms']:>8.0f}" for s in row) + " |")
    in_page = [s["ms"] for s in steps]
    driven = [s["driven_ms"] for s in steps]
    median = statistics.median(in_page)
    as_driven = f" (as driven by Playwright: median {statistics.median(driven):.0f} ms)"
    print(f"step, {args.presentation}, 1280x720 | {against_target(in_page, TARGET_MS, 'steps', as_driven)}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"presentation-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(
        json.dumps(
            {
                "presentation": args.presentation,
                "viewport": VIEWPORT,
                "rounds": args.rounds,
                "median_ms": median,
                "max_ms": max(in_page),
                "driven_median_ms": statistics.median(driven),
                "target_ms": TARGET_MS,
                "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
                "steps": steps,
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    print(f"results: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
