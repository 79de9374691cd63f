"""Helpers for the real-browser tests: where Chromium is, and the map's iframe."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
#: The title Streamlit gives the iframe of a components.v1 component: "<module>.<name>".
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
MAP_TIMEOUT_MS = 30_000


def map_frame(page, timeout_ms: int = MAP_TIMEOUT_MS):
    """The streamlit-folium iframe (a FrameLocator), once its Leaflet map is visible."""
    page.locator(MAP_IFRAME).first.wait_for(state="visible", timeout=timeout_ms)
    frame = page.frame_locator(MAP_IFRAME).first
    frame.locator(".leaflet-container").first.wait_for(state="visible", timeout=timeout_ms)
    return frame


def download(page, label: str, timeout_ms: int = 30_000) -> tuple[str, bytes]:
    """One click on the download button ``label`` (ui/downloads.py): (name, bytes).

    The button hands Streamlit a function: the file is made on the click,
    for the view on screen, and the browser downloads it.
    """
    from pathlib import Path

    button = page.get_by_role("button", name=label, exact=True)
    button.wait_for(timeout=timeout_ms)
    with page.expect_download(timeout=timeout_ms) as info:
        button.click()
    result = info.value
    return result.suggested_filename, Path(result.path()).read_bytes()
