"""Real browser: reflow (WCAG 1.4.10) and text spacing (1.4.12).

At 320 CSS px wide and at 200 % zoom of a 1280x720 screen (640x360 CSS px)
no page scrolls sideways and its title (the title bar with the filters in
words, or the page's h1) is whole; with the text spacing of WCAG's
bookmarklet (line height 1.5, paragraphs 2em apart, letters 0.12em, words
0.16em) nothing in it is cut off. A presentation's caption with its ‹ ›
buttons is checked at 640x360, 320x256 and 320x568: it never needs sideways
scrolling, the title is never under the buttons, and a caption taller than
its room scrolls up and down, a tab stop the arrow keys scroll.
"""

from __future__ import annotations

import pytest
from browser_helpers import map_frame, run_done
from playwright.sync_api import expect

from hotspots.pages import PAGES

LOAD_MS = 30_000
DECK = "hotspots-zuid-holland"
#: WCAG's text-spacing bookmarklet (Steve Faulkner), as a style sheet.
TEXT_SPACING = (
    "* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }"
    " p { margin-bottom: 2em !important; }"
)

#: What does not fit: the page's sideways overflow, and each element of the title that is cut off or sticks out.
TITLE_FITS = """() => {
    const problems = [];
    const de = document.documentElement, main = document.querySelector('[data-testid="stMain"]');
    if (de.scrollWidth > de.clientWidth + 1) { problems.push(`page ${de.scrollWidth} > ${de.clientWidth}`); }
    if (main && main.scrollWidth > main.clientWidth + 1) { problems.push(`main ${main.scrollWidth} > ${main.clientWidth}`); }
    const bar = document.querySelector(".hk-titlebar") || document.querySelector('[data-testid="stMain"] h1');
    if (!bar) { return ["no title"]; }
    for (const e of [bar, ...bar.querySelectorAll("*")]) {
        if (e.closest(".hk-skip, .hk-visually-hidden")) { continue; }  // out of sight until focused
        const r = e.getBoundingClientRect(), s = getComputedStyle(e);
        if (r.width === 0 && r.height === 0) { continue; }
        const what = e.tagName + " " + (e.textContent || "").trim().slice(0, 30);
        if (r.left < -1 || r.right > window.innerWidth + 1) { problems.push(`${what}: ${r.left}-${r.right} outside the window`); }
        if (s.display !== "inline" && e.scrollWidth > e.clientWidth + 1) { problems.push(`${what}: ${e.scrollWidth} wide in ${e.clientWidth}`); }
        if (s.overflowY !== "visible" && e.scrollHeight > e.clientHeight + 1) { problems.push(`${what}: ${e.scrollHeight} tall in ${e.clientHeight}`); }
        if (s.textOverflow === "ellipsis" && s.overflowX !== "visible" && e.scrollWidth > e.clientWidth) { problems.push(`${what}: ellipsis`); }
    }
    return problems;
}"""
#: The map's iframe starts below the title bar (titlebar.js follows its height).
MAP_BELOW_TITLE = """() => {
    const bar = document.querySelector(".hk-titlebar"), map = document.querySelector('.st-key-hk-map iframe');
    return !bar || !map || map.getBoundingClientRect().top >= bar.getBoundingClientRect().bottom - 1;
}"""
PAGE_SIZES = [(320, 568), (640, 360)]


@pytest.mark.parametrize("size", PAGE_SIZES, ids=[f"{w}x{h}" for w, h in PAGE_SIZES])
@pytest.mark.parametrize("path", [f"/{p.url_path}" for p in PAGES], ids=[p.url_path or "kaart" for p in PAGES])
def test_no_sideways_scrolling_and_a_whole_title(page, streamlit_server, path, size):
    width, height = size
    page.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
    page.set_viewport_size({"width": width, "height": height})
    page.goto(streamlit_server() + path)
    if path == "/presentatie":
        expect(page.get_by_role("heading", name="Presentaties", level=1)).to_be_visible(timeout=LOAD_MS)
    else:
        expect(page.locator('[data-testid="stMain"] h1').first).to_be_visible(timeout=LOAD_MS)
    if path in {"/", "/samenwerking"}:
        map_frame(page)
    run_done(page, LOAD_MS)
    assert page.evaluate(TITLE_FITS) == []
    page.add_style_tag(content=TEXT_SPACING)
    assert page.evaluate(TITLE_FITS) == [], "with WCAG's text spacing"
    page.wait_for_function(MAP_BELOW_TITLE)


#: The caption's measures: everything a reader needs is in the window, nothing sideways, the title clear of ‹ ›.
CAPTION = """() => {
    const rect = (e) => e.getBoundingClientRect();
    const caption = document.querySelector(".hk-caption"), text = document.querySelector(".hk-caption-text");
    const title = document.querySelector(".hk-caption-title"), nav = document.querySelector(".hk-caption-nav");
    const t = rect(title), n = rect(nav), c = rect(caption), x = rect(text);
    const overlap = !(t.right <= n.left || n.right <= t.left || t.bottom <= n.top || n.bottom <= t.top);
    return {
        sideways: [caption, text, title, nav].filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.className),
        navInside: n.left >= 0 && n.right <= innerWidth + 1 && n.top >= 0 && n.bottom <= c.bottom + 1,
        buttons: [...nav.querySelectorAll("button")].every((b) => { const r = rect(b); return r.left >= 0 && r.right <= innerWidth + 1 && r.bottom <= c.bottom + 1 && r.width > 20; }),
        overlap: overlap,
        titleShown: t.top >= x.top - 1 && t.top < x.bottom && t.width > 0,
        overflows: text.scrollHeight > text.clientHeight + 1,
        scrolls: getComputedStyle(text).overflowY === "auto",
        tabStop: text.getAttribute("tabindex") === "0",
        mapBelow: document.getElementById("map_div").getBoundingClientRect().top >= c.bottom - 1,
        mapHeight: document.getElementById("map_div").getBoundingClientRect().height,
    };
}"""
CAPTION_SIZES = [(640, 360, False), (320, 256, False), (320, 568, False), (640, 360, True), (320, 256, True)]


@pytest.mark.parametrize(
    ("width", "height", "spacing"),
    CAPTION_SIZES,
    ids=[f"{w}x{h}{'-text-spacing' if s else ''}" for w, h, s in CAPTION_SIZES],
)
def test_the_presentation_caption_reflows(page, streamlit_server, width, height, spacing):
    page.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{streamlit_server()}/presentatie?presentatie={DECK}&stap=1")
    map_frame(page)
    frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    frame.wait_for_function(
        "() => window.hk && hk.presentationIdle && hk.presentationIdle() && hk.presentationStep() === 1"
    )
    if spacing:  # as the bookmarklet does: on the page as it is
        frame.add_style_tag(content=TEXT_SPACING)
        assert frame.evaluate("() => getComputedStyle(document.body).letterSpacing") != "normal"
        frame.wait_for_function(
            "() => { const t = document.querySelector('.hk-caption-text');"
            " return (t.scrollHeight > t.clientHeight + 1) === (t.getAttribute('tabindex') === '0'); }"
        )
    measured = frame.evaluate(CAPTION)
    assert measured["sideways"] == [], measured
    assert measured["navInside"] and measured["buttons"], measured
    assert not measured["overlap"], f"the title is under the ‹ › buttons: {measured}"
    assert measured["titleShown"], measured
    assert measured["mapBelow"] and measured["mapHeight"] >= height * 0.45, measured
    if measured["overflows"]:
        # too long for the room: it scrolls up and down, and the keyboard can do that
        assert measured["scrolls"] and measured["tabStop"], measured
        text = page.frame_locator("iframe[src*='streamlit_folium']").locator(".hk-caption-text")
        for _ in range(30):
            page.keyboard.press("Tab")
            if frame.evaluate("() => document.activeElement === document.querySelector('.hk-caption-text')"):
                break
        expect(text).to_be_focused()
        frame.evaluate(
            "() => { const t = document.querySelector('.hk-caption-text');"
            " window.hkScrolled = new Promise((done) => t.addEventListener('scrollend', done, {once: true})); }"
        )
        page.keyboard.press("ArrowDown")
        frame.evaluate("() => window.hkScrolled")  # the (smooth) scroll has ended
        assert frame.evaluate("() => document.querySelector('.hk-caption-text').scrollTop") > 0
        assert frame.evaluate("() => hk.presentationStep()") == 1, "ArrowDown scrolls, it does not step"
        # the next scene starts at its top
        page.keyboard.press("ArrowRight")
        frame.wait_for_function("() => hk.presentationIdle() && hk.presentationStep() === 2")
        assert frame.evaluate("() => document.querySelector('.hk-caption-text').scrollTop") == 0
