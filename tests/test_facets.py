"""Faceted counts and picking one value (issue 19, item 6).

An option's count is the number of hotspots that match every OTHER active
filter and that option; one value is picked in one click ("kies er één"),
a second click brings every value back; an absent parameter still means all.
"""

from __future__ import annotations

from hotspots import filters
from hotspots.filters import FILTERS, FilterState


def _by_hand(frame, state, spec, slug):
    """The count as a user would make it: filter by everything else, then by that one value."""
    others = FilterState.from_choices(
        {s.param: state.chosen(s.param) for s in FILTERS if s.param != spec.param}, state.query
    )
    return len(filters.apply(filters.apply(frame, others), FilterState.from_choices({spec.param: {slug}})))


def test_counts_match_the_other_filters_and_the_option(sample_frame):
    state = FilterState.from_choices({"scope": {"zuid-holland"}, "phase": {"groei", "opkomst"}})
    counts = filters.facet_counts(sample_frame, state)
    for spec in FILTERS:
        assert counts[spec.param] == {slug: _by_hand(sample_frame, state, spec, slug) for slug in spec.slugs}
    # Zuid-Holland only: engineering counts the three ZH hotspots that are engineering, not all four
    assert counts["type"]["engineering"] == 2
    # a filter's own choice does not shrink its own counts
    assert counts["scope"] == {"zuid-holland": 3, "nationaal": 1}


def test_counts_follow_the_search_text(sample_frame):
    counts = filters.facet_counts(sample_frame, FilterState(query="delft"))
    assert counts["scope"] == {"zuid-holland": 1, "nationaal": 0}


def sidebar_count(at):
    return next(m.value for m in at.sidebar.markdown if m.value.endswith(" hotspots**"))


def test_sidebar_counts_are_faceted(app):
    at = app(params={"scope": "zuid-holland"})
    assert not at.exception
    assert sidebar_count(at) == "**3 van 5 hotspots**"
    # Type: what Zuid-Holland's three hotspots have, not the whole file's four engineering hotspots
    assert at.sidebar.pills(key="only_type").options == [
        "Creatief-urbaan (0)",
        "Engineering (2)",
        "Wetenschapsgedreven (2)",
    ]
    # Schaal counts under the other filters (none): every hotspot of each scope
    assert at.sidebar.segmented_control(key="f_scope").options == ["Zuid-Holland (3)", "Nationaal (2)", "Alles (5)"]
    at.sidebar.multiselect(key="f_type").set_value(["wetenschapsgedreven"]).run()
    assert at.sidebar.segmented_control(key="f_scope").options == ["Zuid-Holland (2)", "Nationaal (1)", "Alles (3)"]


def test_one_value_in_one_click_and_back_in_one_more(app):
    at = app()
    at.sidebar.pills(key="only_keten").set_value("robotica").run()
    assert not at.exception
    assert at.sidebar.multiselect(key="f_keten").value == ["robotica"]
    assert at.query_params["keten"] == ["robotica"] or at.query_params["keten"] == "robotica"
    assert sidebar_count(at) == "**1 van 5 hotspots**"
    assert at.sidebar.pills(key="only_keten").value == "robotica"  # shown as the chosen one
    # another value: still one click
    at.sidebar.pills(key="only_keten").set_value("lasersatcom").run()
    assert at.sidebar.multiselect(key="f_keten").value == ["lasersatcom"]
    # the same pill again: every value back, and the parameter leaves the link
    at.sidebar.pills(key="only_keten").set_value(None).run()
    assert len(at.sidebar.multiselect(key="f_keten").value) == len(filters.CHAIN_CHOICES)
    assert "keten" not in at.query_params
    assert sidebar_count(at) == "**5 van 5 hotspots**"


def test_links_keep_working_an_absent_parameter_is_all(app):
    at = app(params={"type": "engineering"})
    assert sidebar_count(at) == "**4 van 5 hotspots**"
    assert at.sidebar.multiselect(key="f_keten").value == list(filters.CHAIN_CHOICES)
    assert at.sidebar.pills(key="only_type").value == "engineering"


def test_title_bar_says_the_filters_in_words_on_every_page_with_filters(app):
    from app_helpers import filter_line

    at = app(
        params={"scope": "zuid-holland", "type": "engineering", "phase": "opkomst,groei", "province": "zuid-holland"}
    )
    assert filter_line(at) == "Filters: Zuid-Holland · Engineering · fase Opkomst, Groei · provincie Zuid-Holland"
    for page in ("app_pages/tabel.py", "app_pages/samenwerking.py"):
        at.switch_page(page).run()
        assert not at.exception
        assert filter_line(at) == "Filters: Zuid-Holland · Engineering · fase Opkomst, Groei · provincie Zuid-Holland"
    assert filter_line(app()) == "Filters: geen, alle hotspots"
