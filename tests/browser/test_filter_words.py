"""Real browser: the active filters in words in the title bar, whole at every size (issue 19, item 3).

A shared link opened on a phone shows what the view holds: the sidebar is
hidden there, so the title bar says it, wrapping rather than cut off.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from hotspots.filters import FilterState, describe

SIZES = [(1280, 720), (1366, 768), (1440, 900), (1920, 1080), (820, 1180), (390, 844)]
QUERY = "scope=zuid-holland&type=engineering&phase=opkomst,groei&hotspot=robovalley-fraim&radius=100"
WORDS = "Filters: Zuid-Holland · Engineering · fase Opkomst, Groei"
TIMEOUT_MS = 30_000
# Where to keep screenshots to look at (optional): HK_SCREENSHOTS=/some/dir
SHOTS = os.environ.get("HK_SCREENSHOTS")

# Visible, inside the viewport, not clipped by itself or by any ancestor, no ellipsis.
WHOLE = """(el) => {
    const box = el.getBoundingClientRect();
    const problems = [];
    if (box.width === 0 || box.height === 0) problems.push("no size");
    if (box.left < 0 || box.right > window.innerWidth + 0.5) problems.push(`outside horizontally ${box.left}-${box.right}`);
    if (box.top < 0 || box.bottom > window.innerHeight + 0.5) problems.push(`outside vertically ${box.top}-${box.bottom}`);
    if (el.scrollWidth > el.clientWidth + 1) problems.push("overflows its box");
    for (let node = el; node && node !== document.body; node = node.parentElement) {
        const style = getComputedStyle(node);
        if (style.textOverflow === "ellipsis") problems.push("ellipsis on " + node.className);
        if (node !== el && style.overflow !== "visible") {
            const outer = node.getBoundingClientRect();
            if (box.bottom > outer.bottom + 0.5 || box.right > outer.right + 0.5) problems.push("clipped by " + node.className);
        }
    }
    return problems;
}"""


def test_words_follow_the_filter_table():
    state = FilterState.from_choices(
        {"scope": {"zuid-holland"}, "type": {"engineering"}, "phase": {"opkomst", "groei"}}
    )
    assert "Filters: " + " · ".join(describe(state)) == WORDS


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_title_bar_says_the_filters_whole(browser, streamlit_server, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
    page = context.new_page()
    try:
        pages = ["", "tabel"] if (width, height) in ((390, 844), (1366, 768)) else [""]
        for path in pages:
            page.goto(f"{streamlit_server()}/{path}?{QUERY}")
            words = page.locator(".hk-filters").first
            expect(words).to_have_text(WORDS, timeout=TIMEOUT_MS)
            expect(words).to_be_visible()
            assert words.evaluate(WHOLE) == []
            if path == "":
                # the map starts below the title bar: nothing of it covers the words
                frame = page.locator(".st-key-hk-map iframe").first
                expect(frame).to_be_visible(timeout=TIMEOUT_MS)
                assert frame.bounding_box()["y"] >= words.bounding_box()["y"] + words.bounding_box()["height"] - 0.5
            if SHOTS:
                Path(SHOTS).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(Path(SHOTS) / f"filters-{path or 'kaart'}-{width}x{height}.png"))
    finally:
        context.close()
