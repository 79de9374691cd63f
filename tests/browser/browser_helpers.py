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
    """Choose the format ``label``, "Bestand maken", then its download button (ui/downloads.py): (name, bytes).

    The format choice and "Bestand maken" rerun the app; the download button
    ("Download <format>") comes with the file, made for the view on screen.
    """
    from pathlib import Path

    from playwright.sync_api import expect

    option = page.get_by_role("radiogroup", name="Bestandsformaat").get_by_role("radio", name=label, exact=True)
    option.wait_for(timeout=timeout_ms)
    option.click()
    expect(option).to_be_checked(timeout=timeout_ms)
    make = page.get_by_role("button", name="Bestand maken", exact=True)
    make.wait_for(timeout=timeout_ms)
    make.click()
    button = page.get_by_role("button", name=f"Download {label}", exact=True)
    button.wait_for(timeout=timeout_ms)
    with page.expect_download(timeout=timeout_ms) as info:
        button.click()
    result = info.value
    return result.suggested_filename, Path(result.path()).read_bytes()
