import pytest

from hotspots import filters
from hotspots.mapcontent import MAX_RINGS_ALL, map_content
from hotspots.viewstate import ViewState


def _shown(frame, **filter_changes):
    return filters.apply(frame, filters.FilterState(**filter_changes))


def test_no_selection_no_rings_by_default(sample_frame):
    content = map_content(sample_frame, sample_frame, ViewState())
    assert content.selected is None
    assert content.reach is None
    assert content.ring_ids == ()
    assert content.reference_ids == ()
    assert list(content.on_map["id"]) == list(sample_frame["id"])


def test_selection_gets_its_ring_references_and_reach(sample_frame):
    chosen = sample_frame["id"].iloc[0]
    content = map_content(sample_frame, sample_frame, ViewState(hotspot=chosen, radius_km=120))
    assert content.ring_ids == (chosen,)
    assert content.reference_ids == (chosen,)
    assert chosen not in set(content.reach["id"])
    assert list(content.reach["distance_km"]) == sorted(content.reach["distance_km"])
    assert (content.reach["distance_km"] <= 120).all()


def test_selection_hidden_by_filters_stays_on_the_map(sample_frame):
    chosen = sample_frame[sample_frame["scope"] == "nationaal"]["id"].iloc[0]
    shown = _shown(sample_frame, scopes=frozenset({"zuid-holland"}))
    assert chosen not in set(shown["id"])
    content = map_content(sample_frame, shown, ViewState(hotspot=chosen))
    assert list(content.on_map["id"]) == [*shown["id"], chosen]


def test_all_rings_around_every_hotspot_on_the_map(sample_frame):
    content = map_content(sample_frame, sample_frame, ViewState(radii="alle"))
    assert content.ring_ids == tuple(sample_frame["id"])
    assert content.reference_ids == ()
    assert not content.rings_capped


def test_all_rings_are_capped_keeping_the_selection(sample_frame):
    chosen = sample_frame["id"].iloc[2]
    view = ViewState(radii="alle", hotspot=chosen)
    capped = map_content(sample_frame, sample_frame, view, max_rings=len(sample_frame) - 1)
    assert capped.rings_capped
    assert capped.ring_ids == (chosen,)
    exactly = map_content(sample_frame, sample_frame, view, max_rings=len(sample_frame))
    assert not exactly.rings_capped
    assert len(exactly.ring_ids) == len(sample_frame)
    assert MAX_RINGS_ALL == 150


def test_no_rings_mode_keeps_the_reach(sample_frame):
    chosen = sample_frame["id"].iloc[0]
    content = map_content(sample_frame, sample_frame, ViewState(radii="geen", hotspot=chosen))
    assert content.ring_ids == ()
    assert content.reference_ids == ()
    assert content.reach is not None


def test_unknown_selection_is_no_selection(sample_frame):
    content = map_content(sample_frame, sample_frame, ViewState(hotspot="bestaat-niet"))
    assert content.selected is None
    assert content.reach is None


def test_bad_arguments_say_what_they_got(sample_frame):
    with pytest.raises(ValueError, match="'overal'"):
        map_content(sample_frame, sample_frame, ViewState(radii="overal"))
    with pytest.raises(ValueError, match="-1"):
        map_content(sample_frame, sample_frame, ViewState(), max_rings=-1)


def test_fit_target_follows_scope_and_selection(sample_frame):
    zh = _shown(sample_frame, scopes=frozenset({"zuid-holland"}))
    content = map_content(sample_frame, zh, ViewState(filters=filters.FilterState(scopes=frozenset({"zuid-holland"}))))
    fit = content.fit
    assert fit.scope == "zuid-holland"
    assert fit.hotspot is None and fit.ring_bounds is None
    (south, west), (north, east) = fit.scope_bounds
    assert south == pytest.approx(zh.geometry.y.min(), abs=1e-5)
    assert north == pytest.approx(zh.geometry.y.max(), abs=1e-5)
    assert west == pytest.approx(zh.geometry.x.min(), abs=1e-5)
    assert east == pytest.approx(zh.geometry.x.max(), abs=1e-5)


def test_fit_target_of_a_selection_is_its_ring(sample_frame):
    from geographiclib.geodesic import Geodesic

    chosen = sample_frame.iloc[1]
    fit = map_content(sample_frame, sample_frame, ViewState(hotspot=chosen["id"], radius_km=80)).fit
    assert fit.hotspot == chosen["id"]
    (south, west), (north, east) = fit.ring_bounds
    # the ring's north and south points are 80 km away along the meridian
    assert Geodesic.WGS84.Inverse(chosen.geometry.y, chosen.geometry.x, north, chosen.geometry.x)["s12"] == (
        pytest.approx(80_000, rel=1e-3)
    )
    assert Geodesic.WGS84.Inverse(chosen.geometry.y, chosen.geometry.x, south, chosen.geometry.x)["s12"] == (
        pytest.approx(80_000, rel=1e-3)
    )
    assert west < chosen.geometry.x < east


def test_fit_target_without_shown_hotspots_falls_back(sample_frame):
    nothing = sample_frame.iloc[:0]
    fit = map_content(sample_frame, nothing, ViewState()).fit
    (south, west), (north, east) = fit.scope_bounds
    assert south == pytest.approx(sample_frame.geometry.y.min(), abs=1e-5)
    assert north == pytest.approx(sample_frame.geometry.y.max(), abs=1e-5)
    empty_scope = map_content(sample_frame, nothing, ViewState(filters=filters.FilterState(scopes=frozenset()))).fit
    assert empty_scope.scope == ""
    assert empty_scope.scope_bounds == ((50.75, 3.36), (53.56, 7.23))
    assert fit.payload()["scopeBounds"] == [[south, west], [north, east]]


def test_nearby_lists_every_hotspot_within_the_radius_and_marks_the_filtered_out(sample_frame):
    chosen = sample_frame["id"].iloc[0]
    everything = map_content(sample_frame, sample_frame, ViewState(hotspot=chosen, radius_km=120))
    assert list(everything.nearby["id"]) == list(everything.reach["id"])
    assert everything.nearby["shown"].all()
    # a text search for the hotspot itself: only it is shown, its neighbours are still listed, marked
    shown = _shown(sample_frame, query=sample_frame["name"].iloc[0])
    assert list(shown["id"]) == [chosen]
    searched = map_content(sample_frame, shown, ViewState(hotspot=chosen, radius_km=120))
    assert searched.reach.empty
    assert list(searched.nearby["id"]) == list(everything.nearby["id"])
    assert not searched.nearby["shown"].any()
    assert searched.nearby_counts() == (0, len(everything.nearby))


def test_nearby_of_robovalley_in_zuid_holland_counts_what_the_filters_hide():
    from hotspots.io import load_hotspots
    from hotspots.mapcontent import reach_summary

    frame = load_hotspots().frame
    view = ViewState(
        filters=filters.FilterState(scopes=frozenset({"zuid-holland"})), hotspot="robovalley-fraim", radius_km=100
    )
    content = map_content(frame, filters.apply(frame, view.filters), view)
    within = frame[frame["id"] != "robovalley-fraim"]
    # independently: great-circle distances of every other hotspot (geodesic differs by < 0.5 %)
    import numpy as np

    lat0, lon0 = (
        np.radians(frame.set_index("id").loc["robovalley-fraim"].geometry.y),
        np.radians(frame.set_index("id").loc["robovalley-fraim"].geometry.x),
    )
    lat, lon = np.radians(within.geometry.y), np.radians(within.geometry.x)
    d = (
        2
        * 6371.0
        * np.arcsin(np.sqrt(np.sin((lat - lat0) / 2) ** 2 + np.cos(lat0) * np.cos(lat) * np.sin((lon - lon0) / 2) ** 2))
    )
    expected = set(within["id"][d <= 99.5])
    assert expected <= set(content.nearby["id"]) <= set(within["id"][d <= 100.5])
    zh = set(frame[frame["scope"] == "zuid-holland"]["id"])
    assert set(content.nearby[content.nearby["shown"]]["id"]) == set(content.nearby["id"]) & zh
    listed, total = content.nearby_counts()
    assert (listed, total) == (len(content.reach), len(content.nearby))
    assert reach_summary(listed, total) == (
        f"{listed} van de {total} hotspots op de kaart; {total - listed} vallen buiten de filters. Dichtstbijzijnde eerst."
    )
