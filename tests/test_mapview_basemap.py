"""The base map: the same on every run, with basemaps, controls, legend, styles and script."""

import json

from streamlit_folium import _get_map_string, generate_js_hash

from hotspots import describe, mapview
from hotspots.mapview import basemap


def test_base_map_is_the_same_on_every_run():
    # streamlit-folium keys the browser's map on this hash: equal hashes mean
    # the map is not rebuilt, so the user's zoom and centre stay
    first = generate_js_hash(_get_map_string(mapview.base_map()), "kaart", False)
    second = generate_js_hash(_get_map_string(mapview.base_map()), "kaart", False)
    assert first == second
    clustered = generate_js_hash(_get_map_string(mapview.base_map(cluster=True)), "kaart", False)
    assert clustered == generate_js_hash(_get_map_string(mapview.base_map(cluster=True)), "kaart", False)


def test_base_map_has_basemaps_and_controls():
    html_doc = mapview.base_map().get_root().render()
    assert "service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs" in html_doc
    assert "Kadaster" in html_doc
    assert "tile.openstreetmap.org" in html_doc
    assert "basemaps.cartocdn.com/light_all" in html_doc
    assert "L.control.layers" in html_doc
    assert "L.control.fullscreen" in html_doc
    assert "L.control.scale" in html_doc
    countries = json.loads(mapview.COUNTRIES_FILE.read_text(encoding="utf-8"))
    assert "Nederland" in {f["properties"]["naam"] for f in countries["features"]}


def test_base_map_embeds_the_css_and_js_files_and_the_fact_labels():
    html_doc = mapview.base_map().get_root().render()
    css = basemap.STYLE_FILE.read_text(encoding="utf-8")
    js = basemap.SCRIPT_FILE.read_text(encoding="utf-8")
    assert f"<style>\n{css}</style>" in html_doc
    assert f"window.hk = {js}(" in html_doc
    # the popup's row labels come from hotspots.describe, sent once with the map
    config = html_doc.split(f"window.hk = {js}(", 1)[1].split(");\n", 1)[0]
    assert json.loads(config)["factLabels"] == list(describe.FACT_LABELS)


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


def base_config(html_doc: str) -> dict:
    """What the base map's script passes to hk.setup (basemaps, controls, legend)."""
    arguments = html_doc.rsplit("hk.setup(", 1)[1].split(", ", 1)[1]
    return json.JSONDecoder().raw_decode(arguments)[0]


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
    html_doc = mapview.base_map().get_root().render()
    js = basemap.SCRIPT_FILE.read_text(encoding="utf-8")
    config = json.loads(html_doc.split(f"window.hk = {js}(", 1)[1].split(");\n", 1)[0])
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
