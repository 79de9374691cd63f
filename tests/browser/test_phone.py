"""Real browser, a phone (390x844): the sidebar, the map after a filter change, a shared link's scale, the credit line.

Issue 19, item 7. Map tiles are refused (deterministic offline); nothing
waits a fixed time: every step waits for the state it asserts.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from browser_helpers import MAP_IFRAME, map_frame
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 720}
SHARED = "/?scope=zuid-holland&type=engineering&hotspot=robovalley-fraim&radius=100"
# Streamlit 1.67 marks no state on the sidebar: a collapsed one is moved out of the window.
OPEN = """(open) => { const s = document.querySelector('[data-testid="stSidebar"]'), r = s && s.getBoundingClientRect();
    return !!r && (r.width > 0 && r.right > 1) === open; }"""


def _local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob", "about"} or parts.hostname in {"127.0.0.1", "localhost"}


@pytest.fixture
def device(browser):
    contexts = []

    def open_page(viewport):
        context = browser.new_context(viewport=viewport, locale="nl-NL", timezone_id="Europe/Amsterdam")
        contexts.append(context)
        page = context.new_page()
        page.route("**/*", lambda route: route.continue_() if _local(route.request.url) else route.abort())
        return page

    yield open_page
    for context in contexts:
        context.close()


def leaflet(page):
    map_frame(page)
    frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    frame.wait_for_function("() => window.hk && hk.idle()")
    return frame


def expand_button(page):
    return page.locator('[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapsedControl"] button').first


def test_the_sidebar_opens_on_the_first_tap_right_after_loading(device, streamlit_server):
    page = device(PHONE)
    page.goto(streamlit_server() + "/")
    # tap » as soon as it is there, while the page is still loading
    button = expand_button(page)
    button.wait_for(timeout=30_000)
    button.click()
    page.wait_for_function(OPEN, arg=True)
    # the page finishes loading (map drawn, filters in the sidebar): the sidebar is still open
    leaflet(page)
    expect(page.get_by_role("textbox", name="Zoeken")).to_be_visible(timeout=30_000)
    page.wait_for_function("() => document.readyState === 'complete'")
    assert page.evaluate(OPEN, True), "the sidebar closed again by itself"
    # a filter tapped in the sidebar: the sidebar closes, the map shows the result
    schaal = page.get_by_role("radiogroup", name="Schaal")
    schaal.get_by_role("radio", name=re.compile("^Zuid-Holland")).click()
    expect(page).to_have_url(re.compile(r"scope=zuid-holland"))
    page.wait_for_function(OPEN, arg=False)
    frame = leaflet(page)
    assert frame.evaluate("() => map.getSize().x") > 300


def test_a_shared_link_lands_at_a_desktops_scale_and_the_credit_keeps_to_one_line(device, streamlit_server):
    desktop = device(DESKTOP)
    desktop.goto(streamlit_server() + SHARED)
    desktop_zoom = leaflet(desktop).evaluate("() => map.getZoom()")
    phone = device(PHONE)
    phone.goto(streamlit_server() + SHARED)
    frame = leaflet(phone)
    assert frame.evaluate("() => map.getZoom()") >= desktop_zoom - 0.25
    # the selected hotspot is in the middle of the phone's map
    offset = frame.evaluate(
        """() => { const p = map.latLngToContainerPoint(hk.marker('robovalley-fraim').getLatLng()), s = map.getSize();
                   return Math.max(Math.abs(p.x - s.x / 2) / s.x, Math.abs(p.y - s.y / 2) / s.y); }"""
    )
    assert offset < 0.1
    # the basemap's credit: one line; the open legend is not covered by it
    line = frame.evaluate(
        """() => { const a = document.querySelector('.leaflet-control-attribution');
                   return [a.getBoundingClientRect().height, parseFloat(getComputedStyle(a).lineHeight) || 20]; }"""
    )
    assert line[0] <= line[1] * 1.5 + 4, line
    phone.frame_locator(MAP_IFRAME).get_by_role("button", name="Legenda").click()
    frame.wait_for_function("() => hk.idle()")
    clear = frame.evaluate(
        """() => { const a = document.querySelector('.leaflet-control-attribution').getBoundingClientRect();
                   const l = document.querySelector('.hk-legend-control').getBoundingClientRect();
                   const m = map.getContainer().getBoundingClientRect();
                   return l.bottom <= m.bottom && !(l.left < a.right && a.left < l.right && l.top < a.bottom && a.top < l.bottom); }"""
    )
    assert clear
