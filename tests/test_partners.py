"""Kansrijke partners: the rule, its reasons and score, and the network figures.

Distances are checked against geographiclib (an independent geodesic
implementation) and the network figures against hand-computed values.
"""

import itertools

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from factories import feature
from geographiclib.geodesic import Geodesic

from hotspots import geo, network, partners
from hotspots.io import frame_from_features, load_hotspots
from hotspots.model import PRODUCT_CHAINS, TYPES

WGS84 = Geodesic.WGS84
LEIDEN = (4.4790, 52.1664)  # lon, lat


def reference_km(lon1, lat1, lon2, lat2):
    return WGS84.Inverse(lat1, lon1, lat2, lon2)["s12"] / 1000.0


def moved(origin, km, azimuth):
    """(lon, lat) ``km`` from ``origin`` along ``azimuth`` degrees, by geographiclib."""
    result = WGS84.Direct(origin[1], origin[0], azimuth, km * 1000.0)
    return result["lon2"], result["lat2"]


def hotspot(fid, where, **props):
    """A feature at (lon, lat) ``where``; by default wetenschapsgedreven, no chains, no DV, nothing estimated."""
    props.setdefault("estimated", [])
    return feature(fid, where[0], where[1], **props)


def frame_of(*features):
    return frame_from_features(list(features))


def pairs_of(found):
    return list(zip(found["a"], found["b"], strict=True))


@pytest.fixture
def trio():
    """p shares a chain with q, and a type and DV with s; q and s share nothing.

    The frame lists them s, q, p so that ids must be put in order (a < b).
    """
    p = LEIDEN
    q = moved(p, 20, 90)
    s = moved(p, 40, 0)
    return frame_of(
        hotspot("s-park", s, types=["engineering"], digitaal_verbinden=True),
        hotspot("q-campus", q, types=["creatief-urbaan"], product_chains=["waterstof"]),
        hotspot("p-haven", p, types=["engineering"], product_chains=["waterstof"], digitaal_verbinden=True),
    )


def test_rule_text_states_the_formula_and_the_vocabularies_are_dutch():
    assert "3 × het aantal gedeelde productketens + 1 × het aantal gedeelde typen + 2" in partners.RULE_TEXT
    assert "(1 − afstand ÷ straal)" in partners.RULE_TEXT
    assert partners.KINDS == ("keten", "type", "dv")
    assert [partners.KIND_TERMS[k].label for k in partners.KINDS] == ["productketen", "type", "Digitaal Verbinden"]
    assert all(partners.KIND_TERMS[k].explanation.endswith(".") for k in partners.KINDS)
    assert set(partners.EXPLANATIONS) == {"netwerken", "partners", "verbinders"}


@pytest.mark.parametrize("radius", [80, 100, 120])
def test_pair_just_inside_the_radius_qualifies_and_just_outside_not(radius):
    inside, outside = moved(LEIDEN, radius - 0.005, 90), moved(LEIDEN, radius + 0.005, 270)
    frame = frame_of(hotspot("centre", LEIDEN), hotspot("inside", inside), hotspot("outside", outside))
    assert reference_km(*LEIDEN, *inside) < radius < reference_km(*LEIDEN, *outside)

    found = partners.links(frame, radius)
    assert pairs_of(found) == [("centre", "inside")]
    assert found["distance_km"].iloc[0] == pytest.approx(reference_km(*LEIDEN, *inside), abs=1e-6)
    assert found["score"].iloc[0] == pytest.approx(1 * (1 - (radius - 0.005) / radius))
    # the same geodesic as the map's "within the radius" list
    assert found["distance_km"].iloc[0] == pytest.approx(geo.distances_from(frame, "centre")[1], rel=1e-12)


def test_pair_exactly_radius_apart_qualifies_with_score_zero():
    other = moved(LEIDEN, 95, 45)
    frame = frame_of(hotspot("centre", LEIDEN), hotspot("other", other))
    radius = float(geo.distance_km(*LEIDEN, *other))
    found = partners.links(frame, radius)
    assert pairs_of(found) == [("centre", "other")]
    assert found["score"].iloc[0] == 0.0


def test_every_reason_counts_and_the_score_follows_the_formula():
    b = moved(LEIDEN, 30, 135)
    frame = frame_of(
        hotspot(
            "b-werf",
            b,
            types=["engineering", "wetenschapsgedreven"],
            product_chains=["robotica", "waterstof", "3d-printen"],
            digitaal_verbinden=True,
        ),
        hotspot(
            "a-lab", LEIDEN, types=["engineering"], product_chains=["waterstof", "robotica"], digitaal_verbinden=True
        ),
    )
    row = partners.links(frame, 100).iloc[0]
    assert (row["a"], row["b"]) == ("a-lab", "b-werf")
    assert row["chains"] == ("waterstof", "robotica")  # vocabulary order
    assert row["types"] == ("engineering",)
    assert row["dv"]
    d = reference_km(*LEIDEN, *b)
    assert d == pytest.approx(30.0, abs=1e-6)
    assert row["score"] == pytest.approx((3 * 2 + 1 * 1 + 2 * 1) * (1 - d / 100))  # 6.3
    assert row["strongest"] == "keten"
    assert not row["estimated_only"]
    assert partners.reasons_text(row) == (
        "productketens Waterstof, Robotica; type Engineering; beide Digitaal Verbinden · 30,0 km"
    )


def test_links_of_the_trio_with_all_kinds(trio):
    found = partners.links(trio, 80)
    d_pq = reference_km(*LEIDEN, *moved(LEIDEN, 20, 90))
    d_ps = reference_km(*LEIDEN, *moved(LEIDEN, 40, 0))
    # p-q: one chain, 3 × (1 − 20/80) = 2.25; p-s: a type and DV, 3 × (1 − 40/80) = 1.5; q-s share nothing
    assert pairs_of(found) == [("p-haven", "q-campus"), ("p-haven", "s-park")]
    assert found["score"].tolist() == pytest.approx([3 * (1 - d_pq / 80), (1 + 2) * (1 - d_ps / 80)])
    assert found["chains"].tolist() == [("waterstof",), ()]
    assert found["types"].tolist() == [(), ("engineering",)]
    assert found["dv"].tolist() == [False, True]
    assert found["strongest"].tolist() == ["keten", "dv"]
    assert list(found.columns) == list(partners.LINK_COLUMNS)


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        ({"keten"}, [("p-haven", "q-campus", ("waterstof",), (), False, 3, "keten")]),
        ({"type"}, [("p-haven", "s-park", (), ("engineering",), False, 1, "type")]),
        ({"dv"}, [("p-haven", "s-park", (), (), True, 2, "dv")]),
        ({"type", "dv"}, [("p-haven", "s-park", (), ("engineering",), True, 3, "dv")]),
    ],
)
def test_only_the_chosen_kinds_qualify_and_score(trio, kinds, expected):
    found = partners.links(trio, 80, kinds)
    rows = [
        (r.a, r.b, r.chains, r.types, r.dv, r.score / (1 - r.distance_km / 80), r.strongest) for r in found.itertuples()
    ]
    assert [row[:5] for row in rows] == [row[:5] for row in expected]
    assert [row[5] for row in rows] == pytest.approx([row[5] for row in expected])
    assert [row[6] for row in rows] == [row[6] for row in expected]


def test_koppel_keten_only_from_the_url(trio):
    kinds, notices = partners.parse_kinds("keten")
    assert (kinds, notices) == (frozenset({"keten"}), [])
    assert pairs_of(partners.links(trio, 80, kinds)) == [("p-haven", "q-campus")]


def test_estimated_only_when_every_reason_rests_on_an_estimate():
    near = moved(LEIDEN, 10, 90)
    far = moved(LEIDEN, 10, 0)
    frame = frame_of(
        hotspot("chain-guess", LEIDEN, product_chains=["waterstof"], estimated=["product_chains", "location"]),
        # shares only the (estimated) chain with chain-guess: an estimate
        hotspot("chain-sure", near, types=["engineering"], product_chains=["waterstof"]),
        # shares the estimated chain and a stated type with chain-guess: not only an estimate
        hotspot("both", far, product_chains=["waterstof"]),
    )
    found = partners.links(frame, 80).set_index(["a", "b"])
    assert found.loc[("chain-guess", "chain-sure"), "estimated_only"]
    assert not found.loc[("both", "chain-guess"), "estimated_only"]
    assert not found.loc[("both", "chain-sure"), "estimated_only"]  # neither estimated its chains
    # with only product chains counting, the link to 'both' rests on the estimate alone
    only_chains = partners.links(frame, 80, {"keten"}).set_index(["a", "b"])
    assert only_chains.loc[("both", "chain-guess"), "estimated_only"]
    assert partners.reasons_text(only_chains.loc[("both", "chain-guess")].to_dict() | {"distance_km": 10}) == (
        "productketen Waterstof (inschatting) · 10,0 km"
    )


def test_estimated_types_and_dv():
    other = moved(LEIDEN, 10, 90)
    types_guessed = frame_of(
        hotspot("a", LEIDEN, estimated=["types"]), hotspot("b", other, estimated=["phase", "location"])
    )
    assert partners.links(types_guessed, 80)["estimated_only"].tolist() == [True]
    # DV is stated in the seeds, so a DV link is no estimate, whatever else is estimated ...
    dv_only = dict(digitaal_verbinden=True, product_chains=[], estimated=["types", "product_chains", "location"])
    frame = frame_of(
        hotspot("a", LEIDEN, types=["engineering"], **dv_only),
        hotspot("b", other, types=["creatief-urbaan"], **dv_only),
    )
    assert partners.links(frame, 80)[["dv", "estimated_only"]].values.tolist() == [[True, False]]
    # ... unless a data file marks it as estimated
    frame = frame_of(
        hotspot("a", LEIDEN, types=["engineering"], **(dv_only | {"estimated": ["digitaal_verbinden"]})),
        hotspot("b", other, types=["creatief-urbaan"], **dv_only),
    )
    assert partners.links(frame, 80)["estimated_only"].tolist() == [True]


def test_hotspots_without_chains():
    other = moved(LEIDEN, 15, 90)
    same_type = frame_of(hotspot("a", LEIDEN), hotspot("b", other))
    assert partners.links(same_type, 80)[["chains", "types", "strongest"]].values.tolist() == [
        [(), ("wetenschapsgedreven",), "type"]
    ]
    nothing_shared = frame_of(hotspot("a", LEIDEN), hotspot("b", other, types=["engineering"]))
    assert partners.links(nothing_shared, 80).empty


def test_duplicate_locations_are_linked_at_distance_zero_and_ties_sort_by_ids():
    frame = frame_of(hotspot("c", LEIDEN), hotspot("a", LEIDEN), hotspot("b", LEIDEN))
    found = partners.links(frame, 80)
    assert pairs_of(found) == [("a", "b"), ("a", "c"), ("b", "c")]
    assert found["distance_km"].tolist() == [0.0, 0.0, 0.0]
    assert found["score"].tolist() == [1.0, 1.0, 1.0]
    assert partners.reasons_text(found.iloc[0]) == "type Wetenschapsgedreven · 0,0 km"


def test_links_sorted_by_score_then_distance_then_ids():
    east, far_east = moved(LEIDEN, 30, 90), moved(LEIDEN, 60, 90)
    frame = frame_of(
        hotspot("m", LEIDEN, product_chains=["robotica"]),
        hotspot("z", east),  # a type with m: 1 × (1 − 30/80) = 0.625
        hotspot("b", east),  # the same place as z: the same score and distance, so ids decide
        hotspot("x", far_east, types=["engineering"], product_chains=["robotica"]),  # a chain: 3 × (1 − 60/80)
    )
    found = partners.links(frame, 80)
    assert pairs_of(found) == [("b", "z"), ("m", "x"), ("b", "m"), ("m", "z")]
    assert found["score"].tolist() == pytest.approx([1.0, 0.75, 0.625, 0.625], abs=1e-6)


def test_sort_order_breaks_score_ties_by_distance_then_ids():
    score = pd.Series([1.0, 2.0, 1.0, 1.0, 0.5]).to_numpy()
    distance = pd.Series([5.0, 1.0, 3.0, 3.0, 0.0]).to_numpy()
    pair_key = pd.Series([0, 1, 3, 2, 4]).to_numpy()
    assert partners._sort_order(score, distance, pair_key).tolist() == [1, 3, 2, 0, 4]


def test_empty_frame_and_single_hotspot_give_empty_links_with_the_same_columns(trio):
    full = partners.links(trio, 80)
    for frame in (trio.iloc[:0], trio.iloc[:1]):
        empty = partners.links(frame, 80)
        assert empty.empty
        assert list(empty.columns) == list(partners.LINK_COLUMNS)
        assert empty.dtypes.to_dict() == full.dtypes.to_dict()
    figures = partners.network(trio.iloc[:1], partners.links(trio.iloc[:1], 80))
    assert figures == partners.NetworkFigures(
        groups=[], degree={"s-park": 0}, betweenness={"s-park": 0.0}, connectors=[]
    )
    assert partners.network(trio.iloc[:0], partners.links(trio.iloc[:0], 80)).degree == {}


@pytest.mark.parametrize("radius", [79.9, 120.1, 0, -100])
def test_radius_outside_80_to_120_is_refused(trio, radius):
    with pytest.raises(ValueError, match=f"80 to 120 km, got {radius}"):
        partners.links(trio, radius)


def test_bad_arguments_say_what_was_received(trio):
    with pytest.raises(TypeError, match="'100'"):
        partners.links(trio, "100")
    with pytest.raises(TypeError, match="True"):
        partners.links(trio, True)
    with pytest.raises(TypeError, match="GeoDataFrame.*got DataFrame"):
        partners.links(pd.DataFrame(trio.drop(columns="geometry")), 80)
    with pytest.raises(ValueError, match=r"lacks the columns \['estimated'\]"):
        partners.links(trio.drop(columns="estimated"), 80)
    with pytest.raises(ValueError, match="unique.*p-haven"):
        partners.links(pd.concat([trio, trio.iloc[[2]]]), 80)
    with pytest.raises(ValueError, match=r"unknown link kinds \['ketens'\]"):
        partners.links(trio, 80, {"ketens"})
    with pytest.raises(ValueError, match="at least one"):
        partners.links(trio, 80, set())
    with pytest.raises(TypeError, match="'keten,type'"):
        partners.links(trio, 80, "keten,type")


def test_parse_kinds():
    every = frozenset(partners.KINDS)
    assert partners.parse_kinds(None) == (every, [])
    assert partners.parse_kinds("keten, TYPE ,dv") == (every, [])
    assert partners.parse_kinds(["keten", "dv"]) == (frozenset({"keten", "dv"}), [])
    assert partners.parse_kinds(["type,dv"]) == (frozenset({"type", "dv"}), [])
    kinds, notices = partners.parse_kinds("keten,foo,bar")
    assert kinds == frozenset({"keten"})
    assert notices == ["Onbekende waarde 'foo', 'bar' voor 'koppel' genegeerd (mogelijk: keten, type, dv)."]
    kinds, notices = partners.parse_kinds("productketen")
    assert kinds == every
    assert len(notices) == 2 and "alle soorten tellen mee" in notices[1]
    kinds, notices = partners.parse_kinds("")
    assert kinds == every and len(notices) == 1
    with pytest.raises(TypeError, match="got 5"):
        partners.parse_kinds(5)


def test_kinds_param_round_trips():
    assert partners.kinds_param(partners.KINDS) is None
    assert partners.kinds_param({"dv", "keten"}) == "keten,dv"
    for size in (1, 2):
        for kinds in itertools.combinations(partners.KINDS, size):
            assert partners.parse_kinds(partners.kinds_param(kinds)) == (frozenset(kinds), [])
    with pytest.raises(ValueError, match="at least one"):
        partners.kinds_param([])
    with pytest.raises(ValueError, match="unknown"):
        partners.kinds_param(["keten", "x"])


def test_reasons_text():
    row = {"chains": ("3d-printen",), "types": ("engineering", "wetenschapsgedreven"), "dv": False}
    assert partners.reasons_text(row | {"distance_km": 34.25}) == (
        "productketen 3D-printen; typen Engineering, Wetenschapsgedreven · 34,2 km"
    )
    assert (
        partners.reasons_text(row, with_distance=False)
        == "productketen 3D-printen; typen Engineering, Wetenschapsgedreven"
    )
    dv_only = {"chains": (), "types": (), "dv": True, "distance_km": 101.96, "estimated_only": False}
    assert partners.reasons_text(pd.Series(dv_only)) == "beide Digitaal Verbinden · 102,0 km"
    assert partners.reasons_text({"chains": ("lasersatcom",), "types": (), "dv": False}, with_distance=False) == (
        "productketen LaserSatCom"
    )
    with pytest.raises(ValueError, match=r"lacks \['distance_km'\]"):
        partners.reasons_text(row)
    with pytest.raises(TypeError, match="list"):
        partners.reasons_text([1, 2])


def test_partners_of(trio):
    found = partners.links(trio, 80)
    mine = partners.partners_of(found, "p-haven")
    assert list(mine.columns) == list(partners.PARTNER_COLUMNS)
    assert mine["partner"].tolist() == ["q-campus", "s-park"]
    assert mine["reasons"].tolist() == ["productketen Waterstof", "type Engineering; beide Digitaal Verbinden"]
    assert mine["score"].tolist() == found["score"].tolist()
    assert mine["distance_km"].tolist() == found["distance_km"].tolist()
    assert partners.partners_of(found, "p-haven", limit=1)["partner"].tolist() == ["q-campus"]
    assert partners.partners_of(found, "s-park")["partner"].tolist() == ["p-haven"]
    nobody = partners.partners_of(found, "onbekend")
    assert nobody.empty and list(nobody.columns) == list(partners.PARTNER_COLUMNS)
    assert nobody.dtypes.to_dict() == mine.dtypes.to_dict()
    with pytest.raises(ValueError, match="-1"):
        partners.partners_of(found, "p-haven", limit=-1)
    with pytest.raises(TypeError, match="2.5"):
        partners.partners_of(found, "p-haven", limit=2.5)
    with pytest.raises(ValueError, match="lacks the columns"):
        partners.partners_of(found[["a", "b"]], "p-haven")


def hand_made(names, edges):
    """A frame of ids/names and a links frame of ``edges`` (a network() input without geometry)."""
    frame = pd.DataFrame({"id": list(names), "name": list(names.values())})
    links = pd.DataFrame({"a": [a for a, _ in edges], "b": [b for _, b in edges], "score": 1.0})
    return frame, links


def test_network_of_a_chain_a_b_c_makes_b_the_connector():
    frame, links = hand_made(
        {"a": "A", "b": "B", "c": "C", "d": "D", "e": "E", "f": "F"}, [("a", "b"), ("b", "c"), ("d", "e")]
    )
    figures = partners.network(frame, links)
    assert figures.groups == [["a", "b", "c"], ["d", "e"]]
    assert figures.degree == {"a": 1, "b": 2, "c": 1, "d": 1, "e": 1, "f": 0}
    # one pair of the C(5, 2) = 10 pairs of other hotspots passes through b
    assert figures.betweenness == pytest.approx({"a": 0, "b": 1 / 10, "c": 0, "d": 0, "e": 0, "f": 0})
    assert figures.connectors == ["b"]
    assert figures.betweenness_exact and figures.notice is None


def test_network_of_two_triangles_and_a_bridge():
    # a-b-c triangle, c-x-d bridge, d-e-f triangle; names make d sort before c
    names = {"a": "Aa", "b": "Bb", "c": "Zwaluw", "x": "Brug", "d": "Aalscholver", "e": "Ee", "f": "Ff"}
    edges = [("a", "b"), ("a", "c"), ("b", "c"), ("c", "x"), ("d", "x"), ("d", "e"), ("d", "f"), ("e", "f")]
    frame, links = hand_made(names, edges)
    figures = partners.network(frame, links)
    assert figures.groups == [["a", "b", "c", "d", "e", "f", "x"]]
    assert figures.degree == {"a": 2, "b": 2, "c": 3, "x": 2, "d": 3, "e": 2, "f": 2}
    # of the C(6, 2) = 15 pairs without it: x lies on 3 × 3 = 9, c on {a, b} × {x, d, e, f} = 8
    expected = {"a": 0, "b": 0, "c": 8 / 15, "x": 9 / 15, "d": 8 / 15, "e": 0, "f": 0}
    assert figures.betweenness == pytest.approx(expected)
    assert figures.connectors == ["x", "d", "c"]  # c and d tie: by name, Aalscholver before Zwaluw
    # a pair listed twice (or the other way round) is still one partner
    twice = partners.network(frame, pd.concat([links, links.rename(columns={"a": "b", "b": "a"})]))
    assert twice.degree == figures.degree and twice.groups == figures.groups


def test_network_from_links_of_three_hotspots_in_a_row():
    b, c = moved(LEIDEN, 70, 90), moved(LEIDEN, 140, 90)
    frame = frame_of(hotspot("a", LEIDEN), hotspot("b", b), hotspot("c", c))
    found = partners.links(frame, 80)
    assert set(pairs_of(found)) == {("a", "b"), ("b", "c")}
    figures = partners.network(frame, found)
    assert figures.connectors == ["b"]
    assert figures.betweenness["b"] == pytest.approx(1.0)  # the only pair of others passes through b


def test_large_networks_get_estimated_connectors_with_a_notice(monkeypatch):
    names = {f"h{i}": f"Hotspot {i}" for i in range(7)}
    edges = [("h0", "h1"), ("h0", "h2"), ("h1", "h2"), ("h2", "h3"), ("h3", "h4"), ("h4", "h5"), ("h4", "h6")]
    frame, links = hand_made(names, edges)
    links["score"] = [7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0]
    exact = partners.network(frame, links)
    monkeypatch.setattr(network, "BETWEENNESS_MAX_WORK", 20)
    monkeypatch.setattr(network, "BETWEENNESS_MAX_LINKS", 5)
    estimated = partners.network(frame, links)
    assert not estimated.betweenness_exact
    assert estimated.notice == (
        "Er zijn veel koppelingen: de verbinders zijn geschat op de 5 sterkste koppelingen, "
        "met een steekproef van 4 hotspots."
    )
    # groups and partner counts stay exact
    assert (estimated.groups, estimated.degree) == (exact.groups, exact.degree)
    assert set(estimated.betweenness) == set(names)


def test_network_refuses_links_to_hotspots_outside_the_frame(trio):
    found = partners.links(trio, 80)
    with pytest.raises(ValueError, match="not in frame.*q-campus"):
        partners.network(trio[trio["id"] != "q-campus"], found)
    frame, links = hand_made({"a": "A", "b": "B"}, [("a", "a")])
    with pytest.raises(ValueError, match="itself"):
        partners.network(frame, links)
    with pytest.raises(TypeError, match="links_frame must be a DataFrame"):
        partners.network(trio, None)


def test_projected_distances_are_kept_for_very_many_links(trio, monkeypatch):
    monkeypatch.setattr(partners, "EXACT_DISTANCE_MAX_LINKS", 0)
    found = partners.links(trio, 80)
    lon = dict(zip(trio["id"], trio.geometry.x, strict=True))
    lat = dict(zip(trio["id"], trio.geometry.y, strict=True))
    for row in found.itertuples():
        assert row.distance_km == pytest.approx(reference_km(lon[row.a], lat[row.a], lon[row.b], lat[row.b]), rel=1e-4)


def _brute_force(frame, radius):
    """Every qualifying pair by the rule, pair by pair, with geographiclib distances."""
    rows = {r.id: r for r in frame.itertuples()}
    expected = {}
    for a, b in itertools.combinations(sorted(rows), 2):
        ra, rb = rows[a], rows[b]
        d = reference_km(ra.geometry.x, ra.geometry.y, rb.geometry.x, rb.geometry.y)
        chains = tuple(c for c in PRODUCT_CHAINS if c in ra.product_chains and c in rb.product_chains)
        types = tuple(t for t in TYPES if t in ra.types and t in rb.types)
        dv = bool(ra.digitaal_verbinden and rb.digitaal_verbinden)
        guessed = set(ra.estimated) | set(rb.estimated)
        estimated_only = (
            (not chains or "product_chains" in guessed)
            and (not types or "types" in guessed)
            and (not dv or "digitaal_verbinden" in guessed)
        )
        if d <= radius and (chains or types or dv):
            score = (3 * len(chains) + len(types) + 2 * dv) * (1 - d / radius)
            expected[(a, b)] = (d, chains, types, dv, score, estimated_only)
    return expected


@pytest.mark.parametrize("radius", [80, 100, 120])
def test_links_on_the_shipped_data_match_a_brute_force_check(radius):
    frame = load_hotspots().frame
    found = partners.links(frame, radius)
    expected = _brute_force(frame, radius)
    assert len(expected) > 0
    assert set(pairs_of(found)) == set(expected)
    assert len(found) == len(expected)
    for row in found.itertuples():
        d, chains, types, dv, score, estimated_only = expected[(row.a, row.b)]
        assert row.distance_km == pytest.approx(d, abs=1e-6)
        assert (row.chains, row.types, row.dv, row.estimated_only) == (chains, types, dv, estimated_only)
        assert row.score == pytest.approx(score)
    assert (found["distance_km"] <= radius).all()
    # the figures' groups and partner counts agree with networkx on the same links
    figures = partners.network(frame, found)
    graph = nx.Graph(pairs_of(found))
    graph.add_nodes_from(frame["id"])
    reference_groups = sorted((sorted(g) for g in nx.connected_components(graph) if len(g) > 1), key=len, reverse=True)
    assert sorted(map(tuple, figures.groups)) == sorted(map(tuple, reference_groups))
    assert figures.degree == dict(graph.degree())
    assert figures.betweenness == pytest.approx(nx.betweenness_centrality(graph))


def test_shipped_delft_hotspot_is_linked_to_noordwijk_by_lasersatcom():
    frame = load_hotspots().frame
    found = partners.links(frame, 100)
    delft = set(frame.loc[frame["place"] == "Delft", "id"])
    assert len(delft) >= 2
    chain_links = found[found["strongest"] == "keten"]
    # every Delft hotspot that shares a product chain with another hotspot in reach is linked by it
    for fid in delft:
        own = frame[frame["id"] == fid].iloc[0]
        sharers = {
            other.id
            for other in frame.itertuples()
            if other.id != fid
            and set(own["product_chains"]) & set(other.product_chains)
            and reference_km(own.geometry.x, own.geometry.y, other.geometry.x, other.geometry.y) <= 100
        }
        linked = set(chain_links["a"][chain_links["b"] == fid]) | set(chain_links["b"][chain_links["a"] == fid])
        assert linked == sharers
    row = found.set_index(["a", "b"]).loc[("nl-space-campus", "quantum-campus-delft")]
    assert row["chains"] == ("lasersatcom",)
    assert partners.reasons_text(row).startswith("productketen LaserSatCom; type Wetenschapsgedreven · ")


@pytest.mark.parametrize("shift", [0.0, -1.0])  # scores of 0 or more use packed int64 keys; others an argsort
def test_sort_order_equals_a_full_lexsort_with_exact_and_near_ties(shift):
    rng = np.random.default_rng(7)
    score = np.round(rng.uniform(0, 3, 5000), 3) + shift  # many exact ties
    score[:100] = 1.5 + shift + np.arange(100) * 1e-12  # scores closer than the packed keys can tell apart
    distance = np.round(rng.uniform(0, 100, 5000), 0)
    pair_key = rng.permutation(5000)
    expected = np.lexsort((pair_key, distance, -score))
    assert partners._sort_order(score, distance, pair_key).tolist() == expected.tolist()
    assert partners._sort_order(score, distance, lambda rows: pair_key[rows]).tolist() == expected.tolist()


def test_network_uses_the_rows_links_hands_over_only_for_that_very_frame(monkeypatch):
    shipped = load_hotspots().frame
    found = partners.links(shipped, 120)
    assert network._attached_positions(shipped["id"].to_numpy(dtype=object), found) is not None
    expected = partners.network(shipped, found.copy())  # a copy carries no rows: network() looks the ids up
    assert network._attached_positions(shipped["id"].to_numpy(dtype=object), found.copy()) is None
    assert partners.network(shipped, found) == expected
    # other hotspots (here: in another order) or a replaced column: the rows are not used
    reordered = shipped.iloc[::-1]
    assert network._attached_positions(reordered["id"].to_numpy(dtype=object), found) is None
    assert partners.network(reordered, found).degree == expected.degree
    changed = partners.links(shipped, 120)
    changed["a"], changed["b"] = changed["b"].to_numpy(), changed["a"].to_numpy()
    assert network._attached_positions(shipped["id"].to_numpy(dtype=object), changed) is None
    assert partners.network(shipped, changed) == expected
    # a slice is another frame, without the rows
    assert network._attached_positions(shipped["id"].to_numpy(dtype=object), found.head(3)) is None
