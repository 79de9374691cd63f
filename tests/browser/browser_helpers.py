"""Helpers for the real-browser tests: the map's iframe, a finished script run, a download."""

from __future__ import annotations

from pathlib import Path

from harness.chromium import MAP_IFRAME

__all__ = ["FIXTURES", "MAP_IFRAME", "MAP_TIMEOUT_MS", "download", "map_frame", "run_done"]

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MAP_TIMEOUT_MS = 30_000


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
