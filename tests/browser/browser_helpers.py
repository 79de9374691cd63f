"""Helpers for the real-browser tests: the map's iframe, a finished script run, a download."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from harness.chromium import MAP_IFRAME, is_local

__all__ = [
    "BROWSER_LOG",
    "FIXTURES",
    "MAP_IFRAME",
    "MAP_TIMEOUT_MS",
    "download",
    "keep_screens",
    "map_frame",
    "run_done",
    "watch",
]

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MAP_TIMEOUT_MS = 30_000

#: What the browsers said during the running test: console errors and warnings, uncaught errors (every
#: frame) and where a failure's screenshots are. conftest empties it before each test and adds it to the
#: report of a test that fails, so a failure that happens once in many runs can still be understood.
BROWSER_LOG: list[str] = []
#: Where a failing test's screenshots go (``HOTSPOTS_TEST_ARTIFACTS`` or the temporary folder).
ARTIFACTS = Path(
    os.environ.get("HOTSPOTS_TEST_ARTIFACTS") or Path(tempfile.gettempdir()) / "hotspotkaart-test-failures"
)

#: In a map frame: whether streamlit-folium made its map, and how far the frame got.
_FRAME_STATE = """() => ({map: typeof window.map, ready: document.readyState,
    leaflet: document.querySelectorAll('.leaflet-container').length, markers: document.querySelectorAll('.leaflet-marker-icon').length})"""


def watch(context) -> None:
    """Keep the console errors and warnings and the uncaught errors of every page of ``context`` in BROWSER_LOG."""

    def on_console(message) -> None:
        source = message.location.get("url", "")
        if source and not is_local(source):
            return  # a map tile that cannot be fetched here: expected, and many
        if message.type in ("error", "warning") and len(BROWSER_LOG) < 300:
            BROWSER_LOG.append(f"console.{message.type} ({message.location.get('url', '')}): {message.text}")

    context.on("console", on_console)
    context.on("weberror", lambda error: BROWSER_LOG.append(f"uncaught error: {error.error}"))


def keep_screens(context, name: str) -> None:
    """For a failure: a screenshot of every page of ``context`` in ARTIFACTS, and in BROWSER_LOG where it is,
    the page's URL and the state of each map frame. Never raises (the test's own error is what counts)."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[:120]
    try:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        pages = list(context.pages)
    except Exception as error:
        BROWSER_LOG.append(f"no screenshots ({error})")
        return
    for number, page in enumerate(pages):
        path = ARTIFACTS / f"{stem}-{number}.png"
        try:
            page.screenshot(path=path, full_page=True, timeout=10_000)
            BROWSER_LOG.append(f"screenshot {path} of {page.url}")
            for frame in page.frames:
                if "streamlit_folium" in frame.url:
                    BROWSER_LOG.append(f"  map frame {frame.url[-60:]}: {frame.evaluate(_FRAME_STATE)}")
        except Exception as error:
            BROWSER_LOG.append(f"no screenshot of {page.url}: {error}")


def map_frame(page, timeout_ms: int = MAP_TIMEOUT_MS):
    """The streamlit-folium iframe (a FrameLocator), once its Leaflet map is visible."""
    page.locator(MAP_IFRAME).first.wait_for(state="visible", timeout=timeout_ms)
    frame = page.frame_locator(MAP_IFRAME).first
    frame.locator(".leaflet-container").first.wait_for(state="visible", timeout=timeout_ms)
    return frame


#: The page's script run has finished: what is on screen is the latest run's, none is stale.
RUN_DONE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return !!app && app.getAttribute("data-test-script-state") === "notRunning";
}"""


def run_done(page, timeout_ms: int = 30_000) -> None:
    """Wait until Streamlit has finished the page's script run.

    While a run is under way the previous run's elements stay on screen
    (faded); text the run has already drawn (a count) can be new while a
    button further down is still the old one.
    """
    page.wait_for_function(RUN_DONE, timeout=timeout_ms)


def download(page, label: str, timeout_ms: int = 30_000) -> tuple[str, bytes]:
    """One click on the download button ``label`` (ui/downloads.py): (name, bytes).

    The button hands Streamlit a function: the file is made on the click,
    for the view on screen, and the browser downloads it. The click waits
    for the script run to finish: a click on the previous run's button, still
    on screen during a rerun, would ask for the previous view's file (with a
    busy machine, the count of a new view shows well before its buttons).
    """
    from pathlib import Path

    button = page.get_by_role("button", name=label, exact=True)
    button.wait_for(timeout=timeout_ms)
    run_done(page, timeout_ms)
    with page.expect_download(timeout=timeout_ms) as info:
        button.click()
    result = info.value
    return result.suggested_filename, Path(result.path()).read_bytes()
