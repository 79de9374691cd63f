# ruff: noqa: F811  (the fixtures imported from test_beheer are parameters here)
"""Real browser: no WCAG 2.1 A/AA violation axe-core can find, in the page and in the map's iframe.

axe-core (tests/browser/vendor/axe-core) is injected into the page and into
every frame (the map is in streamlit-folium's iframe) and run with the rules
tagged wcag2a, wcag2aa, wcag21a and wcag21aa; any violation, of any impact,
fails. To check a new page, add its state to :data:`STATES`.
"""

from __future__ import annotations

import pytest
from axe_check import page_violations, report
from browser_helpers import MAP_IFRAME, map_frame
from playwright.sync_api import expect
from test_beheer import EDITOR, beheer_app, choose_hotspot, login, oidc_url, open_beheer  # noqa: F401 (fixtures)

DECK = "hotspots-zuid-holland"
HOTSPOT = "robovalley-fraim"
LOAD_MS = 30_000

# The Streamlit run has ended (the page's elements are there) and the styles apply.
RUN_DONE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const state = app && app.getAttribute("data-test-script-state");
    // and the app's stylesheets (ui/assets.stylesheet links them) are applied
    const styled = [...document.querySelectorAll('link[rel="stylesheet"]')].every((l) => l.sheet !== null);
    return state !== null && state !== "initial" && state !== "running" && styled;
}"""


def _leaflet(page):
    return next(f for f in page.frames if "streamlit_folium" in f.url)


def _map_idle(page) -> None:
    map_frame(page)
    _leaflet(page).wait_for_function("() => window.hk && (hk.presentationIdle ? hk.presentationIdle() : hk.idle())")


def _map_page(page) -> None:
    """The map page is ready once its map settled and the sidebar drew its widgets."""
    _map_idle(page)
    expect(page.get_by_role("textbox", name="Zoeken")).to_be_attached(timeout=LOAD_MS)
    page.wait_for_function(RUN_DONE)
    _map_idle(page)


def _popup(page) -> None:
    _map_page(page)
    frame = page.frame_locator(MAP_IFRAME).first
    frame.locator(f'.hk-marker:has(svg[data-hotspot="{HOTSPOT}"])').first.click()
    expect(frame.locator(".leaflet-popup")).to_have_count(1, timeout=LOAD_MS)
    page.wait_for_function(RUN_DONE)
    _map_idle(page)


def _sources(page) -> None:
    _map_page(page)
    page.locator('[data-testid="stMain"]').get_by_text("Bronnen", exact=True).click()
    expect(page.locator('[data-testid="stMain"] details[open]')).to_have_count(1)


def _samenwerking(page) -> None:
    _map_page(page)


def _plain(page) -> None:
    page.wait_for_function(RUN_DONE, timeout=LOAD_MS)
    expect(page.locator('[data-testid="stMain"] h1').first).to_be_visible(timeout=LOAD_MS)
    page.wait_for_function(RUN_DONE)


def _presentation(page) -> None:
    _map_idle(page)
    page.wait_for_function(RUN_DONE)


#: (name, path, wait for the state to check)
STATES = [
    ("kaart", "/", _map_page),
    ("kaart-zuid-holland", "/?scope=zuid-holland", _map_page),
    ("kaart-selectie", f"/?hotspot={HOTSPOT}", _map_page),
    ("kaart-popup", f"/?hotspot={HOTSPOT}", _popup),
    ("kaart-bronnen", f"/?hotspot={HOTSPOT}", _sources),
    ("tabel", "/tabel", _plain),
    ("samenwerking", "/samenwerking", _samenwerking),
    ("samenwerking-selectie", f"/samenwerking?hotspot={HOTSPOT}", _samenwerking),
    ("over", "/over", _plain),
    ("toegankelijkheid", "/toegankelijkheid", _plain),
    ("beheer-uitgelogd", "/beheer", _plain),
    ("presentatie-lijst", "/presentatie", _plain),
    ("presentatie-stap-1", f"/presentatie?presentatie={DECK}&stap=1", _presentation),
    ("presentatie-stap-3", f"/presentatie?presentatie={DECK}&stap=3", _presentation),
]


@pytest.mark.parametrize(("path", "ready"), [(path, ready) for _, path, ready in STATES], ids=[s[0] for s in STATES])
def test_no_axe_violations(page, network, streamlit_server, path, ready):
    network.block_external()  # no map tiles: the same page every time
    page.goto(streamlit_server() + path)
    ready(page)
    violations = page_violations(page)
    assert not violations, f"{len(violations)} axe violations on {path}:\n{report(violations)}"


def test_no_axe_violations_on_beheer(page, beheer_app):
    """Beheer with a real login (tests/browser/test_beheer.py's OIDC mock): logged out, and an editor at work."""
    url, _ = beheer_app
    open_beheer(page, url)
    expect(page.get_by_role("button", name="Inloggen")).to_be_visible(timeout=LOAD_MS)
    page.wait_for_function(RUN_DONE)
    violations = page_violations(page)
    assert not violations, f"{len(violations)} axe violations on /beheer, logged out:\n{report(violations)}"
    login(page, url, EDITOR)
    expect(page.get_by_text("Ingelogd als")).to_contain_text("Anne de Vries", timeout=LOAD_MS)
    choose_hotspot(page, "NL Space Campus")
    expect(page.get_by_role("heading", name="NL Space Campus")).to_be_visible(timeout=LOAD_MS)
    page.wait_for_function(RUN_DONE)
    map_frame(page)
    violations = page_violations(page)
    assert not violations, f"{len(violations)} axe violations on /beheer, an editor:\n{report(violations)}"
