# ruff: noqa: F811  (the fixtures imported from test_presentatie are parameters here)
"""Real browser: no key derails a presentation (issue 20, items 4 and 5's legend).

Every presentation key steps whatever was clicked last; Streamlit's "r" and
"c" do nothing; tabbing through the markers keeps the scene's framing, and
"B" brings it back after the map was moved; the legend starts closed and
"L" opens it.
"""

from __future__ import annotations

import re

from browser_helpers import MAP_IFRAME, map_frame
from playwright.sync_api import expect
from test_presentatie import AT_STEP, DECK, counter, folium_frame, present, scenes  # noqa: F401 (fixtures)

CENTER = "() => { const c = window.map.getCenter(); return [c.lat, c.lng, window.map.getZoom()]; }"


def close_to(a, b, tolerance=1e-6):
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def test_r_and_c_do_not_rerun_or_reset_the_address(page, present):
    frame = present(1)
    page.keyboard.press("PageDown")
    frame.wait_for_function(AT_STEP, arg=2)
    page.keyboard.press("PageDown")
    frame.wait_for_function(AT_STEP, arg=3)
    # a listener of the page's own (as Streamlit's shortcuts are): the keys must not reach it
    page.evaluate(
        "() => { window.__hkReached = []; window.addEventListener('keydown', (e) => window.__hkReached.push(e.key)); }"
    )
    for key in ("r", "c", "R"):
        page.keyboard.press(key)
    page.keyboard.press("Shift+A")  # a key that is not the presentation's reaches the page: the probe works
    page.wait_for_function("() => window.__hkReached.length > 0")
    assert page.evaluate("() => window.__hkReached") == ["Shift", "A"]
    expect(page).to_have_url(re.compile(r"stap=3$"))
    expect(counter(page)).to_have_text("Stap 3 van 10")
    page.reload()
    map_frame(page)
    folium_frame(page).wait_for_function(AT_STEP, arg=3)


def test_keys_step_after_the_names_checkbox_was_clicked(page, present):
    frame = present(1)
    names = page.frame_locator(MAP_IFRAME).get_by_label("Namen op de kaart")
    before = names.is_checked()
    names.click()
    expect(names).to_be_checked(checked=not before)
    page.keyboard.press("Space")
    frame.wait_for_function(AT_STEP, arg=2)
    expect(names).to_be_checked(checked=not before)  # Space stepped; it did not toggle the checkbox
    page.keyboard.press("PageDown")
    frame.wait_for_function(AT_STEP, arg=3)
    page.keyboard.press("ArrowRight")
    frame.wait_for_function(AT_STEP, arg=4)
    page.keyboard.press("PageUp")
    frame.wait_for_function(AT_STEP, arg=3)
    expect(page).to_have_url(re.compile(r"stap=3$"))


def test_tabbing_through_markers_keeps_the_framing_and_b_brings_it_back(page, present):
    frame = present(3)
    framing = frame.evaluate(CENTER)
    markers = frame.locator(".leaflet-marker-icon[tabindex='0']")
    assert markers.count() > 3
    markers.first.focus()
    for _ in range(22):
        page.keyboard.press("Tab")
    frame.wait_for_function(AT_STEP, arg=3)
    assert close_to(frame.evaluate(CENTER), framing), "tabbing did not pan the scene away"
    # moved by hand (a drag, a zoom): B brings the scene's framing back
    frame.evaluate("() => window.map.setView([50.9, 5.9], 10, {animate: false})")
    assert not close_to(frame.evaluate(CENTER), framing)
    page.keyboard.press("b")
    frame.wait_for_function(AT_STEP, arg=3)
    assert close_to(frame.evaluate(CENTER), framing, 0.01)  # the same framing, to a few pixels
    expect(page).to_have_url(re.compile(rf"presentatie={DECK}&stap=3$"))


def test_the_legend_starts_closed_and_l_opens_it(page, present):
    for size in ({"width": 1920, "height": 1080}, {"width": 1280, "height": 720}):
        frame = present(1)
        page.set_viewport_size(size)
        frame.wait_for_function(f"() => window.map.getSize().x > {size['width'] - 50}")
        toggle = page.frame_locator(MAP_IFRAME).locator(".hk-legend-toggle")
        expect(toggle).to_have_attribute("aria-expanded", "false")
        assert frame.evaluate("() => document.querySelector('.hk-legend-panel').hidden")
    page.keyboard.press("l")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    assert not frame.evaluate("() => document.querySelector('.hk-legend-panel').hidden")
    page.keyboard.press("l")
    expect(toggle).to_have_attribute("aria-expanded", "false")
