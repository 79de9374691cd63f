"""Headless Chromium for the browser tests and benchmarks: Debian's build, driven by Playwright.

Playwright's own browser download does not work everywhere; ``make browser``
installs Debian's ``chromium`` (``CHROMIUM`` overrides where it is).
"""

from __future__ import annotations

import os
import shutil
import time
from typing import Any
from urllib.parse import urlsplit

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

#: The screen sizes people use (the project's guide): name -> (viewport, device scale factor). Laptops and
#: monitors, a 1920x1080 screen at 125 % zoom (a smaller viewport at a higher scale), a tablet and a phone.
SCREENS: dict[str, tuple[dict[str, int], float]] = {
    "1280x720": ({"width": 1280, "height": 720}, 1),
    "1366x768": ({"width": 1366, "height": 768}, 1),
    "1440x900": ({"width": 1440, "height": 900}, 1),
    "1920x1080": ({"width": 1920, "height": 1080}, 1),
    "tablet-820x1180": ({"width": 820, "height": 1180}, 1),
    "1920x1080@125%": ({"width": 1536, "height": 864}, 1.25),
    "phone-390x844": ({"width": 390, "height": 844}, 1),
}

#: The map's iframe, by its address: Streamlit titles a components.v1 iframe "<module>.<name>", which
#: static/a11y/page.js replaces with a name for people ("Kaart van de hotspots").
MAP_IFRAME = 'iframe[src*="/component/streamlit_folium.st_folium/"]'


def launch_chromium(playwright: Any, **options: Any) -> Any:
    """``playwright.chromium.launch`` of :data:`CHROMIUM`, headless, with :data:`CHROMIUM_ARGS`
    (``playwright``: the object ``sync_playwright()`` gives)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, **options)


#: Hosts of this machine: the app's servers. Requests elsewhere (map tiles) are refused in tests and benchmarks.
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def is_local(url: str) -> bool:
    """True for URLs the browser may load: the app server itself, or in-page data."""
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return True
    return parts.hostname in LOCAL_HOSTS or f"[{parts.hostname}]" in LOCAL_HOSTS


def only_local(page: Any) -> None:
    """Abort every request of ``page`` (and its frames) that does not go to this machine, so that what a
    test sees or a benchmark measures does not depend on the network (map tiles above all)."""
    page.route("**/*", lambda route: route.continue_() if is_local(route.request.url) else route.abort())


def local_page(browser: Any, **context_options: Any) -> tuple[Any, Any]:
    """A page in a new browser context (``context_options``: viewport, locale...) that loads only from this
    machine (:func:`only_local`): ``(context, page)``; close the context when done."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    only_local(page)
    return context, page


def leaflet_frame(page: Any, timeout_ms: float = 60_000) -> Any:
    """The map's frame (a Playwright ``Frame``: ``evaluate``, ``wait_for_function`` in Leaflet's window), once its
    iframe is on the page and has loaded streamlit-folium's page; RuntimeError after ``timeout_ms``."""
    deadline = time.monotonic() + timeout_ms / 1000
    page.locator(MAP_IFRAME).first.wait_for(timeout=timeout_ms)
    while True:
        for frame in page.frames:
            if "streamlit_folium" in frame.url:
                return frame
        if time.monotonic() > deadline:
            raise RuntimeError("no map frame")
        page.wait_for_timeout(50)
