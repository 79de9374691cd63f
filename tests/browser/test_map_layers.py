"""Real browser, no Streamlit: the marker and ring layers that static/map/markers.js draws.

The map is rendered by folium exactly as the app builds it and served to
Chromium from a fake host, with the vendored Leaflet; tiles are refused.
"""

from __future__ import annotations

import json

import pytest
from factories import DELFT, collection, feature
from playwright.sync_api import expect

from hotspots import assets, describe, geo, mapview, sources
from hotspots.io import frame_from_features

HOST = "http://hk.test"
XSS = "<img src=x onerror=\"window.pwned='img'\">"
TEMPLATE = "`${window.pwned='template'}` </script><script>window.pwned='script'</script>"


@pytest.fixture
def show(page):
    """``show(frame, selected=None, radius_km=80)`` opens the map with those hotspots."""

    def open_map(frame, selected=None, radius_km=80):
        base = mapview.base_map()
        reach = geo.hotspots_within(frame, selected, radius_km)["id"] if selected else []
        # no fit: the map stays at the base map's view of the Netherlands (zoom 7)
        markers = mapview.hotspot_layer(frame, selected=selected, reach=reach)
        ring_ids = [selected] if selected else []
        rings = mapview.ring_layer(frame, ring_ids, radius_km, reference_ids=ring_ids, label_ids=ring_ids)
        rings.add_to(base)
        markers.add_to(base)
        assets.localise(base, rings, markers, base_url=f"{HOST}/vendor")
        document = base.get_root().render()

        def serve(route):
            url = route.request.url
            if url == f"{HOST}/map.html":
                route.fulfill(body=document, content_type="text/html; charset=utf-8")
            elif url.startswith(f"{HOST}/vendor/"):
                route.fulfill(path=assets.VENDOR_DIR / url.removeprefix(f"{HOST}/vendor/"))
            elif url.startswith(f"{HOST}/map/"):  # the app's own files (static/map), with ?v=
                route.fulfill(path=assets.STATIC_DIR / url.removeprefix(f"{HOST}/").split("?")[0])
            else:
                route.abort()  # tiles

        page.route("**/*", serve)
        page.goto(f"{HOST}/map.html")
        page.wait_for_function("() => window.hk !== undefined && hk.idle()")
        return page

    return open_map


def zoom_in(page):
    """Close to Leiden, Noordwijk and Delft, so each has its own marker (at zoom 7 some form a group)."""
    page.evaluate("() => hk.map().setView([52.1, 4.42], 11, {animate: false})")
    page.wait_for_function("() => hk.idle()")


def open_popup(page, hotspot_id: str):
    page.locator(f'svg[data-hotspot="{hotspot_id}"]').click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_be_visible()
    return popup


def test_without_tiles_the_country_outline_is_the_background(show, sample_frame):
    page = show(sample_frame)  # every tile request is refused
    outline = page.locator(".leaflet-hk-fallback-pane path")
    expect(outline.first).to_be_attached()
    # the Netherlands and its neighbours (one path each), filled white and light grey under the markers
    countries = json.loads(mapview.COUNTRIES_FILE.read_text(encoding="utf-8"))["features"]
    assert outline.count() == len(countries) >= 2
    fills = set(
        page.evaluate(
            "() => [...document.querySelectorAll('.leaflet-hk-fallback-pane path')].map(p => p.getAttribute('fill'))"
        )
    )
    assert fills == {"#FFFFFF", "#F8FAFC"}
    assert page.locator(".leaflet-tile-loaded").count() == 0


def test_every_hotspot_is_a_marker_with_its_shape_and_state(show, sample_frame):
    page = show(sample_frame, selected="leiden")
    # Leiden and Noordwijk overlap at this zoom: their group is spread out, the selection kept in sight
    expect(page.locator("svg[data-hotspot]")).to_have_count(len(sample_frame))
    assert page.evaluate("() => hk.group().getVisibleParent(hk.marker('leiden')) === hk.marker('leiden')")
    expect(page.locator('.hk-geselecteerd svg[data-hotspot="leiden"]')).to_have_count(1)
    expect(page.locator('.hk-bereik svg[data-hotspot="delft"]')).to_have_count(1)
    expect(page.locator('.hk-gedimd svg[data-hotspot="eindhoven"]')).to_have_count(1)
    # the name is the marker's accessible name
    expect(page.get_by_role("img", name="Leiden Bio Science Park")).to_have_count(1)


POPUP_CLEAR_OF_LEGEND = """() => {
    const legend = document.querySelector(".hk-legend-control"), popup = document.querySelector(".leaflet-popup");
    if (getComputedStyle(legend).visibility === "hidden") { return true; }
    const l = legend.getBoundingClientRect(), r = popup.getBoundingClientRect();
    return !(r.left < l.right && l.left < r.right && r.top < l.bottom && l.top < r.bottom);
}"""


def fact_rows(frame, hotspot_id: str) -> list[str]:
    """The popup's table rows as the browser shows them, from hotspots.describe.facts."""
    record = frame.set_index("id").loc[hotspot_id]
    return [f"{f.label}{f.value}" + (f" {describe.ESTIMATE}" if f.estimated else "") for f in describe.facts(record)]


def test_popup_shows_the_facts_marks_estimates_and_cites_sources(show, sample_frame):
    page = show(sample_frame)
    zoom_in(page)
    popup = open_popup(page, "leiden")
    expect(popup.locator("h2")).to_have_text("Leiden Bio Science Park")
    expect(popup.locator(".hk-place")).to_have_text("Leiden, Zuid-Holland")
    expect(popup.locator("tr")).to_have_text(fact_rows(sample_frame, "leiden"))
    expect(popup.locator("tr")).to_have_text(
        [
            "TypeWetenschapsgedreven",
            "FaseGroei inschatting",
            "Productketensgeen",
            "Digitaal Verbindenniet besproken",
            "AnkersLUMC; Universiteit Leiden",
        ]
    )
    expect(popup.locator(".hk-sources li")).to_have_text(
        [sources.citation("001_38567238ee4dba9b.txt", "§3.4")]  # title, publisher, year: never the file name
    )
    expect(popup.locator(".hk-note")).to_have_text("Locatie: inschatting (campus of kernlocatie)")
    # the popup is never drawn under the legend: it pans clear of it, or the legend steps aside
    assert page.evaluate(POPUP_CLEAR_OF_LEGEND)
    page.locator(".leaflet-popup-close-button").click()
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    expect(page.locator(".hk-legend")).to_be_visible()
    # a popup that cannot pan clear of the open legend: the legend steps aside while it is open
    # (Noordwijk just right of the legend: its popup, centred above it, reaches over the legend)
    page.evaluate(
        """() => {
            const map = hk.map(), legend = document.querySelector(".hk-legend-control").getBoundingClientRect();
            const at = map.latLngToContainerPoint(hk.marker("noordwijk").getLatLng());
            map.panBy([at.x - (legend.right + 60), at.y - (legend.bottom - 40)], {animate: false});
        }"""
    )
    page.wait_for_function("() => hk.idle()")
    expect(page.locator(".hk-legend")).to_be_visible()
    page.evaluate("() => { const p = hk.marker('noordwijk').getPopup(); p.options.autoPan = false; }")
    popup = open_popup(page, "noordwijk")
    expect(page.locator(".hk-legend")).to_be_hidden()
    assert page.evaluate(POPUP_CLEAR_OF_LEGEND)
    page.locator(".leaflet-popup-close-button").click()
    expect(page.locator(".hk-legend")).to_be_visible()
    page.evaluate("() => { hk.marker('noordwijk').getPopup().options.autoPan = true; }")
    # stated in the seeds: no estimate mark
    zoom_in(page)
    popup = open_popup(page, "noordwijk")
    expect(popup.locator("tr")).to_have_text(fact_rows(sample_frame, "noordwijk"))
    expect(popup.locator("tr", has=page.locator("th", has_text="Fase"))).to_have_text("FaseOpkomst")
    expect(popup.locator(".hk-est")).to_have_count(1)  # only the location is an estimate
    # two types, a product chain and Digitaal Verbinden
    page.locator(".leaflet-popup-close-button").click()
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    popup = open_popup(page, "delft")
    expect(popup.locator("tr")).to_have_text(fact_rows(sample_frame, "delft"))


@pytest.mark.parametrize("text", [XSS, TEMPLATE])
def test_text_from_the_data_shows_as_text_and_runs_nothing(show, text):
    seed = DELFT["properties"]["sources"][0]["seed"]
    frame = frame_from_features(
        collection(
            feature("x", name=text, place=text, anchors=[text], focus=text, sources=[{"seed": seed, "section": text}])
        )["features"]
    )
    page = show(frame)
    # the name on the map is text, too
    expect(page.locator(".hk-name")).to_have_text(text)
    page.locator('svg[data-hotspot="x"]').hover()
    expect(page.locator(".hk-tooltip")).to_have_text(text)
    popup = open_popup(page, "x")
    expect(popup.locator("h2")).to_have_text(text)
    expect(popup.locator(".hk-focus")).to_have_text(text)
    expect(popup.locator(".hk-place")).to_have_text(f"{text}, Zuid-Holland")
    expect(popup.locator("tr", has=page.locator("th", has_text="Ankers")).locator("td")).to_have_text(text)
    expect(popup.locator(".hk-sources li")).to_contain_text(text)
    assert page.locator(".leaflet-container img:not(.leaflet-tile), .leaflet-container script").count() == 0
    assert page.evaluate("() => window.pwned") is None


def test_rings_are_drawn_with_labels_and_let_clicks_through(show, sample_frame):
    page = show(sample_frame, selected="leiden", radius_km=100)
    # the chosen radius and the 80 and 120 km references (besides the legs of the spread-out
    # group of Leiden and Noordwijk, which overlap at this zoom)
    expect(page.locator(".leaflet-overlay-pane path:not(.hk-spread-leg)")).to_have_count(3)
    expect(page.locator(".hk-ring-label")).to_have_text(["80 km", "100 km", "120 km"])
    expect(page.locator(".hk-ring-chosen")).to_have_text("100 km")
    assert page.locator(".leaflet-overlay-pane path.leaflet-interactive").count() == 0
