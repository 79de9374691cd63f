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


def payload(group) -> dict:
    """The data a marker or ring layer sends to the browser."""
    (layer,) = group._children.values()
    return layer.payload


def rows(group) -> list[dict]:
    data = payload(group)
    return [dict(zip(data["fields"], row, strict=True)) for row in data["rows"]]


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
    markers = rows(mapview.hotspot_layer(shown))
    assert len(markers) == count
    assert sorted(m["id"] for m in markers) == sorted(shown["id"])


def test_marker_states_for_a_selection(sample_frame):
    reach = geo.hotspots_within(sample_frame, "leiden", 80)["id"]
    group = mapview.hotspot_layer(sample_frame, selected="leiden", reach=reach)
    markers = rows(group)
    states = {m["id"]: m["state"] for m in markers}
    assert states == {
        "leiden": "geselecteerd",
        "noordwijk": "bereik",
        "delft": "bereik",
        "eindhoven": "gedimd",
        "leeuwarden": "gedimd",
    }
    sizes = {m["id"]: mapview.SIZES[m["state"]] for m in markers}
    assert sizes["leiden"] > sizes["delft"] > sizes["eindhoven"]
    # each marker points at the SVG of its own types, phase and state
    icons = payload(group)["icons"]
    for m in markers:
        hotspot = sample_frame.set_index("id").loc[m["id"]]
        assert icons[m["icon"]] == mapview.marker_svg(hotspot["types"], hotspot["phase"], m["state"])


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
    data = payload(mapview.hotspot_layer(many))
    assert data["cluster"] is True and len(data["rows"]) == mapview.CLUSTER_THRESHOLD + 1
    assert payload(mapview.hotspot_layer(many.iloc[:-1]))["cluster"] is False


def test_marker_data_holds_what_the_popup_shows(sample_frame):
    data = payload(mapview.hotspot_layer(sample_frame))
    leiden = next(m for m in rows(mapview.hotspot_layer(sample_frame)) if m["id"] == "leiden")
    assert (leiden["lat"], leiden["lng"]) == (52.1664, 4.479)
    assert leiden["types"] == ["wetenschapsgedreven"] and leiden["phase"] == "groei"
    assert leiden["anchors"] == ["LUMC", "Universiteit Leiden"]
    assert set(leiden["estimated"]) == {"phase", "location"}
    cited = [data["sources"][i] for i in leiden["sources"]]
    assert cited == ["AWTI-advies Regionale hotspots (2014), §3.4 (001_38567238ee4dba9b.txt)"]


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
    assert rows(mapview.hotspot_layer(frame))[0]["name"] == name  # data, escaped in the browser
    script = rendered(mapview.hotspot_layer(frame))
    # the data reaches the browser as JSON, with no raw tag or closing script in it
    assert "<img src=x" not in script
    assert "</script><script>alert(2)" not in script
    assert "\\u003cimg src=x" in script or "\\u003c/script\\u003e" in script


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
    # and what the browser gets (rounded to 5 decimals, about a metre)
    for ring in mapview.ring_payload(sample_frame, ["leiden"], radius_km, reference_ids=["leiden"])["rings"]:
        for lat, lon in ring["latlngs"]:
            assert _reference_km(4.4790, 52.1664, lon, lat) == pytest.approx(ring["km"], rel=0.005)


def test_ring_layer_labels_and_no_clicks(sample_frame):
    group = mapview.ring_layer(sample_frame, ["leiden", "delft"], 100, reference_ids=["leiden"], label_ids=["leiden"])
    data = payload(group)
    assert [(label["text"], label["chosen"]) for label in data["labels"]] == [
        ("80 km", False),
        ("100 km", True),
        ("120 km", False),
    ]
    assert sorted((r["kind"], r["km"]) for r in data["rings"]) == [
        ("referentie", 80),
        ("referentie", 120),
        ("straal", 100),
        ("straal", 100),
    ]
    assert all(len(r["latlngs"]) == mapview.RING_VERTICES + 1 for r in data["rings"])
    assert "hk.rings(" in rendered(group)


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
    # clusters are explained only where the data set can have them
    assert "Groep van 12 hotspots" not in legend
    assert "Groep van 12 hotspots" in mapview.legend_html(cluster=True)
    assert "Groep van 12 hotspots" in mapview.base_map(cluster=True).get_root().render()
    countries = json.loads(mapview.COUNTRIES_FILE.read_text(encoding="utf-8"))
    assert "Nederland" in {f["properties"]["naam"] for f in countries["features"]}
