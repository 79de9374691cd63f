"""Real browser: the map renders with the app's own Leaflet & plugins, no CDN involved.

The baseline page (fixtures/one_marker_app.py) runs in headless Chromium with
every request to another host aborted, as in a room without internet: the map
must still appear with its marker and controls, and every script, stylesheet
and font the page or the map iframe asked for must have come from the app.
"""

from __future__ import annotations

import urllib.request

import pytest
from browser_helpers import FIXTURES, map_frame

from hotspots.assets import CDN_TO_VENDOR, vendor_url

BASELINE = FIXTURES / "one_marker_app.py"
ASSET_TYPES = ("script", "stylesheet", "font")


def _open_map(page, network, url: str):
    """Open ``url`` and wait for the map's marker; say what went wrong if it does not appear."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    page.goto(url)
    try:
        frame = map_frame(page)
        frame.locator(".leaflet-marker-icon").first.wait_for(state="visible")
    except PlaywrightTimeoutError:
        # Usually a script that could not load: streamlit-folium then never draws the map.
        external = [r.url for r in network.external(*ASSET_TYPES)]
        pytest.fail(f"the map did not render; assets from another host: {external}; failed: {network.failed}")
    return frame


@pytest.mark.parametrize("query", ["", "?cluster=1"], ids=["marker", "cluster"])
def test_map_renders_offline_with_only_local_assets(streamlit_server, page, network, query):
    network.block_external()
    frame = _open_map(page, network, streamlit_server(BASELINE) + "/" + query)

    # the marker and the controls the plugins add are there
    assert frame.locator(".leaflet-marker-icon svg").count() == 1
    assert frame.locator(".leaflet-control-scale").count() == 1
    assert frame.locator(".leaflet-control-layers").count() == 1
    assert frame.locator(".leaflet-control-zoom-fullscreen").count() == 1
    # the popup is built with jQuery: clicking the marker opens it
    frame.locator(".leaflet-marker-icon").first.click()
    frame.locator(".leaflet-popup-content", has_text="RoboValley").wait_for(state="visible")

    requested = network.of_type(*ASSET_TYPES)
    vendored = [r.url for r in requested if "/app/static/vendor/" in r.url]
    assert any(url.endswith("/leaflet/leaflet.js") for url in vendored), requested
    assert any(url.endswith("/leaflet.fullscreen/Control.FullScreen.js") for url in vendored), requested
    if query:
        assert any(url.endswith("/leaflet.markercluster/leaflet.markercluster.js") for url in vendored), requested
    assert not network.external(*ASSET_TYPES), "assets from another host"
    # no vendored file (or anything else local) failed to load
    assert not network.failed
    # the only thing that wanted to leave the machine: basemap tiles
    assert all("tile.openstreetmap.org" in url for url in network.blocked), network.blocked


def test_vendored_files_are_served_with_their_mime_type(streamlit_server):
    """Streamlit sends X-Content-Type-Options: nosniff; the browser runs the files only with the right type."""
    base = streamlit_server(BASELINE) + vendor_url()
    expected = {".js": "javascript", ".css": "text/css"}
    for path in sorted({p for p in CDN_TO_VENDOR.values() if p}):
        with urllib.request.urlopen(f"{base}/{path}", timeout=10) as response:
            content_type = response.headers["Content-Type"]
            assert response.status == 200
            assert expected[path[path.rindex(".") :]] in content_type, (path, content_type)
            assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_map_loads_under_a_base_url_path(streamlit_server, page, network):
    network.block_external()
    url = streamlit_server(BASELINE, options={"server.baseUrlPath": "hotspotkaart"})
    _open_map(page, network, f"{url}/hotspotkaart/")
    assert any("/hotspotkaart/app/static/vendor/leaflet/leaflet.js" in r.url for r in network.of_type("script"))
    assert not network.external(*ASSET_TYPES)
    assert not network.failed
