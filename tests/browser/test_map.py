"""Real browser: the map shows every hotspot, filters keep the zoom, a click selects.

The map at other screen sizes (fit, groups, names, legend): test_screens.py.
"""

from __future__ import annotations

import json
import re

import pytest
from browser_helpers import map_frame
from playwright.sync_api import expect

from hotspots import describe
from hotspots.io import DEFAULT_DATA_PATH

# Counts the hotspot markers Leaflet holds, clustered or not.
COUNT_MARKERS = """() => {
    let n = 0;
    const walk = (layer) => {
        if (layer.feature && layer.feature.geometry.type === "Point") { n += 1; }
        else if (layer.eachLayer) { layer.eachLayer(walk); }
    };
    (window.feature_group || []).filter((g) => window.map.hasLayer(g)).forEach(walk);
    return n;
}"""
VIEW = "() => [window.map.getZoom(), window.map.getCenter().lat, window.map.getCenter().lng]"
# Every hotspot is on the map: as its own marker, or in a group marker that spreads out on a click.
ALL_SHOWN = """(n) => hk.idle() && hk.group().getLayers().length === n &&
    hk.group().getLayers().every((m) => hk.group().getVisibleParent(m) !== null)"""


def shipped():
    return json.loads(DEFAULT_DATA_PATH.read_text(encoding="utf-8"))["features"]


def folium_frame(page):
    return next(f for f in page.frames if "streamlit_folium" in f.url)


@pytest.fixture
def map_url(streamlit_server):
    return streamlit_server()


def test_map_shows_every_hotspot_with_local_assets_only(page, network, map_url):
    network.block_external()  # tiles fail too: the map must still work
    page.goto(map_url)
    frame = map_frame(page)
    total = len(shipped())
    folium_frame(page).wait_for_function(ALL_SHOWN, arg=total)
    assert folium_frame(page).evaluate(COUNT_MARKERS) == total
    expect(page.get_by_text(f"{total} van {total} hotspots", exact=True)).to_be_visible()
    expect(frame.get_by_role("button", name="Legenda")).to_be_visible()
    expect(frame.get_by_role("checkbox", name="Namen op de kaart")).to_be_checked()
    assert network.external("script", "stylesheet", "font") == []


def test_removing_a_type_changes_markers_and_keeps_the_zoom(page, map_url):
    page.goto(map_url)
    map_frame(page)
    total = len(shipped())
    leaflet = folium_frame(page)
    leaflet.wait_for_function(ALL_SHOWN, arg=total)
    leaflet.evaluate("() => window.map.setView([52.0, 4.6], 9, {animate: false})")
    leaflet.wait_for_function("() => hk.idle()")
    before = leaflet.evaluate(VIEW)
    creative = sum(
        "creatief-urbaan" in f["properties"]["types"] and len(f["properties"]["types"]) == 1 for f in shipped()
    )
    assert creative > 0
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role(
        "button", name=re.compile(r"Remove Creatief-urbaan|Creatief-urbaan.*(remove|weghalen)", re.I)
    ).or_(
        sidebar.locator('[data-baseweb="tag"]', has_text="Creatief-urbaan").locator('[role="presentation"]')
    ).first.click()
    expect(page.get_by_text(f"{total - creative} van {total} hotspots", exact=True)).to_be_visible()
    leaflet.wait_for_function(ALL_SHOWN, arg=total - creative)
    assert leaflet.evaluate(COUNT_MARKERS) == total - creative
    after = leaflet.evaluate(VIEW)
    assert after[0] == before[0]
    assert after[1:] == pytest.approx(before[1:], abs=1e-6)


def test_clicking_a_marker_shows_details_and_reach(page, map_url):
    page.goto(map_url)
    frame = map_frame(page)
    marker = frame.locator('svg[data-hotspot="wetsus"]')
    marker.click()
    # the page must not scroll under the mouse when the map takes focus
    assert page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTop") == 0
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_role("heading", name="Wetsus")).to_be_visible(timeout=20_000)
    expect(main.get_by_role("heading", name="Binnen 80 km")).to_be_visible()
    expect(page).to_have_url(re.compile(r"hotspot=wetsus"))
    # the selected marker is drawn large and the reach list is there
    expect(frame.locator('.hk-geselecteerd svg[data-hotspot="wetsus"]')).to_have_count(1)
    # the popup the click opened is still open after the markers were redrawn (and the
    # map flew to the ring). A redraw closes the old popup and opens it again: Leaflet
    # fades the closed one out (opacity 0, removed after 0.2 s), so two can exist for a
    # moment. Look only at the open one, and wait until the closing one is gone.
    open_popup = frame.locator('.leaflet-popup:not([style*="opacity: 0"])')
    expect(open_popup).to_have_count(1)
    expect(frame.locator(".leaflet-popup")).to_have_count(1)
    popup = open_popup.locator(".leaflet-popup-content")
    expect(popup.locator("h2")).to_have_text("Wetsus")
    # and shows the hotspot's facts as hotspots.describe words them
    wetsus = next(f["properties"] for f in shipped() if f["properties"]["id"] == "wetsus")
    phase = next(f for f in describe.facts(wetsus) if f.label == "Fase")
    expect(popup.locator("tr", has=frame.locator("th", has_text="Fase")).locator("td")).to_have_text(
        phase.value + (f" {describe.ESTIMATE}" if phase.estimated else "")
    )
    expect(main.get_by_text(re.compile(r"^\d+ hotspots?, dichtstbijzijnde eerst$"))).to_be_visible()


def test_many_hotspots_are_clustered_and_a_click_still_selects(page, streamlit_server, tmp_path_factory):
    from factories import collection, feature, write

    from hotspots import mapview

    n = mapview.CLUSTER_THRESHOLD + 100
    # a grid over the middle of the country, 0.05 degrees apart
    grid = [feature(f"h{i}", 5.0 + (i % 20) * 0.05, 52.0 + (i // 20) * 0.05, name=f"Hotspot {i}") for i in range(n)]
    data = write(tmp_path_factory.mktemp("many") / "many.geojson", collection(*grid))
    page.goto(streamlit_server(env={"HOTSPOTS_DATA": str(data)}))
    frame = map_frame(page)
    expect(frame.locator(".hk-group").first).to_be_visible()
    expect(frame.locator(".hk-legend")).to_contain_text("Groep van 12 hotspots")
    leaflet = folium_frame(page)
    leaflet.wait_for_function(f"() => ({COUNT_MARKERS})() === {n}")
    leaflet.wait_for_function(ALL_SHOWN, arg=n)
    # zoomed in, the groups fall apart; a marker the cluster layer added later still selects on a click
    leaflet.evaluate("() => window.map.setView([52.25, 5.25], 12, {animate: false})")
    leaflet.wait_for_function("() => hk.idle()")
    marker = frame.locator('svg[data-hotspot="h105"]')
    expect(marker).to_be_visible()
    marker.click()
    expect(page).to_have_url(re.compile(r"hotspot=h105"))
    # the run that draws the details of one of 400 hotspots (and their list) takes a while on a busy machine
    expect(page.locator('[data-testid="stMain"]').get_by_role("heading", name="Hotspot 105")).to_be_visible(
        timeout=30_000
    )


def test_filters_appear_even_when_the_map_never_reports(page, map_url):
    # The sidebar's widgets wait for the map's first report on a first view;
    # without the map's script that report never comes, and they come anyway.
    page.route("**/component/streamlit_folium.st_folium/**/*.js", lambda route: route.abort())
    page.goto(map_url)
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text("hotspots", exact=False).first).to_be_visible()
    expect(sidebar.get_by_role("textbox", name="Zoeken")).to_be_visible(timeout=20_000)


def test_filters_come_with_the_maps_first_report(page, streamlit_server):
    # ui/first_view.py relies on streamlit-folium reporting once its map is
    # ready. With the fallback out of reach, only that report can bring the
    # sidebar's widgets: this fails if streamlit-folium stops sending it.
    url = streamlit_server(env={"HOTSPOTS_FILTERS_FALLBACK_S": "3600"})
    page.goto(url)
    map_frame(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_role("textbox", name="Zoeken")).to_be_visible(timeout=20_000)
