"""Helpers for the Beheer page in Chromium: the secrets of a test login, the OpenID Connect login, the form.

Shared by tests/browser/test_beheer.py (one Streamlit process) and
tests/browser/test_beheer_serve.py (``make serve``, two processes), and by
benchmarks.beheer_browser. The provider is ``oidc-provider-mock`` on
loopback; its authorisation page lists the users by ``sub``, and a click on one
finishes a real authorisation code flow back to the app.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

try:
    from browser_helpers import run_done
except ImportError:  # imported as tests.browser.beheer_helpers, by benchmarks.beheer_browser
    from tests.browser.browser_helpers import run_done
from oidc_provider_mock import User
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from harness import MAP_IFRAME

TIMEOUT = 30_000
#: A first view of a freshly started server runs every import; on a busy 2-core machine that took over 30 s.
FIRST_VIEW_TIMEOUT = 120_000
SELECT_LABEL = re.compile(r"^Hotspot \(\d+\): typ om te zoeken")
ANNE = User(sub="anne", claims={"email": "anne@board.nl", "name": "Anne de Vries", "email_verified": True})


def write_secrets(path: Path, *, app_port: int, provider_url: str, editors: list[str]) -> Path:
    """``secrets.toml`` for st.login against the provider at ``provider_url``, redirecting to ``app_port``."""
    listed = ", ".join(f'"{address}"' for address in editors)
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
        'cookie_secret = "een-lang-geheim-voor-de-test-0123456789"\n'
        'client_id = "hotspotkaart"\n'
        'client_secret = "geheim"\n'
        f'server_metadata_url = "{provider_url}/.well-known/openid-configuration"\n'
        "[beheer]\n"
        f"editors = [{listed}]\n",
        encoding="utf-8",
    )
    return path


def open_beheer(page, url: str, timeout: float = FIRST_VIEW_TIMEOUT) -> None:
    page.goto(f"{url}/beheer")
    expect(page.get_by_role("heading", name="Beheer", exact=True)).to_be_visible(timeout=timeout)


def login(page, url: str, user: User) -> None:
    """Log ``user`` in through the provider's page and come back to /beheer."""
    open_beheer(page, url)
    page.get_by_role("button", name="Inloggen").click(timeout=TIMEOUT)
    # The provider's own page: choose the user (a real authorisation code flow follows).
    page.get_by_role("button", name=user.sub, exact=True).click(timeout=TIMEOUT)
    page.wait_for_url(re.compile(re.escape(url)), timeout=TIMEOUT)
    open_beheer(page, url)


def _pick(page, opener, option, timeout: float = TIMEOUT) -> None:
    """Open a drop-down (``opener()``) and click ``option`` in it.

    A rerun can close an open drop-down before its option is clicked (the Beheer map
    reports itself once drawn, which reruns the page), so it is opened again until
    the click lands or ``timeout`` ends.
    """
    deadline = time.monotonic() + timeout / 1000
    while True:
        run_done(page)
        opener()
        try:
            option.click(timeout=5_000)
            return
        except PlaywrightError:
            if time.monotonic() > deadline:
                raise


def choose_hotspot(page, text: str) -> None:
    box = page.get_by_label(SELECT_LABEL)

    def open_list() -> None:
        box.click()
        box.fill(text)

    _pick(page, open_list, page.get_by_role("option", name=re.compile(re.escape(text))).first)


def fill_committed(field, text: str) -> None:
    """Type ``text`` into a text field and commit it (Tab: Streamlit sends a text field's value when it loses
    focus), so a run already under way cannot put the old value back before the next action."""
    field.fill(text)
    field.press("Tab")
    expect(field).to_have_value(text, timeout=TIMEOUT)


def choose_option(page, label: str, option: str) -> None:
    _pick(page, page.get_by_label(label, exact=True).click, page.get_by_role("option", name=option, exact=True))


def leaflet(page, timeout: float = TIMEOUT):
    """The streamlit-folium iframe as a Frame (for ``evaluate`` and ``wait_for_function``), once its map is there."""
    page.locator(MAP_IFRAME).first.wait_for(state="visible", timeout=timeout)
    frame = page.locator(MAP_IFRAME).first.element_handle(timeout=timeout).content_frame()
    assert frame is not None
    frame.wait_for_function("() => !!window.map && typeof window.map.eachLayer === 'function'", timeout=timeout)
    return frame


def wait_in_map(page, expression: str, arg=None, timeout: float = TIMEOUT) -> None:
    """Wait until ``expression`` holds in the page's map frame.

    A rerun may put the map in a new iframe while it is waited on (the old frame is
    detached): then the wait goes on in the new one, within the same ``timeout``.
    """
    deadline = time.monotonic() + timeout / 1000
    while True:
        remaining = (deadline - time.monotonic()) * 1000
        try:
            leaflet(page, max(remaining, 1)).wait_for_function(
                expression, arg=arg, timeout=max(remaining, 1), polling="raf"
            )
            return
        except (PlaywrightError, AssertionError) as error:
            if time.monotonic() >= deadline or not ("detached" in str(error) or isinstance(error, AssertionError)):
                raise


#: In the Beheer map's frame: both rings' latitude (index 0) or longitude (1) is ``value``.
RING_COORDINATE = """([index, value]) => {
    if (!window.map) { return false; }
    const rings = [];
    window.map.eachLayer((l) => { if (l instanceof L.Circle) { rings.push(l.getLatLng()); } });
    return rings.length === 2 && rings.every((c) => Math.abs((index === 0 ? c.lat : c.lng) - value) < 1e-5);
}"""


def type_point(page, lat: float, lon: float, timeout: float = TIMEOUT) -> None:
    """Type the point's coordinates, one at a time, each until the map's rings have moved there.

    A run under way (the other coordinate's) can put a number field's old value back before
    Enter sends the new one; the field is then typed again, within ``timeout``.
    """
    for index, label, value in ((0, "Breedtegraad (N)", lat), (1, "Lengtegraad (O)", lon)):
        field = page.get_by_label(label)
        deadline = time.monotonic() + timeout / 1000
        while True:
            run_done(page)
            field.fill(f"{value:.5f}")
            field.press("Enter")
            try:
                wait_in_map(page, RING_COORDINATE, [index, value], 5_000)
                break
            except PlaywrightError:
                if time.monotonic() > deadline:
                    raise
        expect(field).to_have_value(f"{value:.5f}", timeout=timeout)
