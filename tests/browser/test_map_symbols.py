"""Real browser: a hotspot's type reads without colour (WCAG 1.4.1) on the map and in its legend.

Every marker at the default view shows its type's letter (C, E, W; two for a
hotspot with two types) inside its shape, large enough to read; the legend
shows the same letters beside the types' names. The colours' contrast is
computed in tests/test_symbols.py.
"""

from __future__ import annotations

import pytest
from browser_helpers import map_frame
from playwright.sync_api import expect

from hotspots.io import DEFAULT_DATA_PATH, load_hotspots
from hotspots.model import TYPES
from hotspots.symbols import TYPE_LETTERS, type_letters

LOAD_MS = 30_000

# Each rendered marker: its hotspot, its letters, and whether each letter lies inside the shape.
MARKER_LETTERS = """() => [...document.querySelectorAll(".hk-marker svg[data-hotspot]")].map((svg) => {
    const body = [...svg.children].filter((e) => ["circle", "rect", "polygon"].includes(e.tagName)).pop();
    const box = body.getBoundingClientRect();
    return {
        id: svg.getAttribute("data-hotspot"),
        letters: [...svg.querySelectorAll("text")].map((t) => {
            const r = t.getBoundingClientRect();
            return {text: t.textContent, height: r.height, width: r.width,
                    inside: r.left >= box.left - 1 && r.right <= box.right + 1 &&
                            r.top >= box.top - 1 && r.bottom <= box.bottom + 1,
                    size: parseFloat(getComputedStyle(t).fontSize) * svg.getScreenCTM().a};
        }),
    };
})"""


@pytest.fixture(scope="module")
def shipped():
    return load_hotspots(DEFAULT_DATA_PATH).frame


def open_map(page, url):
    page.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
    page.goto(url)
    locator = map_frame(page, timeout_ms=90_000)  # a server's first run imports and caches a lot
    frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    frame.wait_for_function("() => window.hk && hk.idle()", timeout=LOAD_MS)
    return locator, frame


@pytest.mark.parametrize("query", ["", "?scope=zuid-holland"])
def test_every_marker_shows_its_types_letter(page, streamlit_server, shipped, query):
    page.set_viewport_size({"width": 1366, "height": 768})
    _, frame = open_map(page, f"{streamlit_server()}/{query}")
    markers = frame.evaluate(MARKER_LETTERS)
    types = shipped.set_index("id")["types"]
    assert len(markers) >= 10  # the markers drawn one by one (the rest sit in groups)
    for marker in markers:
        assert "".join(x["text"] for x in marker["letters"]) == type_letters(types[marker["id"]]), marker["id"]
        for letter in marker["letters"]:
            assert letter["inside"], marker  # drawn within the shape's outline
            assert letter["width"] > 3 and letter["height"] > 5, marker  # rendered, not collapsed
            assert letter["size"] >= 7, marker  # CSS pixels on the screen
    shown = {x["text"] for m in markers for x in m["letters"]}
    assert shown == set(TYPE_LETTERS.values())  # every type is on the map at the default view


def test_the_legend_shows_each_types_letter(page, streamlit_server):
    page.set_viewport_size({"width": 1366, "height": 768})
    locator, _ = open_map(page, streamlit_server())
    toggle = locator.get_by_role("button", name="Legenda")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    legend = locator.get_by_role("region", name="Legenda")
    expect(legend).to_be_visible(timeout=LOAD_MS)
    expect(legend.get_by_role("heading", name="Type (kleur en letter)")).to_be_visible()
    for slug, term in TYPES.items():
        row = legend.locator(".hk-row", has_text=term.label)
        expect(row.locator("svg text")).to_have_text(TYPE_LETTERS[slug])
        assert row.locator("svg text").bounding_box()["height"] > 5
    two = legend.locator(".hk-row", has_text="Twee typen")
    expect(two.locator("svg text")).to_have_count(2)
