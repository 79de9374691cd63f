"""Building the map: markers per filter, rings, escaping, a constant base map."""

import json

import pytest
from factories import DELFT, collection, feature
from geographiclib.geodesic import Geodesic
from streamlit_folium import _get_map_string, generate_js_hash

from hotspots import filters, geo, mapview
from hotspots.filters import FilterState
from hotspots.io import frame_from_features

XSS_NAME = "<img src=x onerror=alert(1)>"
TEMPLATE_NAME = "`${alert(document.domain)}` </script><script>alert(2)</script>"


def rendered(group) -> str:
    """The JavaScript that streamlit-folium would send for a feature group."""
    m = mapview.base_map()
    group.add_to(m)
    return m.get_root().render()


def layer_features(group) -> list[dict]:
    geojson = [c for c in group._children.values() if hasattr(c, "data")]
    if not geojson:  # clustered: GeoJson inside a MarkerCluster
        cluster = next(iter(group._children.values()))
        geojson = [c for c in cluster._children.values() if hasattr(c, "data")]
    return geojson[0].data["features"]


@pytest.mark.parametrize(
    ("state", "count"),
    [
        (FilterState(), 5),
        (FilterState(types=frozenset({"engineering"})), 4),
        (FilterState(scopes=frozenset({"nationaal"})), 2),
        (FilterState(phases=frozenset({"opkomst"})), 1),
        (FilterState(types=frozenset()), 0),
    ],
)
def test_one_marker_per_matching_hotspot(sample_frame, state, count):
    shown = filters.apply(sample_frame, state)
    features = layer_features(mapview.hotspot_layer(shown))
    assert len(features) == count
    assert sorted(f["properties"]["id"] for f in features) == sorted(shown["id"])


def test_marker_states_for_a_selection(sample_frame):
    reach = geo.hotspots_within(sample_frame, "leiden", 80)["id"]
    features = layer_features(mapview.hotspot_layer(sample_frame, selected="leiden", reach=reach))
    states = {f["properties"]["id"]: f["properties"]["state"] for f in features}
    assert states == {
        "leiden": "geselecteerd",
        "noordwijk": "bereik",
        "delft": "bereik",
        "eindhoven": "gedimd",
        "leeuwarden": "gedimd",
    }
    sizes = {f["properties"]["id"]: f["properties"]["size"] for f in features}
    assert sizes["leiden"] > sizes["delft"] > sizes["eindhoven"]


def test_marker_colour_by_type_and_shape_by_phase():
    one = mapview.marker_svg(["engineering"], "opkomst")
    assert mapview.TYPE_COLOURS["engineering"] in one and "<polygon" in one  # triangle
    two = mapview.marker_svg(["engineering", "wetenschapsgedreven"], "groei")
    assert "linearGradient" in two and mapview.TYPE_COLOURS["wetenschapsgedreven"] in two and "<circle" in two
    assert "<rect" in mapview.marker_svg(["creatief-urbaan"], "consolidatie")
    with pytest.raises(ValueError):
        mapview.marker_svg(["engineering"], "groei", state="vaag")


def test_many_hotspots_are_clustered():
    many = frame_from_features(
        [feature(f"h{i}", 4.0 + (i % 30) * 0.1, 51.5 + (i // 30) * 0.1) for i in range(mapview.CLUSTER_THRESHOLD + 1)]
    )
    group = mapview.hotspot_layer(many)
    assert isinstance(next(iter(group._children.values())), mapview.folium.plugins.MarkerCluster)
    assert len(layer_features(group)) == mapview.CLUSTER_THRESHOLD + 1


def test_popup_marks_estimates_and_cites_sources(sample_frame):
    leiden = sample_frame[sample_frame["id"] == "leiden"].iloc[0]
    popup = mapview.popup_html(leiden)
    assert 'Groei <span class="hk-est">inschatting</span>' in popup
    assert 'Locatie: <span class="hk-est">inschatting</span>' in popup
    assert "AWTI-advies Regionale hotspots (2014), §3.4 (001_38567238ee4dba9b.txt)" in popup
    assert "Wetenschapsgedreven" in popup and "LUMC, Universiteit Leiden" in popup
    noordwijk = sample_frame[sample_frame["id"] == "noordwijk"].iloc[0]
    assert "Opkomst</td>" in mapview.popup_html(noordwijk)  # stated in the seeds: no estimate mark


@pytest.mark.parametrize("name", [XSS_NAME, TEMPLATE_NAME])
def test_text_from_the_data_is_escaped(name):
    frame = frame_from_features(
        collection(
            feature(
                "x",
                name=name,
                place=name,
                anchors=[name],
                focus=name,
                sources=[{"seed": DELFT["properties"]["sources"][0]["seed"], "section": name}],
            )
        )["features"]
    )
    props = layer_features(mapview.hotspot_layer(frame))[0]["properties"]
    for html_text in (props["tooltip"], props["popup"]):
        assert "<img" not in html_text and "<script" not in html_text
        assert "&lt;" in html_text
    script = rendered(mapview.hotspot_layer(frame))
    # the data reaches the browser as JSON, with no raw tag or closing script in it
    assert "<img src=x" not in script
    assert "</script><script>alert(2)" not in script


def _reference_km(lon1, lat1, lon2, lat2):
    return Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2)["s12"] / 1000


@pytest.mark.parametrize("radius_km", [80, 95, 120])
def test_rings_are_geodesic_within_half_a_percent(sample_frame, radius_km):
    data = mapview.ring_features(sample_frame, ["leiden"], radius_km, reference_ids=["leiden"])
    kinds = sorted((f["properties"]["kind"], f["properties"]["radius_km"]) for f in data["features"])
    expected = sorted({("straal", radius_km)} | {("referentie", km) for km in (80, 120) if km != radius_km})
    assert kinds == expected
    for ring in data["features"]:
        km = ring["properties"]["radius_km"]
        coords = ring["geometry"]["coordinates"][0]
        assert len(coords) == mapview.RING_VERTICES + 1
        for lon, lat in coords:
            assert _reference_km(4.4790, 52.1664, lon, lat) == pytest.approx(km, rel=0.005)


def test_ring_layer_labels_and_no_clicks(sample_frame):
    group = mapview.ring_layer(sample_frame, ["leiden", "delft"], 100, reference_ids=["leiden"], label_ids=["leiden"])
    script = rendered(group)
    assert '"interactive": false' in script
    for text in ("80 km", "100 km", "120 km"):
        assert text in script
    assert len(mapview.ring_features(sample_frame, ["leiden", "delft"], 100, ["leiden"])["features"]) == 4


def test_hotspot_at_matches_clicks_on_markers(sample_frame):
    assert mapview.hotspot_at(sample_frame, 51.9990, 4.3776) == "delft"
    assert mapview.hotspot_at(sample_frame, 51.99900000001, 4.37759999) == "delft"
    assert mapview.hotspot_at(sample_frame, 52.0, 4.5) is None
    assert mapview.hotspot_at(sample_frame.iloc[:0], 52.0, 4.5) is None


def test_base_map_is_the_same_on_every_run():
    # streamlit-folium keys the browser's map on this hash: equal hashes mean
    # the map is not rebuilt, so the user's zoom and centre stay
    first = generate_js_hash(_get_map_string(mapview.base_map()), "kaart", False)
    second = generate_js_hash(_get_map_string(mapview.base_map()), "kaart", False)
    assert first == second


def test_base_map_has_basemaps_controls_and_legend():
    html_doc = mapview.base_map().get_root().render()
    assert "service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs" in html_doc
    assert "Kadaster" in html_doc
    assert "tile.openstreetmap.org" in html_doc
    assert "basemaps.cartocdn.com/light_all" in html_doc
    assert "L.control.layers" in html_doc
    assert "L.control.fullscreen" in html_doc or "Fullscreen" in html_doc
    assert "control_scale" in html_doc or "L.control.scale" in html_doc
    legend = mapview.legend_html()
    for word in (
        "Creatief-urbaan",
        "Engineering",
        "Wetenschapsgedreven",
        "Opkomst",
        "Groei",
        "Consolidatie",
        "Transitie",
        "Referentie 80 en 120 km",
    ):
        assert word in legend
    countries = json.loads(mapview.COUNTRIES_FILE.read_text(encoding="utf-8"))
    assert "Nederland" in {f["properties"]["naam"] for f in countries["features"]}
