"""Benchmark: opening /tabel in headless Chromium (Debian's chromium), as a user sees it.

Usage: ``python -m benchmarks.tabel_browser [--repeat 5]``

Starts ``streamlit run app.py`` on the shipped data and opens ``/tabel`` in
a new browser context (a new session, nothing cached in the browser) each
time, at 1366x768. Measures, in the page, the time from navigation start to
the first animation frame in which the table (``stDataFrame``) and the
downloads' five buttons (one per format) are visible and not stale, and, separately, when the table
alone is. One visit first warms the server (imports, data). Two cases:
"same view" opens the default view again (the download files may come from
the cache, as for the second viewer of a webinar), "new view" a view nobody
opened before (another radius and a free-text filter), so its files are made
for this visit. "Returning browser" opens the default view in a browser that
has visited the app before (Streamlit's own scripts come from its cache;
still a new session each time).

Requests to other hosts are blocked so the figures do not depend on the
network. Prints one line per figure, and for reference the same measure for
``/over`` (the frame and the sidebar's filters without a table or files):
the difference is what the table page itself costs, and for a baseline the
same elements (a table, a format choice and a button, a sidebar of filter widgets)
in a bare Streamlit page (``benchmarks/tabel_baseline_app.py``): what
Streamlit itself needs to show them. Target: ≤ 2000 ms (median).
"""

from __future__ import annotations

import argparse
import statistics
import sys

from playwright.sync_api import sync_playwright

from benchmarks import against_target
from harness import ROOT, launch_chromium, only_local, start_streamlit

VIEWPORT = {"width": 1366, "height": 768}
TARGET_MS = 2000
DOWNLOADS = 5

# In the page: ms since navigation start of the first animation frame with the table, and with the table and
# the downloads' buttons, one per format (ui/downloads.py), visible and enabled (Streamlit greys out stale elements while a run is under way).
WATCH = """([downloads, needTable]) => new Promise((resolve) => {
    let table = null;
    const visible = (el) => {
        if (!el) { return false; }
        const box = el.getBoundingClientRect();
        const stale = el.closest('[data-stale="true"]');
        return box.width > 0 && box.height > 0 && !stale;
    };
    const check = () => {
        const grid = document.querySelector('[data-testid="stDataFrame"]');
        if (table === null && (visible(grid) || !needTable)) { table = performance.now(); }
        const buttons = [...document.querySelectorAll('[data-testid="stDownloadButton"] button')]
            .filter((b) => visible(b) && !b.disabled);
        const sidebar = document.querySelectorAll('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').length;
        if (table !== null && buttons.length >= downloads && (needTable || sidebar >= 3)) {
            resolve({table: table, all: performance.now()});
        } else {
            requestAnimationFrame(check);
        }
    };
    requestAnimationFrame(check);
})"""


def visit(browser, url: str, downloads: int = DOWNLOADS, table: bool = True, context=None) -> dict[str, float]:
    """One visit in a new page: of a new browser context (nothing cached), or of ``context`` (a returning browser)."""
    own = context is None
    context = browser.new_context(viewport=VIEWPORT) if own else context
    page = context.new_page()
    only_local(page)
    try:
        page.goto(url, wait_until="commit")
        result = page.evaluate(WATCH, [downloads, table])
    finally:
        page.close()
        if own:
            context.close()
    return {"table_ms": round(result["table"], 1), "all_ms": round(result["all"], 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    server = start_streamlit(ROOT / "app.py")
    results: dict[str, list[dict[str, float]]] = {
        "same view": [],
        "new view": [],
        "same view, returning browser": [],
        "reference /over": [],
        "reference /over, returning browser": [],
        "baseline: the same elements, bare Streamlit": [],
    }
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            visit(browser, f"{server.url}/tabel")  # warms the server: imports, data
            # A browser that has opened the app before: Streamlit's own files come from its cache.
            returning = browser.new_context(viewport=VIEWPORT)
            visit(browser, f"{server.url}/tabel", context=returning)
            for i in range(args.repeat):
                results["same view"].append(visit(browser, f"{server.url}/tabel"))
                # A view nobody opened before: its download files are made for this visit.
                results["new view"].append(visit(browser, f"{server.url}/tabel?radius={80 + 5 * (i % 9)}&q=e"))
                # The frame alone (title, text, the sidebar's filters), for what the table page adds to it.
                results["reference /over"].append(visit(browser, f"{server.url}/over", downloads=0, table=False))
                results["same view, returning browser"].append(visit(browser, f"{server.url}/tabel", context=returning))
                results["reference /over, returning browser"].append(
                    visit(browser, f"{server.url}/over", downloads=0, table=False, context=returning)
                )
            returning.close()
            # The same elements in a bare Streamlit page (benchmarks/tabel_baseline_app.py).
            baseline = start_streamlit(ROOT / "benchmarks" / "tabel_baseline_app.py")
            try:
                visit(browser, baseline.url)
                for _ in range(args.repeat):
                    results["baseline: the same elements, bare Streamlit"].append(visit(browser, baseline.url))
            finally:
                baseline.stop()
            browser.close()
    finally:
        server.stop()

    for case, visits in results.items():
        if case.startswith("baseline"):
            median = statistics.median(v["all_ms"] for v in visits)
            print(f"{case}, {VIEWPORT['width']}x{VIEWPORT['height']} | table and buttons: median {median:.0f} ms")
            continue
        if case.startswith("reference"):
            median = statistics.median(v["all_ms"] for v in visits)
            print(
                f"{case}, {VIEWPORT['width']}x{VIEWPORT['height']} | title and sidebar filters: median {median:.0f} ms"
            )
            continue
        table = statistics.median(v["table_ms"] for v in visits)
        everything = [v["all_ms"] for v in visits]
        print(
            f"/tabel, {case}, {VIEWPORT['width']}x{VIEWPORT['height']} | table visible: median {table:.0f} ms | "
            f"table and the download buttons: {against_target(everything, TARGET_MS, 'visits')}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
