"""Search covers the Dutch labels, focus and province; an empty search suggests a filter (issue 19, item 5)."""

from __future__ import annotations

import pytest

from hotspots import filters
from hotspots.filters import FilterState
from hotspots.io import DEFAULT_DATA_PATH, load_hotspots


def ids(frame):
    return sorted(frame["id"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("robotica", ["delft"]),  # product chain label
        ("LaserSatCom", ["noordwijk"]),
        ("engineering", ["delft", "eindhoven", "leeuwarden", "noordwijk"]),  # type label
        ("opkomst", ["noordwijk"]),  # phase label
        ("fryslan", ["leeuwarden"]),  # province, without its accent
        ("noord-brabant", ["eindhoven"]),
    ],
)
def test_search_finds_dutch_labels_and_province(sample_frame, query, expected):
    assert ids(filters.apply(sample_frame, FilterState(query=query))) == expected


def test_search_finds_focus_text(sample_frame):
    word = sample_frame.loc[sample_frame["id"] == "leiden", "focus"].iloc[0].split()[-1].strip(".,")
    assert "leiden" in ids(filters.by_text(sample_frame, word))


def test_waterstof_finds_the_hydrogen_hotspots_of_the_shipped_data():
    frame = load_hotspots(DEFAULT_DATA_PATH).frame
    expected = sorted(frame.loc[frame["product_chains"].map(lambda chains: "waterstof" in chains), "id"])
    assert expected, "the shipped data has hotspots in the Waterstof chain"
    assert ids(filters.by_text(frame, "waterstof")) == expected


def test_suggestions_name_the_filter_of_a_word(sample_frame):
    (suggestion,) = filters.suggestions(sample_frame, "robotica")
    assert (suggestion.spec.param, suggestion.slug, suggestion.text) == (
        "keten",
        "robotica",
        "Kies Productketen: Robotica (1)",
    )
    assert [s.text for s in filters.suggestions(sample_frame, "fase groei")] == ["Kies Fase: Groei (3)"]
    assert filters.suggestions(sample_frame, "xyz") == []


def test_an_empty_search_offers_the_filter_in_one_click(app):
    at = app(params={"scope": "nationaal", "q": "robotica"})
    assert not at.exception
    assert any(m.value == "**0 van 5 hotspots**" for m in at.sidebar.markdown)
    assert any("Geen hotspots met" in c.value for c in at.sidebar.caption)
    button = next(b for b in at.sidebar.button if b.label == "Kies Productketen: Robotica (1)")
    button.click().run()
    assert not at.exception
    assert at.sidebar.multiselect(key="f_keten").value == ["robotica"]
    assert at.sidebar.text_input(key="f_q").value == ""
    assert "q" not in at.query_params and "scope" not in at.query_params
    assert at.query_params["keten"] in ("robotica", ["robotica"])
    assert any(m.value == "**1 van 5 hotspots**" for m in at.sidebar.markdown)
