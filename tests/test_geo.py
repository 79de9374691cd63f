"""Distances and radii against an independent geodesic reference (geographiclib)."""

import itertools

import numpy as np
import pandas as pd
import pytest
from factories import feature
from geographiclib.geodesic import Geodesic
from geopandas.testing import assert_geodataframe_equal

from hotspots import geo
from hotspots.io import frame_from_features

WGS84 = Geodesic.WGS84


def reference_km(lon1, lat1, lon2, lat2):
    return WGS84.Inverse(lat1, lon1, lat2, lon2)["s12"] / 1000.0


KNOWN_PAIRS = [
    # Leiden Bio Science Park - TU Delft, ESTEC Noordwijk - High Tech Campus Eindhoven,
    # Wetsus Leeuwarden - Chemelot Geleen (the long diagonal of the country)
    ((4.4790, 52.1664), (4.3776, 51.9990)),
    ((4.4196, 52.2180), (5.4530, 51.4106)),
    ((5.7999, 53.2107), (5.7860, 50.9680)),
]


@pytest.mark.parametrize(("a", "b"), KNOWN_PAIRS)
def test_distance_matches_geographiclib(a, b):
    assert geo.distance_km(*a, *b) == pytest.approx(reference_km(*a, *b), rel=1e-9)


def test_distance_of_known_pair_in_km():
    # Leeuwarden - Geleen is about 250 km north-south; a degree-based distance would be wrong
    assert 248 < geo.distance_km(5.7999, 53.2107, 5.7860, 50.9680) < 251


def test_hotspots_within_sorts_by_distance_and_excludes_centre(sample_frame):
    near = geo.hotspots_within(sample_frame, "leiden", 80)
    assert list(near["id"]) == ["noordwijk", "delft"]
    expected = [reference_km(4.4790, 52.1664, 4.4196, 52.2180), reference_km(4.4790, 52.1664, 4.3776, 51.9990)]
    assert near["distance_km"].tolist() == pytest.approx(expected, rel=1e-9)
    # Eindhoven is ~100 km from Leiden: in at 120 km, out at 80 km
    assert "eindhoven" in set(geo.hotspots_within(sample_frame, "leiden", 120)["id"])


def test_hotspots_within_radius_is_inclusive_and_checked(sample_frame):
    d = geo.distances_from(sample_frame, "leiden")
    to_delft = float(d[sample_frame["id"] == "delft"].iloc[0])
    assert "delft" in set(geo.hotspots_within(sample_frame, "leiden", to_delft)["id"])
    assert "delft" not in set(geo.hotspots_within(sample_frame, "leiden", to_delft - 0.001)["id"])
    with pytest.raises(ValueError, match="positive"):
        geo.hotspots_within(sample_frame, "leiden", 0)
    with pytest.raises(KeyError, match="onbekend|unknown"):
        geo.hotspots_within(sample_frame, "onbekend", 80)


def test_equal_distances_sort_by_case_folded_name_then_id():
    # "Beta" east and "alpha" west of the centre, the same distance away; "Alpha" shares alpha's spot.
    frame = frame_from_features(
        [
            feature("beta", 4.6, 52.0, name="Beta"),
            feature("alpha-2", 4.2, 52.0, name="Alpha"),
            feature("alpha", 4.2, 52.0, name="alpha"),
            feature("centre", 4.4, 52.0, name="Centrum"),
        ]
    )
    near = geo.hotspots_within(frame, "centre", 80)
    assert near["distance_km"].tolist() == pytest.approx([near["distance_km"].iloc[0]] * 3, abs=1e-9)
    assert list(near["id"]) == ["alpha", "alpha-2", "beta"]  # a plain sort would put "Alpha", "Beta" before "alpha"
    assert list(geo.by_distance(frame, 4.4, 52.0)["id"]) == ["centre", "alpha", "alpha-2", "beta"]


def test_by_distance_adds_geodesic_distances_and_keeps_the_radius_inclusive(sample_frame):
    rows = geo.by_distance(sample_frame, 4.4790, 52.1664)  # at Leiden
    assert list(rows["id"]) == ["leiden", "noordwijk", "delft", "eindhoven", "leeuwarden"]
    by_id = rows.set_index("id")["distance_km"]
    assert by_id["delft"] == pytest.approx(reference_km(4.4790, 52.1664, 4.3776, 51.9990), rel=1e-9)
    assert list(geo.by_distance(sample_frame, 4.4790, 52.1664, within_km=by_id["delft"])["id"]) == [
        "leiden",
        "noordwijk",
        "delft",
    ]
    assert_geodataframe_equal(rows.drop(columns="distance_km").sort_index(), sample_frame)
    with pytest.raises(ValueError, match="positive"):
        geo.by_distance(sample_frame, 4.4, 52.1, within_km=-5)


@pytest.mark.parametrize("radius_km", [80, 100, 120])
@pytest.mark.parametrize(("lon", "lat"), [(4.4790, 52.1664), (6.8560, 52.2390), (5.7860, 50.9680)])
def test_ring_vertices_lie_within_half_a_percent_of_the_radius(lon, lat, radius_km):
    ring = geo.radius_ring(lon, lat, radius_km)
    coords = list(ring.exterior.coords)[:-1]
    assert len(coords) == 128
    for vlon, vlat in coords:
        assert reference_km(lon, lat, vlon, vlat) == pytest.approx(radius_km, rel=0.005)
    # and it is a real ring around the centre, not a degree circle: N-S extent < E-W extent in degrees
    minx, miny, maxx, maxy = ring.bounds
    assert (maxx - minx) > (maxy - miny)


def test_ring_rejects_bad_arguments():
    with pytest.raises(ValueError):
        geo.radius_ring(4.4, 52.1, -1)
    with pytest.raises(ValueError):
        geo.radius_ring(4.4, 52.1, 80, vertices=3)


def _random_frame(n, seed=1):
    rng = np.random.default_rng(seed)
    lons = rng.uniform(3.4, 7.1, n)
    lats = rng.uniform(50.8, 53.4, n)
    return frame_from_features([feature(f"h{i}", float(lo), float(la)) for i, (lo, la) in enumerate(zip(lons, lats))])


@pytest.mark.parametrize("radius_km", [80, 120])
def test_pairs_within_equals_brute_force_geodesic(radius_km):
    frame = _random_frame(150)
    found = geo.pairs_within(frame, radius_km)
    lon, lat = frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy()
    ids = frame["id"].to_numpy()
    expected = {}
    for i, j in itertools.combinations(range(len(frame)), 2):
        d = reference_km(lon[i], lat[i], lon[j], lat[j])
        if d <= radius_km:
            expected[(ids[i], ids[j])] = d
    got = {(a, b): d for a, b, d in found.itertuples(index=False)}
    assert set(got) == set(expected)
    for key, d in got.items():
        assert d == pytest.approx(expected[key], rel=1e-4)
    assert (found["id_a"].astype(str).str[1:].astype(int) < found["id_b"].astype(str).str[1:].astype(int)).all()


def test_pair_positions_within_are_the_pairs_of_pairs_within():
    frame = _random_frame(150)
    a, b, km = geo.pair_positions_within(frame, 100)
    found = geo.pairs_within(frame, 100)
    ids = frame["id"].to_numpy()
    assert a.dtype == b.dtype == np.int32 and (a < b).all()
    assert list(zip(ids[a], ids[b], km.tolist())) == list(found.itertuples(index=False, name=None))
    none = geo.pair_positions_within(frame.iloc[:1], 100)
    assert [len(v) for v in none] == [0, 0, 0]
    with pytest.raises(ValueError, match="positive"):
        geo.pair_positions_within(frame, 0)


def test_pairs_within_small_inputs(sample_frame):
    assert geo.pairs_within(sample_frame.iloc[:1], 120).empty
    pairs = geo.pairs_within(sample_frame, 30)
    assert {(a, b) for a, b in zip(pairs["id_a"], pairs["id_b"])} == {
        ("leiden", "delft"),
        ("leiden", "noordwijk"),
        ("delft", "noordwijk"),
    }
    assert isinstance(pairs, pd.DataFrame)


def test_rd_projection_is_epsg_28992_in_every_thread():
    """The RD New transformer kept as a pipeline gives what ``from_crs`` gives, also in a new thread.

    Streamlit runs each script run in a new thread; pyproj rebuilds a
    transformer per thread, so the module keeps one that rebuilds cheaply.
    The projection's origin (Amersfoort: 52.15517440 N, 5.38720621 E in
    WGS 84) is 155,000 m / 463,000 m.
    """
    import threading

    import pyproj

    reference = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)
    lon = np.array([5.38720621, 4.3571, 6.5665, 3.61])
    lat = np.array([52.15517440, 52.0116, 53.2194, 51.5])
    expected = reference.transform(lon, lat)
    assert expected[0][0] == pytest.approx(155_000, abs=1) and expected[1][0] == pytest.approx(463_000, abs=1)
    got = {}
    thread = threading.Thread(target=lambda: got.update(xy=geo._TO_RD.transform(lon, lat)))
    thread.start()
    thread.join()
    np.testing.assert_allclose(got["xy"], expected, atol=1e-6)
    np.testing.assert_allclose(geo._TO_RD.transform(lon, lat), expected, atol=1e-6)
