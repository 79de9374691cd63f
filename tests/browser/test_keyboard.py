"""Real browser: the map by keyboard. Enter or Space on a focused marker selects it as a click does; Escape closes
the popup, also while the marker has the focus.

Nothing waits a fixed time: every step waits for the page or for ``hk.idle()`` (mapview.js).
"""

from __future__ import annotations

import re

import pytest
from browser_helpers import MAP_IFRAME, map_frame
from playwright.sync_api import expect

# The element that has the focus in the map's frame: its hotspot id, or its kind.
FOCUSED = """() => {
    const e = document.activeElement;
    const svg = e && e.querySelector && e.querySelector("svg[data-hotspot]");
    return svg ? svg.dataset.hotspot : (e && e.classList.contains("hk-group") ? "group" : (e && e.tagName));
}"""
# A hotspot that is part of a group marker in the current view, or null.
GROUPED = """() => {
    const m = hk.group().getLayers().find((m) => hk.group().getVisibleParent(m) !== m);
    return m ? m.feature.properties.id : null;
}"""


def leaflet(page):
    return next(f for f in page.frames if "streamlit_folium" in f.url)


@pytest.fixture
def opened(page, streamlit_server):
    """The map page with its map settled and the sidebar's widgets drawn: (page, frame locator, frame)."""
    page.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
    page.goto(streamlit_server())
    locator = map_frame(page)
    frame = leaflet(page)
    frame.wait_for_function("() => window.hk && hk.idle()")
    expect(page.get_by_role("textbox", name="Zoeken")).to_be_attached(timeout=20_000)
    frame.wait_for_function("() => hk.idle()")
    return page, locator, frame


def marker(locator, hotspot_id):
    """The focusable marker element (Leaflet's icon div) of a hotspot."""
    return locator.locator(f'.hk-marker:has(svg[data-hotspot="{hotspot_id}"])')


def expect_selected(page, locator, frame, hotspot_id, name):
    expect(page).to_have_url(re.compile(rf"[?&]hotspot={re.escape(hotspot_id)}(&|$)"))
    expect(page.locator('[data-testid="stMain"]').get_by_role("heading", name=name, exact=True)).to_be_visible()
    expect(locator.locator(f'.hk-geselecteerd svg[data-hotspot="{hotspot_id}"]')).to_have_count(1)
    frame.wait_for_function("() => hk.idle()")


def test_tab_reaches_the_markers(opened):
    page, locator, frame = opened
    locator.locator(".leaflet-container").focus()
    page.keyboard.press("Tab")
    ids = frame.evaluate("() => hk.group().getLayers().map((m) => m.feature.properties.id)")
    assert frame.evaluate(FOCUSED) in {*ids, "group"}, "Tab from the map goes to a marker or a group marker"


def test_enter_selects_and_escape_closes_the_popup(opened):
    page, locator, frame = opened
    marker(locator, "wetsus").focus()
    page.keyboard.press("Enter")
    expect_selected(page, locator, frame, "wetsus", "Wetsus")
    # as a click: the popup opened, and it stays after the markers were redrawn
    expect(locator.locator(".leaflet-popup")).to_have_count(1)
    expect(locator.locator(".leaflet-popup-content h2")).to_have_text("Wetsus")
    # the redrawn marker has the focus again: Escape on it closes the popup, the selection stays
    frame.wait_for_function(f"() => ({FOCUSED})() === 'wetsus'")
    page.keyboard.press("Escape")
    expect(locator.locator(".leaflet-popup")).to_have_count(0)
    assert frame.evaluate(FOCUSED) == "wetsus"
    expect(page).to_have_url(re.compile(r"hotspot=wetsus"))


def test_space_selects_a_marker_and_a_spread_out_one(opened):
    page, locator, frame = opened
    marker(locator, "chemelot").focus()
    page.keyboard.press(" ")
    expect_selected(page, locator, frame, "chemelot", "Chemelot")
    # Space on a group marker spreads it out; Space on a spread-out marker selects that hotspot
    # (reported at the hotspot's own position, not where the marker was spread to)
    grouped = frame.evaluate(GROUPED)
    assert grouped, "the default view has a group marker"
    frame.evaluate(f"() => hk.group().getVisibleParent(hk.marker({grouped!r})).getElement().focus()")
    assert frame.evaluate(FOCUSED) == "group"
    page.keyboard.press(" ")
    spread = "(id) => hk.idle() && hk.group().getVisibleParent(hk.marker(id)) === hk.marker(id)"
    frame.wait_for_function(spread, arg=grouped)
    name = frame.evaluate(f"() => hk.marker({grouped!r}).hk.name")
    marker(locator, grouped).focus()
    page.keyboard.press(" ")
    expect_selected(page, locator, frame, grouped, name)


def test_the_map_frame_keeps_its_place_in_the_page(opened):
    page, _, _ = opened
    # Enter on a marker must not scroll the page (the map stays where the presenter left it)
    marker(page.frame_locator(MAP_IFRAME).first, "wetsus").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"hotspot=wetsus"))
    assert page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTop") == 0


def test_leaflet_controls_have_dutch_names(page, streamlit_server):
    page.goto(streamlit_server())
    frame = map_frame(page)
    expect(frame.locator(".leaflet-control-zoom-in")).to_have_attribute("title", "Inzoomen")
    expect(frame.locator(".leaflet-control-zoom-out")).to_have_attribute("title", "Uitzoomen")
    expect(frame.locator(".leaflet-control-layers-toggle")).to_have_attribute("title", "Achtergrondkaart kiezen")
