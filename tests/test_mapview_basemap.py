"""The base map: the same on every run, with basemaps, controls, legend, styles and script."""

import hashlib
import json

from streamlit_folium import _get_map_string, generate_js_hash

from hotspots import assets, describe, mapview
from hotspots.mapview import basemap


def test_base_map_is_the_same_on_every_run():
    # streamlit-folium keys the browser's map on this hash: equal hashes mean
    # the map is not rebuilt, so the user's zoom and centre stay
    first = generate_js_hash(_get_map_string(mapview.base_map()), "kaart", False)
    second = generate_js_hash(_get_map_string(mapview.base_map()), "kaart", False)
    assert first == second
    clustered = generate_js_hash(_get_map_string(mapview.base_map(cluster=True)), "kaart", False)
    assert clustered == generate_js_hash(_get_map_string(mapview.base_map(cluster=True)), "kaart", False)


def browser_config(html_doc: str) -> dict:
    """The config the base map's script passes to hkModules.mapview (static/map/mapview.js)."""
    return json.JSONDecoder().raw_decode(html_doc.split("window.hk = hkModules.mapview(", 1)[1])[0]


def base_config(html_doc: str) -> dict:
    """What the base map's script passes to hk.setup (basemaps, controls, legend)."""
    arguments = html_doc.rsplit("hk.setup(", 1)[1].split(", ", 1)[1]
    return json.JSONDecoder().raw_decode(arguments)[0]


def test_base_map_has_basemaps_and_controls():
    html_doc = mapview.base_map().get_root().render()
    basemaps = {b["name"]: b for b in base_config(html_doc)["basemaps"]}
    assert "service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs" in basemaps["PDOK BRT-Achtergrondkaart grijs"]["url"]
    assert "Kadaster" in basemaps["PDOK BRT-Achtergrondkaart grijs"]["options"]["attribution"]
    assert "tile.openstreetmap.org" in basemaps["OpenStreetMap"]["url"]
    assert "basemaps.cartocdn.com/light_all" in basemaps["CartoDB licht"]["url"]
    # hk.setup adds them with Leaflet and the vendored plugin; hk.init adds the scale
    script = basemap.SCRIPT_FILE.read_text(encoding="utf-8")
    for call in ("L.control.layers(", "L.control.fullscreen(", "L.control.scale("):
        assert call in script
    countries = json.loads(mapview.COUNTRIES_FILE.read_text(encoding="utf-8"))
    assert "Nederland" in {f["properties"]["naam"] for f in countries["features"]}
    # mapview.js fetches the outline from beside itself
    assert mapview.COUNTRIES_FILE.parent == basemap.SCRIPT_FILE.parent
    assert '"landen.geojson"' in script


def test_base_map_links_the_js_and_css_files_and_sends_the_fact_labels():
    m = mapview.base_map()
    html_doc = m.get_root().render()
    # script and styles are files the app serves (with their digest as version), not text sent on every run
    assets.localise(m)
    bundle = assets.STATIC_DIR / basemap.SCRIPT_BUNDLE
    for file, name in ((bundle, "mapview.bundle.js"), (basemap.STYLE_FILE, "mapview.css")):
        urls = [url for url in assets.asset_urls(m) if f"/{name}?" in url]
        digest = hashlib.sha256(file.read_bytes()).hexdigest()[:12]
        assert urls == [f"/app/static/map/{name}?v={digest}"]
    assert "function setup(" not in html_doc
    assert ".hk-marker" not in html_doc
    # the popup's row labels come from hotspots.describe, sent once with the map
    assert browser_config(html_doc)["factLabels"] == list(describe.FACT_LABELS)


def test_map_script_is_its_sections_in_order_in_one_file_after_leaflet_with_its_version():
    m = mapview.base_map()
    assets.localise(m)
    urls = assets.asset_urls(m)
    scripts = [url for url in urls if url.endswith(".js") or ".js?" in url]
    own = [url for url in scripts if "/app/static/map/" in url]
    # one file (streamlit-folium loads scripts one after the other): Leaflet, its plugins and the parts
    assert scripts == own
    assert [url.split("?")[0] for url in own] == ["/app/static/map/mapview.bundle.js"]
    bundle = (assets.STATIC_DIR / basemap.SCRIPT_BUNDLE).read_text(encoding="utf-8")
    digest = hashlib.sha256(bundle.encode("utf-8")).hexdigest()[:12]
    assert own[0].endswith(f"?v={digest}")
    # the shared helpers, the core (which calls the parts when the map is made), then the parts, each whole
    assert basemap.SCRIPT_PARTS == ("util", "mapview", "fit", "legend", "names", "markers", "keyboard")
    texts = [(assets.STATIC_DIR / "map" / f"{part}.js").read_text(encoding="utf-8") for part in basemap.SCRIPT_PARTS]
    head, body = bundle.split("\n", 1)
    assert head.startswith("/* Hotspotkaart bundle, built from vendor/leaflet/leaflet.js, ") and "do not edit" in head
    # after Leaflet and the plugins they use, each file whole (less the source-map line of a minified library)
    libraries = [(assets.STATIC_DIR / path).read_text(encoding="utf-8") for path in basemap.VENDOR_SCRIPTS]
    assert [path.rsplit("/", 1)[1] for path in basemap.VENDOR_SCRIPTS] == [
        "leaflet.js",
        "Control.FullScreen.js",
        "leaflet.markercluster.js",
    ]
    position = 0
    for text in libraries:
        start = text.split("\n", 1)[0]
        assert body.index(start, position) >= position
        position = body.index(start, position) + 1
    assert "sourceMappingURL" not in body
    assert body.endswith("".join(texts))
    assert body.index("Leaflet 1.9.4") < body.index("L.MarkerClusterGroup=") < body.index(texts[0])
    # every part registers on the namespace the core reads it from
    for part, text in zip(basemap.SCRIPT_PARTS, texts, strict=True):
        assert f"modules.{part} = " in text


def test_the_bundle_is_rebuilt_when_a_part_changes_and_the_parts_are_linked_when_it_cannot_be_written(
    tmp_path, monkeypatch
):
    (tmp_path / "map").mkdir()
    for name, text in (("a", "/* a */\n"), ("b", "/* b */\n")):
        (tmp_path / "map" / f"{name}.js").write_text(text, encoding="utf-8")
    monkeypatch.setattr(assets, "STATIC_DIR", tmp_path)
    parts = ["map/a.js", "map/b.js"]
    assert assets.bundle("map/x.bundle.js", parts) == "map/x.bundle.js"
    built = tmp_path / "map" / "x.bundle.js"
    assert built.read_text(encoding="utf-8").split("\n", 1)[1] == "/* a */\n/* b */\n"
    first = assets._digest("map/x.bundle.js")
    (tmp_path / "map" / "b.js").write_text("/* b, changed */\n", encoding="utf-8")
    assert assets.bundle("map/x.bundle.js", parts) == "map/x.bundle.js"
    assert built.read_text(encoding="utf-8").endswith("/* a */\n/* b, changed */\n")
    assert assets._digest("map/x.bundle.js") != first  # a new version in the URL
    assert sorted(p.name for p in (tmp_path / "map").iterdir()) == ["a.js", "b.js", "x.bundle.js"]  # no temporary left
    # a read-only app directory without the bundle (the system refuses the write): None, nothing left behind
    built.unlink()

    def refused(*args, **kwargs):
        raise PermissionError("read-only")

    monkeypatch.setattr(assets.tempfile, "mkstemp", refused)
    assert assets.bundle("map/x.bundle.js", parts) is None
    assert sorted(p.name for p in (tmp_path / "map").iterdir()) == ["a.js", "b.js"]
    # then the map links the parts one by one
    monkeypatch.setattr(basemap, "bundle", lambda target, parts: None)
    assert [url for _, url in basemap._script_files() or []] == [
        f"{assets.OWN_PREFIX}map/{part}.js" for part in basemap.SCRIPT_PARTS
    ]


def test_legend_explains_types_phases_rings_and_groups():
    legend = mapview.legend_html()
    for word in (
        "Creatief-urbaan",
        "Engineering",
        "Wetenschapsgedreven",
        "Twee typen: beide kleuren",
        "Opkomst",
        "Groei",
        "Consolidatie",
        "Transitie",
        "Geselecteerde hotspot",
        "Binnen de straal",
        "Gekozen straal (80–120 km)",
        "Referentie 80 en 120 km",
    ):
        assert word in legend
    # each type in its colour
    for colour in mapview.TYPE_COLOURS.values():
        assert colour in legend
    # overlapping hotspots form groups that spread out, in every data set
    assert "3 hotspots op één plek: klik om ze uit te spreiden" in legend
    # the wider groups a click zooms into only where the data set can have them
    assert "Groep van 12 hotspots" not in legend
    assert "Groep van 12 hotspots" in mapview.legend_html(cluster=True)
    assert "Groep van 12 hotspots" in mapview.base_map(cluster=True).get_root().render()
    assert "Groep van 12 hotspots" not in mapview.base_map().get_root().render()


def test_markercluster_is_always_loaded_and_the_controls_come_after_the_others():
    from hotspots import assets

    for cluster in (False, True):
        m = mapview.base_map(cluster=cluster)
        urls = assets.asset_urls(m)
        assert any("leaflet.markercluster" in url for url in urls)
        assert any("Control.FullScreen" in url for url in urls)
        config = base_config(m.get_root().render())
        assert [b["name"] for b in config["basemaps"]] == [
            "PDOK BRT-Achtergrondkaart grijs",
            "OpenStreetMap",
            "CartoDB licht",
        ]
        assert [b["show"] for b in config["basemaps"]] == [True, False, False]
        assert config["fullscreen"]["title"] == "Volledig scherm"
        assert ("Groep van 12 hotspots" in config["legend"]) is cluster
    # hk.setup: the legend and the names toggle take the corners after zoom, fullscreen and basemaps
    setup = basemap.SCRIPT_FILE.read_text(encoding="utf-8").split("function setup(", 1)[1].split("\n    }\n", 1)[0]
    assert setup.index("L.control.layers(") < setup.index("controls(map")
    assert setup.index("L.control.fullscreen(") < setup.index("controls(map")


def test_browser_config_names_and_fit():
    config = browser_config(mapview.base_map().get_root().render())
    assert config["labelSize"] == basemap.LABEL_PX >= 13
    assert config["legendOpenFrom"] == 700
    assert config["fitMaxZoom"] == 12
    assert config["fitGap"] >= 0
    assert config["groupRadius"] == mapview.markers.GROUP_RADIUS_PX
    # a presentation can show larger names; the base map stays the same for the same size
    big = mapview.base_map(label_px=16).get_root().render()
    assert '"labelSize": 16' in big
    first = generate_js_hash(_get_map_string(mapview.base_map(label_px=16)), "kaart", False)
    assert first == generate_js_hash(_get_map_string(mapview.base_map(label_px=16)), "kaart", False)


def test_the_map_frame_lets_the_reader_zoom():
    # folium's own viewport has maximum-scale=1.0, user-scalable=no (WCAG 1.4.4, axe's meta-viewport)
    for m in (mapview.base_map(), mapview.base_map(cluster=True)):
        m.render()
        header = m.get_root().header.render()
        assert header.count('name="viewport"') == 1
        assert basemap.VIEWPORT in header
        assert "user-scalable" not in header and "maximum-scale" not in header
