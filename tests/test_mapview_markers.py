"""Markers: one per matching hotspot, their states and SVGs, the popup's facts, escaping, clicks."""

import json

import pytest
from factories import DELFT, collection, feature

from hotspots import describe, filters, geo, mapview
from hotspots.filters import FilterState
from hotspots.io import frame_from_features
from hotspots.mapview.markers import marker_group

XSS_NAME = "<img src=x onerror=alert(1)>"
TEMPLATE_NAME = "`${alert(document.domain)}` </script><script>alert(2)</script>"


def payload(layer) -> dict:
    """The data a marker layer sends to the browser (as JSON in its script)."""
    assert json.loads(layer.payload_json) == layer.payload
    return layer.payload


def rows(data: dict) -> dict[str, dict]:
    """The payload's rows by hotspot id, as dicts of their fields."""
    unpacked = [dict(zip(data["fields"], row, strict=True)) for row in data["rows"]]
    return {row["id"]: row for row in unpacked}


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
    markers = payload(mapview.hotspot_layer(shown))["rows"]
    assert len(markers) == count
    assert sorted(rows(payload(mapview.hotspot_layer(shown)))) == sorted(shown["id"])


def test_marker_states_for_a_selection(sample_frame):
    reach = geo.hotspots_within(sample_frame, "leiden", 80)["id"]
    data = payload(mapview.hotspot_layer(sample_frame, selected="leiden", reach=reach))
    markers = rows(data)
    assert {hid: m["state"] for hid, m in markers.items()} == {
        "leiden": "geselecteerd",
        "noordwijk": "bereik",
        "delft": "bereik",
        "eindhoven": "gedimd",
        "leeuwarden": "gedimd",
    }
    sizes = {hid: mapview.SIZES[m["state"]] for hid, m in markers.items()}
    assert sizes["leiden"] > sizes["delft"] > sizes["eindhoven"]
    # each marker points at the SVG of its own types, phase and state
    by_id = sample_frame.set_index("id")
    for hid, m in markers.items():
        assert data["icons"][m["icon"]] == mapview.marker_svg(
            by_id.loc[hid, "types"], by_id.loc[hid, "phase"], m["state"]
        )


def test_marker_colour_by_type_and_shape_by_phase():
    one = mapview.marker_svg(["engineering"], "opkomst")
    assert mapview.TYPE_COLOURS["engineering"] in one
    assert '<polygon points="16,5 ' in one  # triangle
    assert ">E</text>" in one  # the type's letter
    two = mapview.marker_svg(["engineering", "wetenschapsgedreven"], "groei")
    assert "linearGradient" in two
    assert mapview.TYPE_COLOURS["engineering"] in two
    assert mapview.TYPE_COLOURS["wetenschapsgedreven"] in two
    assert "<circle" in two
    assert "<rect" in mapview.marker_svg(["creatief-urbaan"], "consolidatie")
    with pytest.raises(ValueError, match="vaag"):
        mapview.marker_svg(["engineering"], "groei", state="vaag")


def test_many_hotspots_make_a_large_data_set():
    many = frame_from_features(
        [feature(f"h{i}", 4.0 + (i % 30) * 0.1, 51.5 + (i // 30) * 0.1) for i in range(mapview.CLUSTER_THRESHOLD + 1)]
    )
    data = payload(mapview.hotspot_layer(many))
    assert data["large"] is True  # wider groups while zoomed out
    assert len(data["rows"]) == mapview.CLUSTER_THRESHOLD + 1
    assert payload(mapview.hotspot_layer(many.iloc[:-1]))["large"] is False


def test_the_fit_target_travels_with_the_markers(sample_frame):
    from hotspots.mapcontent import map_content
    from hotspots.viewstate import ViewState

    content = map_content(sample_frame, sample_frame, ViewState(hotspot="leiden"))
    fit = content.fit.payload()
    data = payload(mapview.hotspot_layer(sample_frame, selected="leiden", fit=fit))
    assert data["fit"] == fit
    assert data["fit"]["hotspot"] == "leiden"
    assert set(data["fit"]) == {"scope", "scopeBounds", "hotspot", "ringBounds"}
    # JSON-ready: the layer's script carries it as it is
    assert json.loads(json.dumps(data["fit"])) == fit
    # without a fit the map never moves by itself
    assert payload(mapview.hotspot_layer(sample_frame))["fit"] is None


def test_the_popup_gets_the_facts_describe_gives(sample_frame):
    data = mapview.marker_payload(sample_frame)
    markers = rows(data)
    for record in sample_frame.to_dict("records"):
        row = markers[record["id"]]
        popup_facts = [(data["texts"][text], estimated) for text, estimated in row["facts"]]
        assert popup_facts == [(f.value, f.estimated) for f in describe.facts(record)]
        assert row["place"] == describe.place_text(record)
        assert row["location_estimated"] is ("location" in record["estimated"])
    leiden = markers["leiden"]
    assert (leiden["lat"], leiden["lng"]) == (52.1664, 4.479)
    assert [data["texts"][text] for text, _ in leiden["facts"]] == [
        "Wetenschapsgedreven",
        "Groei",
        "geen",
        "niet besproken",
        "LUMC; Universiteit Leiden",
    ]
    assert [estimated for _, estimated in leiden["facts"]] == [False, True, False, False, False]
    assert [data["sources"][i] for i in leiden["sources"]] == [
        "Regionale hotspots (advies) (Adviesraad voor wetenschap, technologie en innovatie (AWTI), Den Haag, 2014), §3.4"
    ]


def test_the_payload_sends_no_raw_vocabulary_fields(sample_frame):
    data = mapview.marker_payload(sample_frame)
    assert data["fields"] == list(mapview.MARKER_FIELDS)
    assert not {"types", "phase", "chains", "dv", "anchors", "estimated", "province"} & set(data["fields"])
    # repeated texts are sent once
    assert len(data["texts"]) == len(set(data["texts"]))
    assert data["texts"].count("geen") == 1


def test_2000_hotspots_stay_a_small_message():
    # one of the benchmark's synthetic data sets, in miniature: every row distinct
    many = frame_from_features(
        [
            feature(
                f"h{i}", 4.0 + (i % 50) * 0.05, 51.5 + (i // 50) * 0.04, name=f"Hotspot {i}", anchors=[f"Anker {i}"]
            )
            for i in range(2000)
        ]
    )
    size = len(json.dumps(mapview.marker_payload(many)))
    assert size < 500_000, size


@pytest.mark.parametrize(
    ("name", "escaped"),
    [
        (XSS_NAME, "\\u003cimg src=x onerror=alert(1)\\u003e"),
        (TEMPLATE_NAME, "\\u003c/script\\u003e\\u003cscript\\u003ealert(2)\\u003c/script\\u003e"),
    ],
)
def test_text_from_the_data_is_escaped(name, escaped):
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
    data = mapview.marker_payload(frame)
    assert rows(data)["x"]["name"] == name  # data, escaped in the browser
    assert name in data["texts"]  # the anchors fact
    m = mapview.base_map()
    mapview.hotspot_layer(frame).add_to(m)
    script = m.get_root().render()
    # the data reaches the browser as JSON, with no raw tag or closing script in it
    assert "<img src=x" not in script
    assert "</script><script>alert(2)" not in script
    assert escaped in script


def test_hotspot_at_matches_clicks_on_markers(sample_frame):
    assert mapview.hotspot_at(sample_frame, 51.9990, 4.3776) == "delft"
    assert mapview.hotspot_at(sample_frame, 51.99900000001, 4.37759999) == "delft"
    assert mapview.hotspot_at(sample_frame, 52.0, 4.5) is None
    assert mapview.hotspot_at(sample_frame.iloc[:0], 52.0, 4.5) is None


def test_a_layer_made_from_cached_json_draws_the_same_and_stays_script_safe():
    # The map page caches a view's layers as their JSON (ui/cached.py); only
    # layer_json's output, which cannot close the script, is accepted as such.
    frame = frame_from_features(
        collection(feature("a", name=XSS_NAME), feature("b", name=TEMPLATE_NAME, lon=4.5))["features"]
    )
    built = mapview.marker_payload(frame, selected="a")
    made = mapview.layer_json(built)

    assert "</script>" not in made and "<img" not in made
    layer = marker_group(made)
    assert layer.payload_json is made
    assert layer.payload == mapview.hotspot_layer(frame, selected="a").payload == json.loads(json.dumps(built))
    with pytest.raises(TypeError):
        marker_group(json.dumps(built))
