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
