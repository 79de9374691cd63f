"""Headless Chromium for the browser tests and benchmarks: Debian's build, driven by Playwright.

Playwright's own browser download does not work everywhere; ``make browser``
installs Debian's ``chromium`` (``CHROMIUM`` overrides where it is).
"""

from __future__ import annotations

import os
import shutil
from typing import Any

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
#: No sandbox (root in a container), no GPU, and nothing the browser would fetch on its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: The map's iframe, by its address: Streamlit titles a components.v1 iframe "<module>.<name>", which
#: static/a11y/page.js replaces with a name for people ("Kaart van de hotspots").
MAP_IFRAME = 'iframe[src*="/component/streamlit_folium.st_folium/"]'


def launch_chromium(playwright: Any, **options: Any) -> Any:
    """``playwright.chromium.launch`` of :data:`CHROMIUM`, headless, with :data:`CHROMIUM_ARGS`
    (``playwright``: the object ``sync_playwright()`` gives)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, **options)
