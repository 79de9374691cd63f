"""Real browser, at the screen sizes our users have: the map reads at a glance on every one.

Each size gets its own browser context (viewport and device scale). Map
tiles are refused, so the tests are deterministic offline. Nothing waits a
fixed time: every step waits for ``hk.idle()`` (mapview.js: markers drawn,
size taken in, no flight or animation, names placed) or for the page.
"""

from __future__ import annotations

import re

import pytest
from browser_helpers import MAP_IFRAME, map_frame
from playwright.sync_api import expect

from harness import SCREENS
from hotspots.filters import FilterState
from hotspots.io import load_hotspots
from hotspots.mapcontent import map_content
from hotspots.viewstate import ViewState

#: The desktop and tablet sizes; the phone's is PHONE (further down).
SIZES = {name: screen for name, screen in SCREENS.items() if not name.startswith("phone-")}
LEGEND_OPEN_FROM_PX = 700
MIN_NAMES_ZH = 12  # of the 13 Zuid-Holland names, with Zuid-Holland fitted, on their own or in a group's label
START_ZOOM = 7  # the base map's zoom before the first fit

# The element at each hotspot's centre, in the map's iframe: its marker, or
# the group marker it is part of (markercluster's getVisibleParent).
TOPMOST = """(ids) => ids.map((id) => {
    const marker = hk.marker(id);
    if (!marker) { return [id, "no marker"]; }
    const shown = hk.group().getVisibleParent(marker);
    const element = shown && shown.getElement();
    if (!element) { return [id, "not on the map"]; }
    const r = element.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
    const hit = document.elementFromPoint(x, y);
    if (!hit) { return [id, "outside the map"]; }
    if (!element.contains(hit)) { return [id, "covered by " + (hit.className.baseVal ?? hit.className)]; }
    const svg = hit.closest("svg[data-hotspot]");
    return [id, shown === marker ? (svg && svg.dataset.hotspot === id ? "marker" : "marker?") : "group"];
})"""
# The names on the map and what they must not cover.
LABELS = """() => {
    const box = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    const shown = [...document.querySelectorAll(".hk-name")].filter((e) => getComputedStyle(e).display !== "none");
    return {
        labels: shown.map((e) => ({id: e.dataset.hotspot || null, text: e.textContent, box: box(e),
                                   ids: (e.dataset.hotspots || e.dataset.hotspot).split(" "),
                                   size: parseFloat(getComputedStyle(e).fontSize)})),
        icons: [...document.querySelectorAll(".hk-marker, .hk-group")].map(box),
        controls: [...document.querySelectorAll(".leaflet-control")].filter((e) => e.offsetWidth).map(box),
        map: box(map.getContainer()),
    };
}"""
# Markers whose tooltip (above the marker, up to 400 px wide) could reach the open legend.
NEAR_THE_LEGEND = """() => {
    const l = document.querySelector(".hk-legend-control").getBoundingClientRect();
    return [...document.querySelectorAll("svg[data-hotspot]")].filter((svg) => {
        const r = svg.getBoundingClientRect();
        return r.left < l.right + 200 && r.top < l.bottom + 60;
    }).map((svg) => svg.dataset.hotspot);
}"""
VIEW = "() => [map.getZoom(), map.getCenter().lat, map.getCenter().lng]"
LEGEND_OPEN = "() => document.querySelector('.hk-legend-toggle').getAttribute('aria-expanded') === 'true'"


@pytest.fixture(scope="module")
def hotspots():
    return load_hotspots().frame


@pytest.fixture
def screen(device):
    """``screen(size)``: a page in a new browser context of that size; map tiles refused."""

    def open_page(size: str):
        viewport, scale = {**SIZES, **PHONE}[size]
        return device(viewport, device_scale_factor=scale)

    return open_page


def leaflet(page):
    return next(f for f in page.frames if "streamlit_folium" in f.url)


def settled(page):
    """The map's frame once it has settled: markers drawn, no animation, names placed."""
    map_frame(page)
    frame = leaflet(page)
    frame.wait_for_function("() => window.hk && hk.idle()")
    return frame


def open_view(page, url: str):
    page.goto(url)
    frame = settled(page)
    # the sidebar's widgets come with the map's first report; then the page stands still
    expect(page.get_by_role("textbox", name="Zoeken")).to_be_attached(timeout=20_000)
    frame.wait_for_function("() => hk.idle()")
    return frame


def remove_tag(sidebar, label: str) -> None:
    """Take a value out of a multiselect filter of the sidebar."""
    sidebar.get_by_role("button", name=re.compile(rf"Remove {label}|{label}.*remove|^{label} weghalen$", re.I)).or_(
        sidebar.locator('[data-baseweb="tag"]', has_text=label).locator('[role="presentation"]')
    ).first.click()


# The scale bar (bottom left) and the basemap's attribution (bottom right) side by side, both readable.
SCALE_CLEAR_OF_ATTRIBUTION = """() => {
    const s = document.querySelector(".leaflet-control-scale").getBoundingClientRect();
    const a = document.querySelector(".leaflet-control-attribution").getBoundingClientRect();
    return s.width > 0 && a.width > 0 && !(s.left < a.right && a.left < s.right && s.top < a.bottom && a.top < s.bottom);
}"""


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def assert_every_marker_on_top(frame, ids):
    report = dict(frame.evaluate(TOPMOST, list(ids)))
    assert {i: r for i, r in report.items() if r not in {"marker", "group"}} == {}
    return report


def assert_names_readable(frame):
    """Visible names: inside the map, at least 13 px, covering no marker, control or other name."""
    seen = frame.evaluate(LABELS)
    labels = seen["labels"]
    for i, label in enumerate(labels):
        box = label["box"]
        assert label["size"] >= 13, label
        m = seen["map"]
        assert m[0] <= box[0] and m[1] <= box[1] and box[2] <= m[2] and box[3] <= m[3], label
        assert not [icon for icon in seen["icons"] if overlap(box, icon)], label
        assert not [c for c in seen["controls"] if overlap(box, c)], label
        assert not [other for other in labels[i + 1 :] if overlap(box, other["box"])], (label, labels)
    return labels


def assert_zuid_holland_named(frame, labels, zh):
    """At least MIN_NAMES_ZH of the Zuid-Holland hotspots are named on the map: a marker's label is
    its short name, a group's label holds the short name of every member."""
    short = {hid: frame.evaluate("(n) => hk.shortName(n)", name) for hid, name in zip(zh["id"], zh["name"])}
    named = set()
    for label in labels:
        members = [i for i in label["ids"] if i in short]
        named.update(members)
        if label["id"] is not None:
            assert label["text"] == short[label["id"]], label
        else:
            assert len(label["ids"]) >= 2, label
            assert all(short[i] in label["text"] for i in members), label
    assert len(named) >= MIN_NAMES_ZH, sorted(set(short) - named)
    return named


# Where the selected marker is drawn, against where its hotspot lies; and whether any group is drawn over it.
SELECTED_PLACE = """(id) => {
    const m = hk.marker(id), e = m && m.getElement();
    if (!e) { return null; }
    const r = e.getBoundingClientRect(), p = map.latLngToContainerPoint(m.getLatLng());
    const c = map.getContainer().getBoundingClientRect();
    const x = r.left + r.width / 2 - c.left, y = r.top + r.height / 2 - c.top;
    return {own: hk.group().getVisibleParent(m) === m, dx: x - p.x, dy: y - p.y,
            hit: document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2).closest(".hk-marker, .hk-group") === e};
}"""


def assert_selected_in_place(frame, hotspot_id):
    """The selected hotspot is never inside a group: its own marker, at its own place (not spread out
    on a leg), on top at its centre."""
    place = frame.evaluate(SELECTED_PLACE, hotspot_id)
    assert place is not None, "the selected hotspot has no marker on the map"
    assert place["own"] and place["hit"], place
    assert abs(place["dx"]) <= 1.5 and abs(place["dy"]) <= 1.5, place


def assert_ring_fills_the_map(frame, ring_bounds):
    """The selected hotspot's ring is inside the map and takes at least half its width or height."""
    (south, west), (north, east) = ring_bounds
    share = frame.evaluate(
        f"""() => {{
            const ring = L.latLngBounds([[{south}, {west}], [{north}, {east}]]);
            if (!map.getBounds().contains(ring)) {{ return 0; }}
            const a = map.latLngToContainerPoint(ring.getNorthWest()), b = map.latLngToContainerPoint(ring.getSouthEast());
            const size = map.getSize();
            return Math.max((b.x - a.x) / size.x, (b.y - a.y) / size.y);
        }}"""
    )
    assert share >= 0.5, share


def assert_no_overlay_under_the_legend(frame):
    """An open tooltip or popup and the visible legend never overlap."""
    assert frame.evaluate(
        """() => {
            const legend = document.querySelector(".hk-legend-control");
            if (getComputedStyle(legend).visibility === "hidden") { return true; }
            const l = legend.getBoundingClientRect();
            const open = [...document.querySelectorAll(".leaflet-tooltip, .leaflet-popup")].filter(
                (e) => getComputedStyle(e).opacity !== "0"  // closed, about to be removed
            );
            return open.every((e) => {
                const r = e.getBoundingClientRect();
                return !(r.left < l.right && l.left < r.right && r.top < l.bottom && l.top < r.bottom);
            });
        }"""
    )


@pytest.mark.parametrize("size", list(SIZES))
def test_every_hotspot_can_be_seen_and_clicked(screen, streamlit_server, hotspots, size):
    page = screen(size)
    url = streamlit_server()

    # the default view: every hotspot, fitted
    frame = open_view(page, url)
    iframe = page.locator(MAP_IFRAME).first.bounding_box()
    assert iframe["y"] + iframe["height"] <= page.viewport_size["height"] + 1, "the map reaches below the window"
    width = frame.evaluate("() => map.getSize().x")
    assert frame.evaluate(LEGEND_OPEN) == (width >= LEGEND_OPEN_FROM_PX)
    assert frame.evaluate(SCALE_CLEAR_OF_ATTRIBUTION), "the attribution covers the scale bar"
    assert_every_marker_on_top(frame, hotspots["id"])
    assert_names_readable(frame)
    default_zoom = frame.evaluate("() => map.getZoom()")
    if frame.evaluate(LEGEND_OPEN):
        # tooltips never under the legend (those of the markers it could reach)
        for hotspot_id in frame.evaluate(NEAR_THE_LEGEND):
            frame.locator(f'svg[data-hotspot="{hotspot_id}"]').hover()
            assert_no_overlay_under_the_legend(frame)

    # Zuid-Holland fills the map
    frame = open_view(page, url + "/?scope=zuid-holland")
    zh = hotspots[hotspots["scope"] == "zuid-holland"]
    assert_every_marker_on_top(frame, zh["id"])
    assert frame.evaluate(LEGEND_OPEN) == (width >= LEGEND_OPEN_FROM_PX)
    labels = assert_names_readable(frame)
    assert frame.evaluate("() => map.getZoom()") > default_zoom
    assert_zuid_holland_named(frame, labels, zh)

    # a shared link to a hotspot lands on it and its ring: the ring inside the map and filling it
    frame = open_view(page, url + "/?hotspot=robovalley-fraim")
    fit = map_content(hotspots, hotspots, ViewState(hotspot="robovalley-fraim")).fit
    assert_ring_fills_the_map(frame, fit.ring_bounds)
    # closer than the default view (equal where the 160 km ring is as wide as all
    # hotspots together after the padding for the legend: 1920x1080 at 125 %)
    assert frame.evaluate("() => map.getZoom()") >= default_zoom > START_ZOOM
    assert_every_marker_on_top(frame, ["robovalley-fraim"])
    # under "Alles" at 100 km, the centre of the ring is the selected hotspot itself, not a group
    frame = open_view(page, url + "/?hotspot=robovalley-fraim&radius=100")
    assert_selected_in_place(frame, "robovalley-fraim")


def test_selecting_flies_to_the_ring_and_filters_keep_the_view(screen, streamlit_server, hotspots):
    page = screen("1366x768")
    frame = open_view(page, streamlit_server())
    map_locator = page.frame_locator(MAP_IFRAME)
    default_view = frame.evaluate(VIEW)

    # Enter on a focused marker selects it, as a click does; the map flies to its ring
    map_locator.locator('svg[data-hotspot="wetsus"]').locator("xpath=..").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"hotspot=wetsus"))
    expect(page.locator('[data-testid="stMain"]').get_by_role("heading", name="Wetsus")).to_be_visible()
    expect(map_locator.locator('.hk-geselecteerd svg[data-hotspot="wetsus"]')).to_have_count(1)
    frame.wait_for_function("() => hk.idle()")
    assert_ring_fills_the_map(frame, map_content(hotspots, hotspots, ViewState(hotspot="wetsus")).fit.ring_bounds)
    selected_view = frame.evaluate(VIEW)
    assert selected_view[0] > default_view[0]
    # Escape closes the popup the selection opened
    expect(map_locator.locator(".leaflet-popup")).to_have_count(1)
    page.keyboard.press("Escape")
    expect(map_locator.locator(".leaflet-popup")).to_have_count(0)

    # another type filter: other markers, the very same view
    total = len(hotspots)
    creative = int(hotspots["types"].map(lambda t: list(t) == ["creatief-urbaan"]).sum())
    sidebar = page.locator('[data-testid="stSidebar"]')
    remove_tag(sidebar, "Creatief-urbaan")
    frame.wait_for_function(f"() => hk.idle() && hk.group().getLayers().length === {total - creative}")
    after = frame.evaluate(VIEW)
    assert after[0] == selected_view[0]
    assert after[1:] == pytest.approx(selected_view[1:], abs=1e-9)

    # the names toggle and the legend keep their state across redraws
    names = map_locator.get_by_role("checkbox", name="Namen op de kaart")
    expect(names).to_be_checked()
    names.uncheck()
    frame.wait_for_function("() => hk.idle()")
    assert frame.evaluate(LABELS)["labels"] == []
    legend = map_locator.get_by_role("button", name="Legenda")
    was_open = frame.evaluate(LEGEND_OPEN)
    legend.click()
    expect(legend).to_have_attribute("aria-expanded", "false" if was_open else "true")
    remove_tag(sidebar, "Transitie")
    frame.wait_for_function(f"() => hk.idle() && hk.group().getLayers().length < {total - creative}")
    expect(names).not_to_be_checked()
    expect(legend).to_have_attribute("aria-expanded", "false" if was_open else "true")
    assert frame.evaluate(LABELS)["labels"] == []
    assert frame.evaluate(VIEW)[0] == selected_view[0]


def test_a_group_spreads_on_one_click_and_a_member_click_selects_it(screen, streamlit_server, hotspots):
    page = screen("1366x768")
    frame = open_view(page, streamlit_server())
    groups = frame.evaluate(
        """() => {
            const seen = new Map();
            hk.group().getLayers().forEach((m) => {
                const shown = hk.group().getVisibleParent(m);
                if (shown && shown !== m) {
                    seen.set(shown, (seen.get(shown) || []).concat([m.feature.properties.id]));
                }
            });
            return [...seen.values()];
        }"""
    )
    assert groups, "the Zuid-Holland hotspots overlap in the national view: there are groups"
    for members in groups:
        frame.evaluate("() => hk.group().unspiderfy()")  # the previous group closes, as a click on the map does
        frame.wait_for_function("() => hk.idle()")
        group = frame.evaluate_handle(
            "(id) => hk.group().getVisibleParent(hk.marker(id)).getElement()", members[0]
        ).as_element()
        group.click()
        # one click: every member has its own marker, on top at its centre
        frame.wait_for_function(
            "(ids) => hk.idle() && ids.every((id) => hk.group().getVisibleParent(hk.marker(id)) === hk.marker(id))",
            arg=members,
        )
        assert set(dict(assert_every_marker_on_top(frame, members)).values()) == {"marker"}
        assert_names_readable(frame)
    # a click on a spread-out marker selects that hotspot (the click reports its own position)
    member = members[-1]
    page.frame_locator(MAP_IFRAME).locator(f'svg[data-hotspot="{member}"]').click()
    expect(page).to_have_url(re.compile(rf"hotspot={member}"))
    name = hotspots.set_index("id").loc[member, "name"]
    expect(page.locator('[data-testid="stMain"]').get_by_role("heading", name=name)).to_be_visible()


def test_the_map_follows_the_size_of_its_frame(screen, streamlit_server, hotspots):
    page = screen("1366x768")
    frame = open_view(page, streamlit_server() + "/?scope=zuid-holland")
    assert frame.evaluate("() => map.getSize().y === window.innerHeight && map.getSize().x === window.innerWidth")
    # the page makes the frame smaller: Leaflet takes the new size in and, while
    # the user has not moved the map, fits Zuid-Holland again
    page.locator(MAP_IFRAME).first.evaluate("(iframe) => { iframe.style.setProperty('height', '460px', 'important'); }")
    frame.wait_for_function("() => hk.idle() && map.getSize().y === 460")
    zh = hotspots[hotspots["scope"] == "zuid-holland"]
    assert_every_marker_on_top(frame, zh["id"])
    assert_names_readable(frame)


PHONE = {"390x844": SCREENS["phone-390x844"]}


def test_a_phone_names_zuid_holland(screen, streamlit_server, hotspots):
    """Issue 19, item 1 on a phone (390x844, a 358 px map): at least 12 of the 13 Zuid-Holland names read
    on the map; a group's name with no room anywhere gives way to its members' names, one by one."""
    page = screen("390x844")
    frame = open_view(page, streamlit_server() + "/?scope=zuid-holland")
    zh = hotspots[hotspots["scope"] == "zuid-holland"]
    assert_every_marker_on_top(frame, zh["id"])
    labels = assert_names_readable(frame)
    assert_zuid_holland_named(frame, labels, zh)


# The open popup (not one fading out) and its close button, against the map; what is at the button's centre.
POPUP_PLACE = """() => {
    const popups = [...document.querySelectorAll(".leaflet-popup")].filter((e) => getComputedStyle(e).opacity !== "0");
    if (popups.length !== 1) { return {count: popups.length}; }
    const box = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    const close = popups[0].querySelector(".leaflet-popup-close-button"), c = close.getBoundingClientRect();
    const hit = document.elementFromPoint(c.left + c.width / 2, c.top + c.height / 2);
    return {count: 1, popup: box(popups[0].querySelector(".leaflet-popup-content-wrapper")), close: box(close),
            map: box(map.getContainer()), closeOnTop: !!hit && close.contains(hit)};
}"""
# The topmost marker of the view that is not part of a group: the one whose popup has the least room above.
TOPMOST_MARKER = """() => hk.group().getLayers()
    .filter((m) => hk.group().getVisibleParent(m) === m && m.getElement())
    .map((m) => [map.latLngToContainerPoint(m.getLatLng()).y, m.feature.properties.id])
    .filter((p) => p[0] > 0).sort((a, b) => a[0] - b[0])[0][1]"""
# Once the hotspot is drawn as selected (the click's rerun has redrawn the markers): one popup open, all settled.
OPEN_POPUP_SETTLED = """(id) => hk.idle() && !!document.querySelector(`.hk-geselecteerd svg[data-hotspot="${id}"]`) &&
    [...document.querySelectorAll(".leaflet-popup")].filter((e) => getComputedStyle(e).opacity !== "0").length === 1"""


def inside(box, outer) -> bool:
    return outer[0] <= box[0] and outer[1] <= box[1] and box[2] <= outer[2] and box[3] <= outer[3]


@pytest.mark.parametrize("size", [*SIZES, *PHONE])
def test_a_popup_fits_inside_the_map_and_closes_back_to_the_view(screen, streamlit_server, hotspots, size):
    page = screen(size)
    frame = open_view(page, streamlit_server() + "/?scope=zuid-holland")
    hotspot_id = frame.evaluate(TOPMOST_MARKER)
    page.frame_locator(MAP_IFRAME).locator(f'svg[data-hotspot="{hotspot_id}"]').click()
    # the click selects the hotspot (the map flies to its ring) and its popup stays open
    expect(page).to_have_url(re.compile(rf"hotspot={hotspot_id}"))
    frame.wait_for_function(OPEN_POPUP_SETTLED, arg=hotspot_id)
    place = frame.evaluate(POPUP_PLACE)
    assert inside(place["popup"], place["map"]), place
    assert inside(place["close"], place["map"]) and place["closeOnTop"], place
    # the close button closes it; the map is back where the selection put it: the ring in view, filling it
    page.frame_locator(MAP_IFRAME).locator(".leaflet-popup-close-button").click()
    frame.wait_for_function("() => hk.idle() && !document.querySelector('.leaflet-popup')")
    if size in PHONE:  # a phone shows the ring at a desktop's scale, centred on it (test_phone.py)
        offset = frame.evaluate(
            """(id) => { const p = map.latLngToContainerPoint(hk.marker(id).getLatLng()), s = map.getSize();
                         return Math.max(Math.abs(p.x - s.x / 2) / s.x, Math.abs(p.y - s.y / 2) / s.y); }""",
            hotspot_id,
        )
        assert offset < 0.1, offset
    else:
        view = ViewState(filters=FilterState(scopes=frozenset({"zuid-holland"})), hotspot=hotspot_id)
        assert_ring_fills_the_map(frame, map_content(hotspots, hotspots, view).fit.ring_bounds)


def test_a_popup_closes_when_the_view_changes(screen, streamlit_server, hotspots):
    page = screen("1366x768")
    frame = open_view(page, streamlit_server() + "/?scope=zuid-holland")
    page.frame_locator(MAP_IFRAME).locator('svg[data-hotspot="leiden-bio-science-park"]').click()
    expect(page).to_have_url(re.compile(r"hotspot=leiden-bio-science-park"))
    frame.wait_for_function(OPEN_POPUP_SETTLED, arg="leiden-bio-science-park")
    # the click's own rerun keeps it open; the next change of the view (a wider radius) closes it
    page.locator('[data-testid="stSidebar"]').get_by_role("slider", name="Straal (km)").focus()
    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"radius=85"))
    frame.wait_for_function("() => hk.idle() && !document.querySelector('.leaflet-popup')")
