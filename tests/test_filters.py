"""Pure filtering on the five-hotspot sample."""

import pytest

from hotspots import filters
from hotspots.filters import NO_CHAIN, FilterState


def ids(frame):
    return sorted(frame["id"])


def test_default_state_keeps_everything(sample_frame):
    assert FilterState().is_default
    assert len(filters.apply(sample_frame, FilterState())) == 5


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"scopes": frozenset({"zuid-holland"})}, ["delft", "leiden", "noordwijk"]),
        ({"scopes": frozenset({"nationaal"})}, ["eindhoven", "leeuwarden"]),
        ({"scopes": frozenset()}, []),
        # any-of: Delft (engineering + wetenschapsgedreven) matches either
        ({"types": frozenset({"wetenschapsgedreven"})}, ["delft", "leeuwarden", "leiden"]),
        ({"types": frozenset({"creatief-urbaan", "wetenschapsgedreven"})}, ["delft", "leeuwarden", "leiden"]),
        ({"types": frozenset({"engineering", "creatief-urbaan"})}, ["delft", "eindhoven", "leeuwarden", "noordwijk"]),
        ({"phases": frozenset({"opkomst", "consolidatie"})}, ["eindhoven", "noordwijk"]),
        ({"chains": frozenset({"robotica"})}, ["delft"]),
        ({"chains": frozenset({"robotica", "lasersatcom"})}, ["delft", "noordwijk"]),
        ({"chains": frozenset({NO_CHAIN})}, ["eindhoven", "leeuwarden", "leiden"]),
        (
            {"chains": frozenset({"waterstof", "3d-printen", "lasersatcom", NO_CHAIN})},
            ["eindhoven", "leeuwarden", "leiden", "noordwijk"],
        ),
        ({"digitaal_verbinden": True}, ["delft"]),
        ({"digitaal_verbinden": False}, ["eindhoven", "leeuwarden", "leiden", "noordwijk"]),
        ({"query": "brainport"}, ["eindhoven"]),
        ({"query": "  LUMC "}, ["leiden"]),  # anchors, case-insensitive
        ({"query": "delft robo"}, ["delft"]),  # every word must match
        ({"query": "noordwijk"}, ["noordwijk"]),  # place
        ({"query": "geen-treffer"}, []),
    ],
)
def test_single_filters(sample_frame, changes, expected):
    assert ids(filters.apply(sample_frame, FilterState().with_(**changes))) == expected


def test_filters_combine(sample_frame):
    state = FilterState(scopes=frozenset({"zuid-holland"}), types=frozenset({"engineering"}), digitaal_verbinden=False)
    assert ids(filters.apply(sample_frame, state)) == ["noordwijk"]


@pytest.mark.parametrize(
    ("scopes", "choice"),
    [
        (frozenset({"zuid-holland"}), "zuid-holland"),
        (frozenset({"nationaal"}), "nationaal"),
        (frozenset({"zuid-holland", "nationaal"}), "alle"),
        (frozenset(), "alle"),
    ],
)
def test_scope_is_one_choice(scopes, choice):
    assert filters.scope_choice(scopes) == choice
    assert filters.scopes_of(choice) == (scopes or FilterState().scopes)


def test_unknown_or_missing_scope_choice_means_all():
    assert filters.scopes_of(None) == filters.scopes_of("europa") == FilterState().scopes


def test_text_search_ignores_accents(sample_frame):
    frame = sample_frame.copy()
    frame.loc[frame["id"] == "leeuwarden", "place"] = "Leeuwarden (Fryslân)"
    assert ids(filters.by_text(frame, "fryslan")) == ["leeuwarden"]
    assert ids(filters.by_text(frame, "FRYSLÂN")) == ["leeuwarden"]


def test_filters_do_not_modify_the_input(sample_frame):
    before = sample_frame.copy()
    filters.apply(sample_frame, FilterState(types=frozenset({"engineering"}), query="delft"))
    assert sample_frame.equals(before)


def test_option_counts(sample_frame):
    assert filters.option_counts(sample_frame, "types", ["engineering", "creatief-urbaan"]) == {
        "engineering": 4,
        "creatief-urbaan": 0,
    }
    assert filters.option_counts(sample_frame, "product_chains", ["robotica", NO_CHAIN]) == {"robotica": 1, NO_CHAIN: 3}
    assert filters.option_counts(sample_frame, "phase", ["groei"]) == {"groei": 3}


def test_filters_on_an_empty_selection_keep_the_columns(sample_frame):
    state = FilterState(scopes=frozenset(), types=frozenset({"engineering"}), chains=frozenset({"robotica"}), query="x")
    empty = filters.apply(sample_frame, state)
    assert len(empty) == 0
    assert list(empty.columns) == list(sample_frame.columns)
