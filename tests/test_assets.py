"""hotspots.assets: every script and stylesheet of the map comes from static/vendor, never a CDN."""

from __future__ import annotations

import hashlib
import mimetypes
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import branca.colormap
import folium
import folium.plugins
import pytest

from hotspots import assets
from hotspots.assets import CDN_TO_VENDOR, VENDOR_DIR, VENDORED, UnvendoredAssetError, asset_urls, localise

ROOT = Path(__file__).resolve().parent.parent
OFF_HOST = re.compile(r"^(https?:)?//", re.IGNORECASE)


def everything_the_map_uses():
    """A map with every kind of element Hotspotkaart draws, and two feature groups as sent to st_folium."""
    m = folium.Map(location=[52.0, 4.5], zoom_start=9, control_scale=True, tiles=None)
    folium.TileLayer("OpenStreetMap", name="OSM").add_to(m)
    folium.TileLayer("https://service.pdok.nl/{z}/{x}/{y}.png", attr="PDOK", name="PDOK").add_to(m)
    folium.LayerControl().add_to(m)
    folium.plugins.Fullscreen().add_to(m)
    folium.GeoJson({"type": "FeatureCollection", "features": []}, name="Landen").add_to(m)

    markers = folium.FeatureGroup(name="Hotspots")
    cluster = folium.plugins.MarkerCluster().add_to(markers)
    folium.Marker(
        [52.0, 4.4],
        icon=folium.DivIcon(html="<svg width='10' height='10'><circle r='5' cx='5' cy='5'/></svg>"),
        tooltip=folium.Tooltip("Delft"),
        popup=folium.Popup("<b>Delft</b>", max_width=300),
    ).add_to(cluster)
    folium.CircleMarker([52.1, 4.5], radius=6, tooltip="Leiden", popup="Leiden").add_to(markers)
    folium.Marker([52.2, 4.6]).add_to(markers)  # Leaflet's default icon, images from leaflet.css
    folium.plugins.FastMarkerCluster(
        [[52.3, 4.7]], callback="function (row) { return L.circleMarker(new L.LatLng(row[0], row[1])); }"
    ).add_to(markers)

    rings = folium.FeatureGroup(name="Straal")
    folium.Circle([52.0, 4.4], radius=80_000).add_to(rings)
    folium.Polygon([[52.0, 4.0], [52.1, 4.0], [52.0, 4.1]]).add_to(rings)
    return m, markers, rings


def off_host(urls):
    return [url for url in urls if OFF_HOST.match(url)]


# --------------------------------------------------------------------------- localise


def test_without_localise_folium_loads_from_cdns():
    """The premise: otherwise this whole module would be unnecessary."""
    assert off_host(asset_urls(*everything_the_map_uses()))


def test_localise_leaves_no_asset_off_host():
    m, markers, rings = everything_the_map_uses()
    localise(m, markers, rings)
    urls = asset_urls(m, markers, rings)
    assert not off_host(urls)
    assert all(url.startswith("/app/static/vendor/") for url in urls), urls
    assert urls[0] == "/app/static/vendor/leaflet/leaflet.js", "Leaflet loads before its plugins"
    assert set(urls) == {
        "/app/static/vendor/leaflet/leaflet.js",
        "/app/static/vendor/leaflet/leaflet.css",
        "/app/static/vendor/jquery/jquery.min.js",
        "/app/static/vendor/leaflet.fullscreen/Control.FullScreen.js",
        "/app/static/vendor/leaflet.fullscreen/Control.FullScreen.css",
        "/app/static/vendor/leaflet.markercluster/leaflet.markercluster.js",
        "/app/static/vendor/leaflet.markercluster/MarkerCluster.css",
        "/app/static/vendor/leaflet.markercluster/MarkerCluster.Default.css",
    }


def test_feature_groups_added_to_the_map_as_st_folium_does_stay_local():
    # streamlit-folium adds each feature_group_to_add to the map, then collects
    # default_js/default_css from the map's whole tree.
    m, markers, rings = everything_the_map_uses()
    localise(m, markers, rings)
    markers.add_to(m)
    rings.add_to(m)
    assert not off_host(asset_urls(m))


def test_folium_own_rendering_has_no_cdn_link():
    """folium renders <script src>/<link href> from the same attributes: none points off-host."""
    m, markers, rings = everything_the_map_uses()
    markers.add_to(m)
    rings.add_to(m)
    localise(m)
    html = m.get_root().render()
    sources = re.findall(r'<script[^>]+src="([^"]+)"', html) + re.findall(r'<link[^>]+href="([^"]+)"', html)
    assert sources and not off_host(sources), sources
    # nothing that is drawn needs the dropped libraries
    assert "AwesomeMarkers" not in html
    assert "bootstrap" not in html.lower()


def test_base_url_for_an_app_under_a_path():
    m, markers, rings = everything_the_map_uses()
    localise(m, markers, rings, base_url=assets.vendor_url("/hotspotkaart/"))
    assert all(url.startswith("/hotspotkaart/app/static/vendor/") for url in asset_urls(m, markers, rings))


def test_vendor_url():
    assert assets.vendor_url() == "/app/static/vendor"
    assert assets.vendor_url("") == "/app/static/vendor"
    assert assets.vendor_url("kaart") == "/kaart/app/static/vendor"
    assert assets.vendor_url("/a/b/") == "/a/b/app/static/vendor"


def test_localise_is_idempotent_and_leaves_folium_classes_alone():
    m, markers, rings = everything_the_map_uses()
    localise(m, markers, rings)
    first = asset_urls(m, markers, rings)
    localise(m, markers, rings)
    assert asset_urls(m, markers, rings) == first
    # instances only: a new map still has folium's own URLs
    assert off_host(asset_urls(folium.Map()))
    assert off_host([url for _, url in folium.plugins.MarkerCluster.default_js])


@pytest.mark.parametrize(
    "element, expected",
    [
        (lambda: folium.Marker([52, 4], icon=folium.Icon(color="red")), "folium.Icon"),
        (lambda: folium.Marker([52, 4], icon=folium.plugins.BeautifyIcon()), "BeautifyIcon"),
        (lambda: folium.plugins.FastMarkerCluster([[52, 4]]), "FastMarkerCluster without a callback"),
        (lambda: folium.plugins.HeatMap([[52, 4]]), "leaflet-heat"),
        (lambda: branca.colormap.LinearColormap(["white", "red"]), "colormap"),
    ],
    ids=["Icon", "BeautifyIcon", "FastMarkerCluster", "HeatMap", "colormap"],
)
def test_assets_that_are_not_vendored_are_refused(element, expected):
    m = folium.Map()
    element().add_to(m)
    before = asset_urls(m)
    with pytest.raises(UnvendoredAssetError, match=expected):
        localise(m)
    assert asset_urls(m) == before, "nothing changed on error"


def test_an_unknown_cdn_url_is_refused_not_passed_through():
    m = folium.Map()
    m.default_js = [*m.default_js, ("future", "https://cdn.example.org/leaflet-next.js")]
    with pytest.raises(UnvendoredAssetError, match="leaflet-next.js"):
        localise(m)


def test_the_table_covers_what_folium_asks_for():
    """A folium upgrade that changes a CDN URL fails here, not silently in the browser."""
    used = [folium.Map, folium.plugins.MarkerCluster, folium.plugins.FastMarkerCluster, folium.plugins.Fullscreen]
    wanted = {url for cls in used for attribute in ("default_js", "default_css") for _, url in getattr(cls, attribute)}
    assert wanted <= set(CDN_TO_VENDOR), sorted(wanted - set(CDN_TO_VENDOR))


def test_the_real_map_layers_localise(sample_frame, monkeypatch):
    """hotspots.mapview's base map (with clustering too), markers and rings need only vendored assets."""
    from hotspots import mapview

    base = mapview.base_map()
    clustering = mapview.base_map(cluster=True)
    markers = mapview.hotspot_layer(sample_frame)
    first = sample_frame["id"].iloc[0]
    rings = mapview.ring_layer(sample_frame, [first], 100, reference_ids=[first], label_ids=[first])
    localise(base, clustering, markers, rings)
    assert not off_host(asset_urls(base, clustering, markers, rings))
    # overlapping markers form groups in every data set: markercluster is always loaded,
    # with Leaflet and the map's script, in one file (the map's bundle)
    bundle = (assets.STATIC_DIR / mapview.basemap.SCRIPT_BUNDLE).read_text(encoding="utf-8")
    assert "L.MarkerClusterGroup=" in bundle and "Leaflet 1.9.4" in bundle
    for m in (clustering, base):
        assert [u.split("?")[0] for u in asset_urls(m) if ".js" in u] == ["/app/static/map/mapview.bundle.js"]
    # Leaflet is all folium's own assets the map needs: no jQuery, no Bootstrap
    assert [u for u in asset_urls(base) if "jquery" in u or "bootstrap" in u] == []


def test_localise_repairs_a_text_plain_mime_type_for_js(monkeypatch):
    # Streamlit sends nosniff: a .js served as text/plain (a Windows registry
    # mapping) would not run. Use a private mimetypes database for this test.
    db = mimetypes.MimeTypes()
    db.add_type("text/plain", ".js")
    monkeypatch.setattr(mimetypes, "guess_type", db.guess_type)
    monkeypatch.setattr(mimetypes, "add_type", db.add_type)
    assert mimetypes.guess_type("leaflet.js")[0] == "text/plain"
    localise(folium.Map())
    assert mimetypes.guess_type("leaflet.js")[0] in {"text/javascript", "application/javascript"}


def test_hotspots_assets_does_not_import_streamlit():
    code = (
        "import sys, folium, hotspots.assets as a; a.localise(folium.Map()); "
        "assert 'streamlit' not in sys.modules, 'streamlit imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# --------------------------------------------------------------------------- the files


def test_every_mapped_and_packaged_file_is_on_disk():
    for path in assets.vendored_files():
        assert path.is_file() and path.stat().st_size > 0, path


def test_every_package_has_its_licence_next_to_its_files():
    for package in VENDORED.values():
        licence = VENDOR_DIR / package.licence
        assert licence.is_file(), licence
        assert re.search(r"permission is hereby granted|redistribution and use", licence.read_text(), re.IGNORECASE)
        top = package.licence.split("/")[0]
        assert all(f.split("/")[0] == top for f in package.files), package
    mapped = {p.split("/")[0] for p in CDN_TO_VENDOR.values() if p}
    assert mapped == set(VENDORED)


def test_vendored_files_are_as_npm_published_them():
    """SHA256SUMS (written by scripts/vendor_assets.sh) lists every file, unchanged."""
    listed = {}
    for line in (VENDOR_DIR / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        listed[name] = digest
    on_disk = {
        p.relative_to(VENDOR_DIR).as_posix()
        for p in VENDOR_DIR.rglob("*")
        if p.is_file() and p.name not in {"SHA256SUMS", "README.md"}
    }
    assert set(listed) == on_disk, "run scripts/vendor_assets.sh instead of editing static/vendor"
    for name, digest in listed.items():
        assert hashlib.sha256((VENDOR_DIR / name).read_bytes()).hexdigest() == digest, name
    declared = {p.relative_to(VENDOR_DIR).as_posix() for p in assets.vendored_files()}
    assert declared == on_disk, "hotspots.assets.VENDORED and static/vendor disagree"


def test_files_the_stylesheets_refer_to_are_vendored():
    """url(...) in a vendored stylesheet resolves next to it, so it must be there too (and local)."""
    for css in VENDOR_DIR.rglob("*.css"):
        for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text()):
            if ref.startswith(("data:", "#")):
                continue
            assert not OFF_HOST.match(ref), (css, ref)
            assert (css.parent / ref).is_file(), (css, ref)


def test_the_baseline_page_sees_the_same_static_folder():
    """Streamlit serves the static/ next to the main script; the fixture page's is a link to the real one."""
    link = ROOT / "tests" / "browser" / "fixtures" / "static"
    assert link.resolve() == (ROOT / "static").resolve()


def test_streamlit_config_serves_static_files():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableStaticServing"] is True
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["toolbarMode"] == "minimal"
    assert config["browser"]["gatherUsageStats"] is False


def test_the_apps_own_files_are_served_beside_the_vendored_ones_with_a_version():
    from hotspots import mapview

    m = mapview.base_map()
    localise(m, base_url=assets.vendor_url("/hotspotkaart/"))
    own = [url for url in asset_urls(m) if "/static/map/" in url]
    scripts = [url for url in own if ".js?" in url]
    # the map's script (helpers, core and parts) in one file
    assert len(own) == len(scripts) + 1
    assert len(scripts) == 1
    assert re.fullmatch(r"/hotspotkaart/app/static/map/mapview\.bundle\.js\?v=[0-9a-f]{12}", scripts[0])
    assert re.fullmatch(r"/hotspotkaart/app/static/map/mapview\.css\?v=[0-9a-f]{12}", own[-1])
    localise(m, base_url=assets.vendor_url("/hotspotkaart/"))  # idempotent
    assert [url for url in asset_urls(m) if "/static/map/" in url] == own


def test_an_own_file_that_is_not_in_static_is_refused():
    m = folium.Map()
    m.default_js = [*m.default_js, ("missing", f"{assets.OWN_PREFIX}map/missing.js")]
    with pytest.raises(UnvendoredAssetError, match="missing.js"):
        localise(m)
