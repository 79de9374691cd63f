"""Real browser: the WCAG 2.1 AA criteria axe cannot judge on its own, checked where a machine can.

Language (3.1.1), page titles (2.4.2), the map frame's name (4.1.2), the
live region (4.1.3), markers named with type, phase and state (1.1.1,
4.1.2), visible focus (2.4.7) with enough contrast (1.4.11), Streamlit's
English labels in Dutch, and reduced motion for the map's groups.
"""

from __future__ import annotations

import pytest
from browser_helpers import MAP_IFRAME, map_frame, run_done
from playwright.sync_api import expect

from hotspots import filters
from hotspots.describe import facts
from hotspots.io import DEFAULT_DATA_PATH, load_hotspots
from hotspots.pages import PAGES

LOAD_MS = 30_000
HOTSPOT = "robovalley-fraim"
# Labels Streamlit writes in English; none may reach the page as it is.
ENGLISH = (
    "Skip to main content",
    "Collapse sidebar",
    "Expand sidebar",
    "Clear all",
    "Help for ",
    "Remove ",
    "App pages",
)


@pytest.fixture(scope="module")
def shipped():
    return load_hotspots(DEFAULT_DATA_PATH).frame


def leaflet(page):
    return next(f for f in page.frames if "streamlit_folium" in f.url)


def open_map(page, url):
    page.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
    page.goto(url)
    locator = map_frame(page)
    frame = leaflet(page)
    frame.wait_for_function("() => window.hk && hk.idle()")
    expect(page.get_by_role("textbox", name="Zoeken")).to_be_attached(timeout=LOAD_MS)
    frame.wait_for_function("() => hk.idle()")
    return locator, frame


def contrast(rgb_a: tuple[float, ...], rgb_b: tuple[float, ...]) -> float:
    """WCAG contrast ratio of two sRGB colours (0-255)."""

    def luminance(rgb):
        def channel(c):
            c /= 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(float(c)) for c in rgb[:3])
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(rgb_a), luminance(rgb_b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_dutch_page_and_map_frame(page, streamlit_server):
    locator, frame = open_map(page, streamlit_server())
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    assert frame.evaluate("() => document.documentElement.lang") == "nl"
    # Streamlit's own labels in Dutch
    expect(page.get_by_role("link", name="Naar de inhoud")).to_have_count(1)
    expect(page.get_by_role("button", name="Uitleg bij Zoeken")).to_have_count(1)
    expect(page.get_by_role("button", name="Alles wissen").first).to_be_attached()
    english = page.evaluate(
        """(words) => [...document.querySelectorAll("[aria-label],[title],a")].flatMap((e) =>
            [e.getAttribute("aria-label"), e.getAttribute("title"), e.tagName === "A" ? e.textContent.trim() : null])
            .filter((t) => t && words.some((w) => t.startsWith(w)))""",
        list(ENGLISH),
    )
    assert english == []
    # the map's frame has a name that says what it is, the map's area too
    expect(page.locator(MAP_IFRAME)).to_have_attribute("aria-label", "Kaart van de hotspots")
    expect(locator.locator(".leaflet-container")).to_have_attribute(
        "aria-label", "Kaart. Pijltjestoetsen verschuiven, plus en min zoomen, Tab gaat naar de hotspots."
    )
    expect(locator.get_by_role("button", name="Inzoomen")).to_have_count(1)


@pytest.mark.parametrize("spec", [p for p in PAGES if p.url_path != "presentatie"], ids=lambda p: p.url_path or "kaart")
def test_every_page_has_its_own_title(page, streamlit_server, spec):
    page.goto(f"{streamlit_server()}/{spec.url_path}")
    expect(page).to_have_title(f"{spec.title} · Hotspotkaart", timeout=LOAD_MS)


def test_live_region_announces_the_count_and_the_selection(page, streamlit_server, shipped):
    locator, frame = open_map(page, streamlit_server())
    live = page.locator("#hk-live")
    expect(live).to_have_attribute("role", "status")
    expect(live).to_have_text("")  # the page as it loads is not news
    in_zh = filters.apply(shipped, filters.FilterState(scopes=frozenset({"zuid-holland"})))
    page.get_by_role("radiogroup", name="Schaal").get_by_text("Zuid-Holland", exact=False).click()
    expect(live).to_have_text(f"{len(in_zh)} van {len(shipped)} hotspots op de kaart.", timeout=LOAD_MS)
    frame.wait_for_function("() => hk.idle()")
    # a hotspot whose marker stands alone (not in a group)
    alone = frame.evaluate(
        "() => hk.group().getLayers().find((m) => hk.group().getVisibleParent(m) === m).feature.properties.id"
    )
    name = shipped.set_index("id").loc[alone, "name"]
    locator.locator(f'.hk-marker:has(svg[data-hotspot="{alone}"])').click()
    expect(live).to_contain_text(f"Geselecteerd: {name}, ", timeout=LOAD_MS)


def test_markers_are_named_with_type_phase_and_state(page, streamlit_server, shipped):
    locator, frame = open_map(page, f"{streamlit_server()}/?hotspot={HOTSPOT}")
    record = shipped.set_index("id").loc[HOTSPOT].to_dict()
    kind, phase = (f.value for f in facts(record)[:2])
    expect(locator.locator(f'svg[data-hotspot="{HOTSPOT}"]')).to_have_attribute(
        "aria-label", f"{record['name']}, {kind}, fase {phase}, geselecteerd"
    )
    states = frame.evaluate(
        """() => [...document.querySelectorAll(".hk-marker svg[data-hotspot]")].map((s) =>
            s.getAttribute("aria-label").split(", ").pop())"""
    )
    assert "binnen de straal" in states and "buiten de straal" in states


FOCUS_RING = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) { return null; }
    // a control Streamlit draws over a hidden input shows the ring on its label
    const shown = (e.tagName === "INPUT" && (e.type === "radio" || e.type === "checkbox")) ? e.closest("label") : e;
    const candidates = [shown, shown.parentElement, shown.closest('[data-baseweb="select"] > div, [data-baseweb="input"], [data-baseweb="base-input"]')];
    for (const c of candidates) {
        if (!c) { continue; }
        const s = getComputedStyle(c);
        if (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) {
            return {what: e.tagName + " " + (e.getAttribute("aria-label") || e.textContent.trim().slice(0, 30)),
                    colour: s.outlineColor.match(/[0-9.]+/g).map(Number), width: parseFloat(s.outlineWidth)};
        }
    }
    return {what: e.tagName + " " + (e.getAttribute("aria-label") || e.textContent.trim().slice(0, 30)), colour: null};
}"""


def test_every_control_shows_its_focus(page, streamlit_server):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{streamlit_server()}/tabel")
    expect(page.get_by_role("button", name="Filters wissen")).to_be_visible(timeout=LOAD_MS)
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING)
        if ring is None:
            continue
        seen.append(ring["what"])
        assert ring["colour"] is not None, f"no visible focus on {ring['what']}"
        # 3:1 against white and against the sidebar's grey (#F1F5F7)
        assert contrast(ring["colour"], (255, 255, 255)) >= 3, ring
        assert contrast(ring["colour"], (241, 245, 247)) >= 3, ring
    assert any("Kaart" in w for w in seen), "the navigation links were reached"
    assert len(set(seen)) > 15


def test_the_map_and_its_markers_show_their_focus(page, streamlit_server):
    locator, frame = open_map(page, streamlit_server())
    container = locator.locator(".leaflet-container")
    container.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # keyboard focus, so :focus-visible applies
    ring = frame.evaluate(FOCUS_RING)
    assert ring["colour"] is not None and ring["width"] >= 3
    assert contrast(ring["colour"], (255, 255, 255)) >= 3  # the land's colour under the outline
    page.keyboard.press("Tab")
    ring = frame.evaluate(FOCUS_RING)
    assert ring["colour"] is not None, f"no visible focus on {ring['what']}"
    assert contrast(ring["colour"], (255, 255, 255)) >= 3


def test_reduced_motion_spreads_groups_without_moving(page, streamlit_server):
    page.emulate_media(reduced_motion="reduce")
    locator, frame = open_map(page, streamlit_server())
    assert frame.evaluate("() => hk.group().options.animate") is False
    page.emulate_media(reduced_motion="no-preference")
    page.reload()
    locator, frame = open_map(page, streamlit_server())
    assert frame.evaluate("() => hk.group().options.animate") is True


WHERE = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) { return "body"; }
    if (e.tagName === "IFRAME") { return "map"; }
    if (e.closest(".st-key-hk-maplist")) { return e.tagName === "SUMMARY" ? "list" : "list-item"; }
    if (e.classList.contains("hk-skip")) { return "skip"; }
    if (e.closest(".st-key-hk-details")) { return "details"; }
    return e.tagName;
}"""


def test_the_list_comes_before_the_map_and_selects_by_keyboard(page, streamlit_server, shipped):
    import re

    locator, frame = open_map(page, streamlit_server())
    stops = []
    for _ in range(60):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(WHERE))
        if stops[-1] == "map":
            break
    assert "map" in stops, stops
    assert stops.index("list") < stops.index("map") and stops.index("skip") < stops.index("map"), stops
    # the skip link takes the focus past the list and the map, to the details
    for _ in range(stops.index("map") - stops.index("skip")):
        page.keyboard.press("Shift+Tab")
    assert page.evaluate(WHERE) == "skip"
    expect(page.locator(".hk-skip")).to_be_visible()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.closest('.st-key-hk-details') !== null")
    # back to the list: open it, its first item (by name) selects that hotspot
    for _ in range(200):
        page.keyboard.press("Shift+Tab")
        if page.evaluate(WHERE) == "list":
            break
    assert page.evaluate(WHERE) == "list"
    page.keyboard.press("Enter")
    first = shipped.assign(key=shipped["name"].str.casefold()).sort_values("key").iloc[0]
    items = page.locator(".st-key-hk-maplist button")
    expect(items).to_have_count(len(shipped))
    expect(items.first).to_contain_text(f"{first['name']} · {first['place']}, {first['province']} · ")
    page.keyboard.press("Tab")
    assert page.evaluate(WHERE) == "list-item"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"hotspot={re.escape(first['id'])}"), timeout=LOAD_MS)
    heading = page.locator('[data-testid="stMain"] .st-key-hk-details').get_by_role("heading", name=first["name"])
    expect(heading).to_be_visible()
    expect(items.first).to_contain_text("geselecteerd")


def test_the_list_sends_its_buttons_only_while_open_and_stays_as_left(page, streamlit_server, shipped):
    """Folded, the list holds no buttons (150 of them held the map back at 1,000 hotspots, ui/maplist.py);
    opened, it stays open when a filter change gives it a new count, and folded it stays folded."""
    import re

    open_map(page, streamlit_server())
    summary = page.locator(".st-key-hk-maplist summary")
    items = page.locator(".st-key-hk-maplist button")
    expect(summary).to_contain_text(f"Lijst van de {len(shipped)} hotspots", timeout=LOAD_MS)
    expect(items).to_have_count(0)
    summary.click()
    expect(items).to_have_count(len(shipped), timeout=LOAD_MS)
    sidebar = page.locator('[data-testid="stSidebar"]')
    creative = sidebar.get_by_role(
        "button", name=re.compile(r"Remove Creatief-urbaan|^Creatief-urbaan weghalen$", re.I)
    )
    creative.first.click()
    fewer = len(shipped) - int(shipped["types"].map(lambda t: t == ["creatief-urbaan"]).sum())
    expect(summary).to_contain_text(f"Lijst van de {fewer} hotspots", timeout=LOAD_MS)
    expect(items).to_have_count(fewer, timeout=LOAD_MS)
    summary.click()
    expect(items).to_have_count(0, timeout=LOAD_MS)
    sidebar.get_by_role("button", name="Filters wissen").click()
    expect(summary).to_contain_text(f"Lijst van de {len(shipped)} hotspots", timeout=LOAD_MS)
    run_done(page)
    expect(items).to_have_count(0)


#: Opens the popup of the shown marker nearest the map's top edge (its popup needs an autopan) and tells
#: whether the autopan happened and whether it ended at once (a jump) rather than in a later frame (a glide).
AUTOPAN = """() => new Promise((done) => {
    const map = window.map;
    const shown = hk.group().getLayers().filter((m) => hk.group().getVisibleParent(m) === m);
    const top = shown.sort((a, b) => map.latLngToContainerPoint(a.getLatLng()).y - map.latLngToContainerPoint(b.getLatLng()).y)[0];
    let started = false, ended = false, atOnce = null;
    map.once("autopanstart", () => {
        started = true;
        queueMicrotask(() => { atOnce = ended; });  // a pan without animation has ended before this runs
    });
    map.once("moveend", () => { ended = true; window.setTimeout(() => done({started, atOnce}), 0); });
    top.openPopup();
    window.setTimeout(() => done({started, atOnce}), 5000);
})"""


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_reduced_motion_makes_the_popup_autopan_jump(page, streamlit_server, motion):
    page.emulate_media(reduced_motion=motion)
    _, frame = open_map(page, streamlit_server())
    assert frame.evaluate("() => matchMedia('(prefers-reduced-motion: reduce)').matches") == (motion == "reduce")
    result = frame.evaluate(AUTOPAN)
    assert result["started"], "the popup of the topmost marker pans the map"
    assert result["atOnce"] is (motion == "reduce"), result
