"""The view as URL parameters: round trips and forgiving parsing."""

import pytest

from hotspots.filters import FilterState
from hotspots.viewstate import ViewState, cache_key, parse_query_params, summary, to_query_params

IDS = ["leiden", "delft"]


def test_default_view_has_no_parameters():
    assert to_query_params(ViewState()) == {}
    assert parse_query_params({}, IDS) == (ViewState(), [])


def test_round_trip_of_a_full_view():
    view = ViewState(
        filters=FilterState(
            scopes=frozenset({"zuid-holland"}),
            types=frozenset({"engineering", "creatief-urbaan"}),
            phases=frozenset({"groei"}),
            chains=frozenset({"waterstof", "geen"}),
            digitaal_verbinden=True,
            query="ESA space",
        ),
        radius_km=115,
        radii="alle",
        hotspot="delft",
    )
    params = to_query_params(view)
    assert params == {
        "scope": "zuid-holland",
        "type": "creatief-urbaan,engineering",
        "phase": "groei",
        "keten": "waterstof,geen",
        "dv": "ja",
        "q": "ESA space",
        "radius": "115",
        "radii": "alle",
        "hotspot": "delft",
    }
    assert parse_query_params(params, IDS) == (view, [])


def test_empty_selection_survives_the_url():
    view = ViewState(filters=FilterState(types=frozenset()))
    assert to_query_params(view) == {"type": ""}
    assert parse_query_params({"type": ""}, IDS)[0] == view


@pytest.mark.parametrize("scope", ["zuid-holland", "nationaal"])
def test_scope_is_one_choice(scope):
    view = ViewState(filters=FilterState(scopes=frozenset({scope})))
    assert to_query_params(view) == {"scope": scope}
    assert parse_query_params({"scope": scope}, IDS) == (view, [])


@pytest.mark.parametrize("raw", ["zuid-holland,nationaal", "nationaal,zuid-holland", "", " , "])
def test_both_or_no_scopes_in_a_link_mean_all(raw):
    # an old link's scope=zuid-holland,nationaal is the default view, without a notice
    assert parse_query_params({"scope": raw}, IDS) == (ViewState(), [])


def test_all_scopes_write_no_parameter():
    assert to_query_params(ViewState(filters=FilterState(scopes=frozenset()))) == {}


def test_an_unknown_scope_next_to_a_known_one_keeps_the_known_one():
    view, notices = parse_query_params({"scope": "nationaal,europa"}, IDS)
    assert view.filters.scopes == frozenset({"nationaal"})
    assert len(notices) == 1 and "'europa' voor 'scope'" in notices[0]


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"type": "biotech"}, "'biotech' voor 'type'"),
        ({"phase": "<script>"}, "voor 'phase'"),
        ({"keten": "kernfusie"}, "voor 'keten'"),
        ({"scope": "europa"}, "voor 'scope'"),
        ({"dv": "misschien"}, "voor 'dv'"),
        ({"radius": "500"}, "Straal '500' genegeerd"),
        ({"radius": "82"}, "in stappen van 5"),
        ({"radius": "abc"}, "Straal 'abc'"),
        ({"radii": "sommige"}, "voor 'radii'"),
        ({"hotspot": "atlantis"}, "'atlantis' bestaat niet"),
        ({"kleur": "rood"}, "Onbekende parameter 'kleur'"),
    ],
)
def test_bad_values_are_ignored_with_a_notice(params, fragment):
    view, notices = parse_query_params(params, IDS)
    assert view == ViewState()
    assert len(notices) == 1 and fragment in notices[0]


def test_partly_known_values_keep_the_known_part():
    view, notices = parse_query_params({"type": "engineering,biotech", "radius": "100km", "dv": "NEE"}, IDS)
    assert view.filters.types == frozenset({"engineering"})
    assert view.radius_km == 100
    assert view.filters.digitaal_verbinden is False
    assert len(notices) == 1 and "biotech" in notices[0]


def test_list_values_take_the_last_and_long_queries_are_cut():
    view, notices = parse_query_params({"hotspot": ["leiden", "delft"], "q": "x" * 300}, IDS)
    assert view.hotspot == "delft"
    assert len(view.filters.query) == 100 and notices == ["Zoektekst ingekort tot 100 tekens."]


def test_summary_is_short_and_filename_safe():
    assert summary(ViewState()) == "alle"
    view = ViewState(
        filters=FilterState(scopes=frozenset({"zuid-holland"}), phases=frozenset({"groei"})), hotspot="delft"
    )
    assert summary(view) == "zh_groei_rond-delft-80km"


def test_cache_key_is_equal_for_equal_views_and_differs_otherwise():
    base = ViewState()
    same = ViewState(filters=FilterState(types=frozenset(reversed(list(base.filters.types)))))
    assert cache_key(base) == cache_key(same) == ()
    variants = [
        ViewState(radius_km=100),
        ViewState(hotspot="x"),
        ViewState(radii="geen"),
        ViewState(filters=FilterState(types=frozenset({"engineering"}))),
        ViewState(filters=FilterState(query="delft")),
    ]
    keys = [cache_key(v) for v in variants]
    assert len(set(keys)) == len(variants) and () not in keys
    assert cache_key(ViewState(radius_km=100, hotspot="x")) == (("hotspot", "x"), ("radius", "100"))


def test_any_number_of_unknown_parameters_gives_one_short_notice():
    params = {f"![p{i}](//127.0.0.1:8729/p{i}.gif)": "1" for i in range(500)}
    view, notices = parse_query_params(params, IDS)
    assert view == ViewState() and len(notices) == 1
    # five names quoted, the other 495 counted
    assert notices[0].count("'![p") == 5
    assert notices[0].endswith("en nog 495 genegeerd.")
    assert len(notices[0]) < 400


def test_a_5000_digit_radius_is_refused_quickly():
    view, notices = parse_query_params({"radius": "9" * 5000}, IDS)
    assert view.radius_km == ViewState().radius_km
    assert len(notices) == 1 and notices[0].startswith("Straal '999")
