"""Real browser: the Samenwerking page draws a line per link, with reasons, and koppel keeps the zoom."""

from __future__ import annotations

import re

import pytest
from browser_helpers import map_frame
from playwright.sync_api import expect

from hotspots import partners
from hotspots.io import DEFAULT_DATA_PATH, load_hotspots

VIEW = "() => [window.map.getZoom(), window.map.getCenter().lat, window.map.getCenter().lng]"
# The map has settled with this many lines (hk.linkCount: the lines of the current layer).
LINES_DRAWN = "(n) => window.hk !== undefined && hk.linkCount !== undefined && hk.idle() && hk.linkCount() === n"
LINE_PATHS = ".leaflet-hk-links-pane path.hk-link"


@pytest.fixture(scope="module")
def shipped():
    return load_hotspots(DEFAULT_DATA_PATH).frame


@pytest.fixture
def page_url(streamlit_server):
    return streamlit_server() + "/samenwerking"


def leaflet_frame(page):
    return next(f for f in page.frames if "streamlit_folium" in f.url)


def open_page(page, url, lines: int):
    page.goto(url)
    frame = map_frame(page)
    leaflet = leaflet_frame(page)
    leaflet.wait_for_function(LINES_DRAWN, arg=lines)
    return frame, leaflet


def test_a_line_per_link_with_the_reasons_in_its_tooltip(page, network, page_url, shipped):
    network.block_external()  # no tiles: the lines must not depend on them
    links = partners.links(shipped, 80)
    frame, leaflet = open_page(page, page_url, len(links))
    expect(frame.locator(LINE_PATHS)).to_have_count(len(links))
    expect(page.locator(".hk-titlebar p:not(.hk-filters)")).to_have_text(
        f"{len(links)} verbindingen tussen {len(shipped)} hotspots binnen 80 km · koppel: productketen, type, "
        "Digitaal Verbinden"
    )
    # the legend of the lines
    expect(frame.locator(".hk-links-legend")).to_contain_text("Kansrijke partners")
    expect(frame.locator(".hk-links-legend li")).to_have_text(
        ["Productketen", "Digitaal Verbinden", "Type", "Dikker: hogere score", "Gestreept: berust op inschattingen"]
    )
    # lines lie under the markers: their pane is below the marker pane
    panes = leaflet.evaluate(
        """() => [getComputedStyle(hk.map().getPane("hk-links")).zIndex,
                  getComputedStyle(hk.map().getPane("markerPane")).zIndex].map(Number)"""
    )
    assert panes[0] < panes[1]

    # a tooltip on a line: both names, the reasons and the distance (Wetsus and Energy Valley, far from others)
    link = links[(links["a"] == "energy-valley") & (links["b"] == "wetsus")].iloc[0]
    names = dict(zip(shipped["id"], shipped["name"], strict=True))
    leaflet.evaluate("() => window.map.setView([53.2, 6.2], 10, {animate: false})")
    leaflet.wait_for_function("() => hk.idle()")
    frame.locator('path.hk-link-hit[data-link="energy-valley wetsus"]').hover()
    tooltip = frame.locator(".hk-link-tooltip")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_have_text(f"{names['energy-valley']} – {names['wetsus']}{partners.reasons_text(link)}")
    assert re.search(r"· \d+,\d km$", partners.reasons_text(link))


def test_koppel_changes_the_lines_and_keeps_the_zoom(page, page_url, shipped):
    every = len(partners.links(shipped, 80))
    fewer = len(partners.links(shipped, 80, {"keten", "dv"}))
    assert 0 < fewer < every
    frame, leaflet = open_page(page, page_url, every)
    leaflet.evaluate("() => window.map.setView([52.0, 4.6], 9, {animate: false})")
    leaflet.wait_for_function("() => hk.idle()")
    before = leaflet.evaluate(VIEW)

    page.locator('[data-testid="stMain"]').get_by_role("button", name="Type", exact=True).click()
    expect(page).to_have_url(re.compile(r"koppel=keten(%2C|,)dv"))
    leaflet.wait_for_function(LINES_DRAWN, arg=fewer)
    expect(frame.locator(LINE_PATHS)).to_have_count(fewer)
    expect(page.locator(".hk-titlebar p:not(.hk-filters)")).to_contain_text(f"{fewer} verbindingen")
    after = leaflet.evaluate(VIEW)
    assert after[0] == before[0]
    assert after[1:] == pytest.approx(before[1:], abs=1e-6)


def test_clicking_a_hotspot_lists_its_partners_and_highlights_their_lines(page, page_url, shipped):
    links = partners.links(shipped, 80)
    expected = partners.partners_of(links, "wetsus")
    frame, leaflet = open_page(page, page_url, len(links))
    leaflet.evaluate("() => window.map.setView([53.2, 6.2], 10, {animate: false})")
    leaflet.wait_for_function("() => hk.idle()")
    frame.locator('svg[data-hotspot="wetsus"]').click()
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_role("heading", name="Wetsus")).to_be_visible(timeout=20_000)
    expect(page).to_have_url(re.compile(r"hotspot=wetsus"))
    names = dict(zip(shipped["id"], shipped["name"], strict=True))
    items = main.locator('[data-testid="stMarkdownContainer"] ol > li')
    expect(items).to_have_count(len(expected))
    for item, row in zip(items.all(), expected.itertuples(), strict=True):
        expect(item).to_contain_text(names[row.partner])
        expect(item).to_contain_text(row.reasons)
    # its lines on top at full strength, the others faded
    expect(frame.locator(f"{LINE_PATHS}.hk-link-partner")).to_have_count(len(expected))
    expect(frame.locator(f"{LINE_PATHS}.hk-link-faded")).to_have_count(len(links) - len(expected))


def test_the_table_has_a_row_per_line_on_the_map(page, network, page_url, shipped):
    network.block_external()
    links = partners.links(shipped, 80)
    frame, leaflet = open_page(page, page_url, len(links))
    lines = frame.locator(LINE_PATHS)
    expect(lines).to_have_count(len(links))
    main = page.locator('[data-testid="stMain"]')
    expander = main.locator('[data-testid="stExpander"]').filter(has_text="Tabel van de verbindingen")
    expander.get_by_text("Tabel van de verbindingen").click()
    count = expander.get_by_text(re.compile(r"^\d+ verbindingen in de tabel"))
    expect(count).to_be_visible()
    rows = int(re.match(r"\d+", count.inner_text()).group())
    assert rows == lines.count() == len(links)
    # the table itself has that many rows (Streamlit's data grid says so for screen readers)
    expect(expander.locator('[data-testid="stDataFrame"]')).to_be_visible()
    grid = expander.locator('[data-testid="stDataFrame"] [role="grid"], [data-testid="stDataFrame"] table').first
    assert int(grid.get_attribute("aria-rowcount")) == rows + 1  # the header row counts too
    for label in ("CSV (Excel NL)", "CSV", "Excel"):  # one click per file (ui/downloads.py)
        expect(expander.get_by_role("button", name=label, exact=True)).to_be_visible()
    expect(expander.get_by_role("button", name="Bestand maken", exact=True)).to_have_count(0)
