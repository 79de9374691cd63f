"""Real browser: headings in order (WCAG 1.3.1, 2.4.6) and the map's frame named for people (2.4.1, 4.1.2).

Headings are read as a screen reader meets them: in document order, the
map's iframe read where it stands (its legend and popup headings included),
hidden ones left out. Each page has exactly one h1, it comes first (before
the sidebar's content, which precedes the page in the document), and no
level is skipped on the way down.
"""

from __future__ import annotations

import pytest
from browser_helpers import MAP_IFRAME, map_frame, run_done
from playwright.sync_api import expect

from hotspots.pages import PAGES

LOAD_MS = 30_000
DECK = "hotspots-zuid-holland"
MAP_NAME = "Kaart van de hotspots"

#: The headings a screen reader meets, in order: [level, text]; an iframe's own headings where it stands.
HEADINGS = """() => {
    const out = [];
    const shown = (e, win) => {
        const s = win.getComputedStyle(e);
        return s.visibility !== "hidden" && !e.closest("[hidden], [aria-hidden='true']") && e.getClientRects().length > 0;
    };
    const walk = (doc, win) => {
        for (const e of doc.querySelectorAll("h1, h2, h3, h4, h5, h6, [role='heading'], iframe")) {
            if (!shown(e, win)) { continue; }
            if (e.tagName === "IFRAME") {
                if (e.contentDocument) { walk(e.contentDocument, e.contentWindow); }
                continue;
            }
            const level = e.getAttribute("aria-level") || e.tagName.slice(1);
            out.push([Number(level), e.textContent.trim().slice(0, 60)]);
        }
    };
    walk(document, window);
    return out;
}"""


def _leaflet(page):
    return next(f for f in page.frames if "streamlit_folium" in f.url)


def _ready(page, path: str, has_map: bool) -> None:
    # a presentation's h1 is its scene's title, in the map's frame
    where = page.frame_locator(MAP_IFRAME) if path.startswith("/presentatie?") else page
    expect(where.locator("h1").first).to_be_visible(timeout=LOAD_MS)
    run_done(page, LOAD_MS)
    if has_map:
        map_frame(page)
        _leaflet(page).wait_for_function("() => window.hk && (hk.presentationIdle ? hk.presentationIdle() : hk.idle())")


#: (path, has a map): every page, the map with a selection (details, reach, partners) and a presentation's scene.
CASES = [(f"/{p.url_path}", p.url_path in {"", "samenwerking"}) for p in PAGES] + [
    ("/?hotspot=robovalley-fraim", True),
    ("/samenwerking?hotspot=robovalley-fraim", True),
    (f"/presentatie?presentatie={DECK}&stap=2", True),
]


def assert_in_order(headings: list[list], where: str) -> None:
    levels = [level for level, _ in headings]
    assert levels, f"no headings on {where}"
    assert levels[0] == 1, f"the first heading on {where} is not the h1: {headings}"
    assert levels.count(1) == 1, f"more than one h1 on {where}: {headings}"
    for (before, _), (level, text) in zip(headings, headings[1:], strict=False):
        assert level <= before + 1, f"{where}: '{text}' (h{level}) follows an h{before}: {headings}"


@pytest.mark.parametrize(("path", "has_map"), CASES, ids=[c[0] for c in CASES])
def test_one_h1_first_and_no_level_skipped(page, streamlit_server, path, has_map):
    page.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
    page.goto(streamlit_server() + path)
    _ready(page, path, has_map)
    headings = page.evaluate(HEADINGS)
    assert_in_order(headings, path)
    if path.startswith("/?hotspot"):
        # the details panel's sections sit under the page's h1; the popup and legend in the map too
        assert [2, "RoboValley / FRAIM"] in headings and [2, "Kansrijke partners"] in headings, headings
    sidebar = page.locator('[data-testid="stSidebar"]')
    if path in {"/", "/tabel", "/samenwerking", "/over"}:
        # the sidebar's count is still its bold headline, but no heading before the h1
        expect(sidebar.locator(".st-key-hk-count")).to_contain_text(" hotspots")
        assert sidebar.locator("h1, h2, h3, h4, h5, h6").count() == 0


def test_the_popup_and_legend_headings_follow_the_h1(page, streamlit_server):
    page.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
    page.goto(streamlit_server() + "/?hotspot=wetsus")
    _ready(page, "/", True)
    frame = page.frame_locator(MAP_IFRAME).first
    frame.locator('.hk-marker:has(svg[data-hotspot="wetsus"])').click()
    expect(frame.locator(".leaflet-popup-content h2")).to_have_text("Wetsus")
    run_done(page, LOAD_MS)
    headings = page.evaluate(HEADINGS)
    assert_in_order(headings, "the map with its popup")
    assert [2, "Type (kleur en letter)"] in headings  # the legend, open on a wide screen


@pytest.mark.parametrize("path", ["/", "/samenwerking", f"/presentatie?presentatie={DECK}&stap=1"])
def test_the_map_frame_has_a_dutch_title(page, streamlit_server, path):
    page.goto(streamlit_server() + path)
    map_frame(page)
    frame = page.locator(MAP_IFRAME)
    expect(frame).to_have_attribute("title", MAP_NAME)
    expect(frame).to_have_attribute("aria-label", MAP_NAME)
    # no frame keeps Streamlit's technical name
    assert page.locator('iframe[title^="streamlit"]').count() == 0
    expect(page.get_by_title(MAP_NAME, exact=True)).to_have_count(1)
    if path == "/":  # and a rerun (a hotspot selected on the map) leaves it so
        page.frame_locator(MAP_IFRAME).locator('.hk-marker:has(svg[data-hotspot="wetsus"])').click()
        expect(page.get_by_role("heading", name="Wetsus", exact=True)).to_be_visible(timeout=LOAD_MS)
        run_done(page, LOAD_MS)
        expect(frame).to_have_attribute("title", MAP_NAME)
