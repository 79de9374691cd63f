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
