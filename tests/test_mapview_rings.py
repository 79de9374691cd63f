"""Radius rings: geodesic against geographiclib, labelled, not clickable."""

import pytest
from geographiclib.geodesic import Geodesic

from hotspots import mapview


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
    layer = mapview.ring_layer(sample_frame, ["leiden", "delft"], 100, reference_ids=["leiden"], label_ids=["leiden"])
    data = layer.payload
    assert [(label["text"], label["chosen"]) for label in data["labels"]] == [
        ("80 km", False),
        ("100 km", True),
        ("120 km", False),
    ]
    # the labels sit at the north point of their rings
    for label in data["labels"]:
        assert label["lng"] == pytest.approx(4.4790, abs=1e-5)
        km = float(label["text"].removesuffix(" km"))
        assert _reference_km(4.4790, 52.1664, label["lng"], label["lat"]) == pytest.approx(km, rel=0.005)
    assert sorted((r["kind"], r["km"]) for r in data["rings"]) == [
        ("referentie", 80),
        ("referentie", 120),
        ("straal", 100),
        ("straal", 100),
    ]
    assert all(len(r["latlngs"]) == mapview.RING_VERTICES + 1 for r in data["rings"])
    m = mapview.base_map()
    layer.add_to(m)
    assert "hk.rings(" in m.get_root().render()
