"""Real browser: the whole app by keyboard alone (WCAG 2.1.1, 2.4.3, 2.4.7; issue 22, target 4).

From a fresh load, with only the keys a keyboard user has (Tab, Shift+Tab,
Enter, Space, the arrows; no click, no ``element.focus()``): choose
Zuid-Holland and one type, select a hotspot from the list and another on
the map, read its reach list, open Tabel & export and download a file,
open a presentation and step through it. Each step asserts what a user
sees, against the data (hotspots.filters, hotspots.mapcontent). Tabbing
"until" is what a keyboard user does too: every loop is bounded and fails
with the stops it passed.
"""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from browser_helpers import MAP_IFRAME, map_frame, run_done
from playwright.sync_api import expect

from hotspots import filters
from hotspots.io import load_hotspots
from hotspots.mapcontent import map_content
from hotspots.presentation import load_presentation
from hotspots.viewstate import parse_query_params

LOAD_MS = 30_000
DECK = "hotspots-zuid-holland"
TYPE = "Engineering"
MAX_TABS = 200

#: What has the keyboard focus, in words a test can match: "tag|text|aria-label|role" of the focused element;
#: inside the map's frame, the frame's own focused element (a marker: "marker|<hotspot id>").
FOCUS = """() => {
    const describe = (e) => {
        const svg = e.classList.contains("hk-marker") && e.querySelector("svg[data-hotspot]");
        if (svg) { return "marker|" + svg.dataset.hotspot; }
        if (e.classList.contains("hk-group")) { return "group|" + (e.getAttribute("aria-label") || ""); }
        const text = (e.innerText || e.value || "").trim().replace(/\\s+/g, " ").slice(0, 80);
        return [e.tagName, text, e.getAttribute("aria-label") || "", e.getAttribute("role") || ""].join("|");
    };
    let e = document.activeElement;
    if (!e || e === document.body) { return "BODY"; }
    if (e.tagName === "IFRAME") {
        const inner = e.contentDocument && e.contentDocument.activeElement;
        return "frame>" + (inner && inner !== e.contentDocument.body ? describe(inner) : "BODY");
    }
    return describe(e);
}"""


def focused(page) -> str:
    return page.evaluate(FOCUS)


def tab_to(page, pattern: str, *, back: bool = False, limit: int = MAX_TABS) -> str:
    """Press Tab (Shift+Tab with ``back``) until the focused element matches ``pattern`` (a regex); returns it."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        where = focused(page)
        seen.append(where)
        if re.search(pattern, where):
            return where
    raise AssertionError(f"{pattern!r} not reached by {'Shift+' if back else ''}Tab; passed {seen}")


def view_of(page, frame):
    """The view in the address bar, read as the app reads it."""
    query = parse_qs(urlsplit(page.url).query)
    return parse_query_params({k: v[-1] for k, v in query.items()}, frame["id"])[0]


@pytest.fixture(scope="module")
def shipped():
    return load_hotspots().frame


def leaflet(page):
    return next(f for f in page.frames if "streamlit_folium" in f.url)


def count_line(page):
    return page.locator('[data-testid="stSidebar"] .st-key-hk-count')


def test_the_whole_app_by_keyboard(page, streamlit_server, shipped):
    page.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(streamlit_server())
    map_frame(page)
    expect(page.get_by_role("textbox", name="Zoeken")).to_be_attached(timeout=LOAD_MS)
    run_done(page)
    total = len(shipped)
    expect(count_line(page)).to_have_text(f"{total} van {total} hotspots")

    # 1. Schaal: Zuid-Holland (a pill, chosen with Space)
    tab_to(page, r"^BUTTON\|Zuid-Holland \(\d+\)\|\|radio$")
    page.keyboard.press("Space")
    in_zh = filters.apply(shipped, filters.FilterState(scopes=frozenset({"zuid-holland"})))
    expect(count_line(page)).to_have_text(f"{len(in_zh)} van {total} hotspots", timeout=LOAD_MS)
    expect(page).to_have_url(re.compile(r"scope=zuid-holland"))
    run_done(page)

    # 2. one type: the pills of "Type: kies er één", the arrows to Engineering, Space
    tab_to(page, r"^BUTTON\|[^|]+ \(\d+\)\|\|radio$")
    for _ in range(6):
        if focused(page).startswith(f"BUTTON|{TYPE} ("):
            break
        page.keyboard.press("ArrowRight")
    assert focused(page).startswith(f"BUTTON|{TYPE} ("), focused(page)
    page.keyboard.press("Space")
    view = view_of(page, shipped)
    chosen = filters.FilterState(scopes=frozenset({"zuid-holland"}), types=frozenset({"engineering"}))
    shown = filters.apply(shipped, chosen)
    assert 1 < len(shown) < len(in_zh)
    expect(count_line(page)).to_have_text(f"{len(shown)} van {total} hotspots", timeout=LOAD_MS)
    expect(page.locator(".hk-filters").first).to_contain_text(f"Zuid-Holland · {TYPE}")
    run_done(page)
    view = view_of(page, shipped)
    assert view.filters.types == frozenset({"engineering"}) and view.filters.scopes == frozenset({"zuid-holland"})

    # 3. the list of the hotspots on the map: back up to it, open it, choose its first hotspot
    tab_to(page, r"^SUMMARY\|.*Lijst van de \d+ hotspots", back=True)
    expect(page.locator(".st-key-hk-maplist summary")).to_contain_text(f"Lijst van de {len(shown)} hotspots")
    page.keyboard.press("Enter")
    items = page.locator(".st-key-hk-maplist button")
    expect(items).to_have_count(len(shown))
    first = shown.assign(key=shown["name"].str.casefold()).sort_values("key").iloc[0]
    where = tab_to(page, r"^BUTTON\|", limit=3)
    assert where.startswith(f"BUTTON|{first['name']} · "), where
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"hotspot={re.escape(first['id'])}"), timeout=LOAD_MS)
    details = page.locator(".st-key-hk-details")
    expect(details.get_by_role("heading", name=first["name"], exact=True)).to_be_visible(timeout=LOAD_MS)
    run_done(page)

    # 4. on the map: Tab into the map, on to a marker of another hotspot, Enter
    frame = leaflet(page)
    frame.wait_for_function("() => hk.idle()")
    tab_to(page, r"^frame>")
    other = None
    for _ in range(MAX_TABS):
        where = focused(page)
        if where.startswith("frame>marker|") and where.split("|")[1] != first["id"]:
            other = where.split("|")[1]
            break
        page.keyboard.press("Tab")
    assert other, "Tab reached no other hotspot's marker"
    page.keyboard.press("Enter")
    record = shipped.set_index("id").loc[other]
    expect(page).to_have_url(re.compile(rf"hotspot={re.escape(other)}"), timeout=LOAD_MS)
    expect(details.get_by_role("heading", name=record["name"], exact=True)).to_be_visible(timeout=LOAD_MS)
    run_done(page)

    # 5. its reach list: the hotspots within the radius, nearest first, as the data says
    view = view_of(page, shipped)
    content = map_content(shipped, filters.apply(shipped, view.filters), view)
    nearby = content.nearby
    heading = details.get_by_role("heading", name=f"Binnen {view.radius_km} km", exact=True)
    expect(heading).to_be_visible()
    reach_list = details.locator("ol").first
    expect(reach_list.locator("> li")).to_have_count(min(len(nearby), 10))
    for n, row in enumerate(nearby.head(3).itertuples(index=False)):
        expect(reach_list.locator("> li").nth(n)).to_contain_text(row.name)
    # the focus went on from the map; the skip link takes it past the map to the details, Tab reaches their links
    tab_to(page, r"^A\|.*Alle partners op Samenwerking")

    # 6. Tabel & export, through the page links in the header
    tab_to(page, r"^A\|.*Tabel & export\|")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Tabel & export", level=1)).to_be_visible(timeout=LOAD_MS)
    run_done(page)
    expect(page.locator(".hk-filters").first).to_contain_text(f"Zuid-Holland · {TYPE}")
    where = tab_to(page, r"^BUTTON\|.*CSV \(Excel NL\)")
    with page.expect_download(timeout=LOAD_MS) as info:
        page.keyboard.press("Enter")
    download = info.value
    assert download.suggested_filename.endswith(".excel-nl.csv")
    with open(download.path(), "rb") as handle:
        table = pd.read_csv(io.BytesIO(handle.read()), sep=";", decimal=",", encoding="utf-8-sig")
    assert sorted(table["id"]) == sorted(shown["id"]), "the file holds the hotspots the page shows"
    # the focus stays on the button that made the file (WCAG 2.4.3)
    expect(page.get_by_role("button", name="CSV (Excel NL)")).to_be_focused()

    # 7. a presentation: its page, its first deck, and steps with the arrows and the › button
    tab_to(page, r"^A\|.*Presentatie\|")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Presentaties", level=1)).to_be_visible(timeout=LOAD_MS)
    run_done(page)
    presentation = load_presentation(DECK, shipped["id"])
    tab_to(page, r"^A\|.*Presenteren\|")
    page.keyboard.press("Enter")
    map_frame(page)
    deck = leaflet(page)
    at_step = "(n) => window.hk && hk.presentationIdle && hk.presentationIdle() && hk.presentationStep() === n"
    deck.wait_for_function(at_step, arg=1, timeout=LOAD_MS)
    caption = page.frame_locator(MAP_IFRAME).locator(".hk-caption")
    expect(caption.locator("h1")).to_have_text(presentation.scenes[0].title)
    total_steps = len(presentation.scenes)
    page.keyboard.press("ArrowRight")
    deck.wait_for_function(at_step, arg=2)
    expect(caption.locator("h1")).to_have_text(presentation.scenes[1].title)
    expect(caption).to_contain_text(f"Stap 2 van {total_steps}")
    # the › button, reached by Tab, steps too
    tab_to(page, r"^frame>BUTTON\|›\|Volgende")
    page.keyboard.press("Enter")
    deck.wait_for_function(at_step, arg=3)
    expect(caption.locator("h1")).to_have_text(presentation.scenes[2].title)
    expect(page).to_have_url(re.compile(r"stap=3$"))


@pytest.mark.parametrize(
    ("path", "label", "magic"),
    [
        ("/tabel?scope=zuid-holland", "GeoJSON", b"{"),
        ("/?scope=zuid-holland", "Kaart als afbeelding (PNG)", b"\x89PNG"),
    ],
    ids=["tabel-geojson", "kaart-png"],
)
def test_the_focus_stays_on_a_download_button_after_its_file_is_made(page, streamlit_server, path, label, magic):
    # Streamlit disables the button while the file is made, which drops the focus to <body>;
    # static/a11y/page.js gives it back (WCAG 2.4.3), and Tab goes on from there.
    page.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
    page.goto(streamlit_server() + path)
    button = page.get_by_role("button", name=label, exact=True)
    expect(button).to_be_visible(timeout=LOAD_MS)
    run_done(page)
    tab_to(page, rf"^BUTTON\|.*{re.escape(label)}\|")
    with page.expect_download(timeout=LOAD_MS) as info:
        page.keyboard.press("Enter")
    with open(info.value.path(), "rb") as handle:
        assert handle.read(len(magic)) == magic
    expect(button).to_be_enabled(timeout=LOAD_MS)
    expect(button).to_be_focused()
    assert button.evaluate("(b) => b.matches(':focus-visible')"), "the focus ring shows"
    # the place in the tab order is kept: Shift+Tab goes to the control just before the button
    page.keyboard.press("Shift+Tab")
    assert focused(page) != "BODY"
    assert button.evaluate(
        "(b) => !!(b.compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_PRECEDING)"
    )
