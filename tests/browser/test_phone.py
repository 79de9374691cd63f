"""Real browser, a phone (390x844): the sidebar, the map after a filter change, a shared link's scale, the credit line.

Issue 19, item 7. Map tiles are refused (deterministic offline); nothing
waits a fixed time: every step waits for the state it asserts.
"""

from __future__ import annotations

import re

from axe_check import page_violations, report
from browser_helpers import MAP_IFRAME, RUN_DONE, map_frame
from playwright.sync_api import expect

from hotspots.pages import PAGES

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 720}
SHARED = "/?scope=zuid-holland&type=engineering&hotspot=robovalley-fraim&radius=100"
# Streamlit 1.67 marks no state on the sidebar: a collapsed one is moved out of the window.
OPEN = """(open) => { const s = document.querySelector('[data-testid="stSidebar"]'), r = s && s.getBoundingClientRect();
    return !!r && (r.width > 0 && r.right > 1) === open; }"""


def leaflet(page):
    map_frame(page)
    frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    frame.wait_for_function("() => window.hk && hk.idle()")
    return frame


def expand_button(page):
    return page.locator('[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapsedControl"] button').first


def test_the_sidebar_opens_on_the_first_tap_right_after_loading(device, streamlit_server):
    page = device(PHONE)
    # the sidebar's script (static/app/layout.js) arrives only after the tap, as on a slow phone
    held = []
    page.route("**/app/static/app/layout.js*", lambda route: held.append(route))
    with page.expect_request(lambda request: "/app/layout.js" in request.url, timeout=60_000):
        page.goto(streamlit_server() + "/")
        # tap » as soon as it is there, while the page is still loading
        button = expand_button(page)
        button.wait_for(timeout=30_000)
        button.click()
        page.wait_for_function(OPEN, arg=True)
    for _ in range(200):  # the route handler runs once Playwright has taken in the request
        if held:
            break
        page.wait_for_timeout(25)
    assert held, "the sidebar's script was never requested"
    page.unroute("**/app/static/app/layout.js*")
    for route in held:
        route.fallback()
    page.wait_for_function("() => !!(window.hkModules && window.hkModules.sidebar)")
    # the page finishes loading (map drawn, filters in the sidebar): the sidebar is still open
    leaflet(page)
    expect(page.get_by_role("textbox", name="Zoeken")).to_be_visible(timeout=30_000)
    page.wait_for_function("() => document.readyState === 'complete'")
    page.wait_for_function(RUN_DONE)
    assert page.evaluate(OPEN, True), "the sidebar closed again by itself"
    # a filter tapped in the sidebar: the sidebar closes, the map shows the result
    schaal = page.get_by_role("radiogroup", name="Schaal")
    schaal.get_by_role("radio", name=re.compile("^Zuid-Holland")).click()
    expect(page).to_have_url(re.compile(r"scope=zuid-holland"))
    page.wait_for_function(OPEN, arg=False)
    frame = leaflet(page)
    assert frame.evaluate("() => map.getSize().x") > 300
    # later, one tap opens it again, and it stays open
    expand_button(page).click()
    page.wait_for_function(OPEN, arg=True)
    page.wait_for_function(RUN_DONE)
    assert page.evaluate(OPEN, True)
    # a value taken out of a many-value filter (its chip's ×): closed again, the map shows the result
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("button", name="Creatief-urbaan weghalen").click()
    expect(page).to_have_url(re.compile(r"type=engineering"))
    page.wait_for_function(OPEN, arg=False)
    assert leaflet(page).evaluate("() => map.getSize().x") > 300


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


def test_the_pages_are_reachable_from_the_top_bar_without_opening_the_sidebar(device, streamlit_server):
    """Below 768 px Streamlit's page links are in the closed sidebar: the top bar's menu holds every page."""
    page = device(PHONE)
    page.goto(streamlit_server() + "/?scope=zuid-holland")
    leaflet(page)
    menu = page.get_by_role("navigation", name="Paginamenu")
    button = menu.get_by_role("button", name="Pagina’s")
    expect(button).to_be_visible(timeout=30_000)
    box = button.bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"] and box["height"] >= 44
    assert page.evaluate(OPEN, False), "the sidebar is open"
    # by keyboard: the button opens the list of every page, the current one marked
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    links = menu.get_by_role("link")
    expect(links).to_have_text([spec.title for spec in PAGES])
    expect(menu.locator('a[aria-current="page"]')).to_have_text("Kaart")
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(links.first).to_be_hidden()
    page.keyboard.press("Enter")
    tabel = menu.get_by_role("link", name="Tabel & export")
    tabel.focus()
    page.keyboard.press("Enter")
    # the table of the same view, the sidebar still closed, the menu says where we are
    expect(page).to_have_url(re.compile(r"/tabel\?(.*&)?scope=zuid-holland"))
    expect(page.get_by_role("heading", name="Tabel & export", level=1)).to_be_visible(timeout=30_000)
    expect(page.get_by_text("13 hotspots in de tabel")).to_be_visible(timeout=30_000)
    assert page.evaluate(OPEN, False), "the sidebar opened"
    button.click()
    expect(menu.locator('a[aria-current="page"]')).to_have_text("Tabel & export")
    page.wait_for_function(RUN_DONE)
    violations = page_violations(page)  # the open menu too (WCAG 2.1 A/AA)
    assert not violations, report(violations)
    # the presentation page has no sidebar at all: the menu leads back to the map
    menu.get_by_role("link", name="Presentatie").click()
    expect(page.get_by_role("heading", name="Presentaties", level=1)).to_be_visible(timeout=30_000)
    expect(button).to_be_visible()
    button.click()
    menu.get_by_role("link", name="Kaart").click()
    expect(page).to_have_url(re.compile(r"/\?(.*&)?scope=zuid-holland"))
    frame = leaflet(page)
    assert frame.evaluate("() => map.getSize().x") > 300


def test_a_wide_window_keeps_streamlits_own_page_links(device, streamlit_server):
    for viewport in (DESKTOP, {"width": 820, "height": 1180}):
        page = device(viewport)
        page.goto(streamlit_server() + "/")
        expect(page.get_by_test_id("stTopNavLink").first).to_be_visible(timeout=30_000)
        expect(page.locator(".hk-pagenav")).to_be_hidden()


def test_the_partner_lines_legend_is_folded_on_a_phone(device, streamlit_server):
    """Samenwerking: the lines' legend would cover a third of a phone's map; folded there, open on a laptop."""
    folded = {}
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = device(viewport)
        page.goto(streamlit_server() + "/samenwerking?scope=zuid-holland")
        frame = leaflet(page)
        legend = page.frame_locator(MAP_IFRAME).locator(".hk-links-legend")
        expect(legend).to_contain_text("Kansrijke partners", timeout=30_000)
        folded[name] = frame.evaluate(
            """() => { const d = document.querySelector('.hk-links-legend details');
                       const l = d.getBoundingClientRect(), m = map.getContainer().getBoundingClientRect();
                       return [!d.open, l.height / m.height]; }"""
        )
    assert folded["phone"][0] and folded["phone"][1] < 0.1, folded
    assert not folded["desktop"][0], folded
    # the user may fold it (and open it again)
    legend.get_by_text("Kansrijke partners").click()
    assert frame.evaluate("() => document.querySelector('.hk-links-legend details').open") is False
