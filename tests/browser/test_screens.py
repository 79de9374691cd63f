"""Real browser, at the screen sizes our users have: the map reads at a glance on every one.

Each size gets its own browser context (viewport and device scale). Map
tiles are refused, so the tests are deterministic offline. Nothing waits a
fixed time: every step waits for ``hk.idle()`` (mapview.js: markers drawn,
size taken in, no flight or animation, names placed) or for the page.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from browser_helpers import MAP_IFRAME, map_frame
from playwright.sync_api import expect

from hotspots.io import load_hotspots
from hotspots.mapcontent import map_content
from hotspots.viewstate import ViewState

SIZES = {
    "1280x720": ({"width": 1280, "height": 720}, 1),
    "1366x768": ({"width": 1366, "height": 768}, 1),
    "1440x900": ({"width": 1440, "height": 900}, 1),
    "1920x1080": ({"width": 1920, "height": 1080}, 1),
    "tablet-820x1180": ({"width": 820, "height": 1180}, 1),
    "1920x1080@125%": ({"width": 1536, "height": 864}, 1.25),
}
LEGEND_OPEN_FROM_PX = 700
MIN_LABELS_ZH = 10  # of the 13 Zuid-Holland names, with Zuid-Holland fitted at 1366x768
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
        labels: shown.map((e) => ({id: e.dataset.hotspot, text: e.textContent, box: box(e),
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


def _local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob", "about"} or parts.hostname in {"127.0.0.1", "localhost"}


@pytest.fixture(scope="module")
def hotspots():
    return load_hotspots().frame


@pytest.fixture
def screen(browser):
    """``screen(size)``: a page in a new browser context of that size; map tiles refused."""
    contexts = []

    def open_page(size: str):
        viewport, scale = SIZES[size]
        context = browser.new_context(
            viewport=viewport, device_scale_factor=scale, locale="nl-NL", timezone_id="Europe/Amsterdam"
        )
        contexts.append(context)
        page = context.new_page()
        page.route("**/*", lambda route: route.continue_() if _local(route.request.url) else route.abort())
        return page

    yield open_page
    for context in contexts:
        context.close()


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
    sidebar.get_by_role("button", name=re.compile(rf"Remove {label}|{label}.*remove", re.I)).or_(
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
    if size == "1366x768":
        assert len(labels) >= MIN_LABELS_ZH, [label["text"] for label in labels]
        names = {hid: frame.evaluate("(n) => hk.shortName(n)", name) for hid, name in zip(zh["id"], zh["name"])}
        assert all(label["text"] == names[label["id"]] for label in labels)

    # a shared link to a hotspot lands on it and its ring: the ring inside the map and filling it
    frame = open_view(page, url + "/?hotspot=robovalley-fraim")
    fit = map_content(hotspots, hotspots, ViewState(hotspot="robovalley-fraim")).fit
    assert_ring_fills_the_map(frame, fit.ring_bounds)
    # closer than the default view (equal where the 160 km ring is as wide as all
    # hotspots together after the padding for the legend: 1920x1080 at 125 %)
    assert frame.evaluate("() => map.getZoom()") >= default_zoom > START_ZOOM
    assert_every_marker_on_top(frame, ["robovalley-fraim"])


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
