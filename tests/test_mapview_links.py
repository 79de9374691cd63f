"""The partner lines' layer: compact payload, width classes, the constant script on the base map."""

from __future__ import annotations

import json

import pytest
from factories import DELFT, LEIDEN, NOORDWIJK, collection
from streamlit_folium import _get_map_string, generate_js_hash

from hotspots import assets, mapview, partners
from hotspots.io import frame_from_features, load_hotspots
from hotspots.mapview import basemap
from hotspots.mapview import links as links_module

XSS = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"


@pytest.fixture(scope="module")
def shipped():
    return load_hotspots().frame


def rows_of(payload):
    return [dict(zip(payload["fields"], row, strict=True)) for row in payload["links"]]


def test_payload_has_a_row_per_link_with_its_ends_width_kind_and_reasons(shipped):
    links = partners.links(shipped, 100)
    payload = mapview.links_payload(shipped, links, highlight="robovalley-fraim")
    assert payload["highlight"] == "robovalley-fraim"
    assert payload["fields"] == ["a", "b", "width", "kind", "reasons", "estimated"]
    points = payload["points"]
    by_id = shipped.set_index("id")
    assert {p[0] for p in points} == set(links["a"]) | set(links["b"])
    for hotspot_id, name, lat, lng in points:
        assert name == by_id.loc[hotspot_id, "name"]
        assert lat == round(by_id.loc[hotspot_id].geometry.y, 5)
        assert lng == round(by_id.loc[hotspot_id].geometry.x, 5)
    rows = rows_of(payload)
    assert len(rows) == len(links)
    for row, (_, link) in zip(rows, links.iterrows(), strict=True):
        assert (points[row["a"]][0], points[row["b"]][0]) == (link["a"], link["b"])
        assert row["width"] == links_module.width_class(link["score"])
        assert row["kind"] == link["strongest"]
        assert row["reasons"] == partners.reasons_text(link)
        assert row["estimated"] is bool(link["estimated_only"])
    # every kind and both kinds of evidence occur in the shipped data, and several widths
    assert {r["kind"] for r in rows} == {"keten", "dv", "type"}
    assert {r["estimated"] for r in rows} == {True, False}
    assert len({r["width"] for r in rows}) >= 3
    json.dumps(payload)  # JSON-ready


def test_width_classes_grow_with_the_score():
    steps = links_module.SCORE_STEPS
    assert links_module.width_class(0.0) == 0
    assert [links_module.width_class(s) for s in steps] == list(range(1, len(steps) + 1))
    assert links_module.width_class(steps[0] - 1e-9) == 0
    assert links_module.width_class(100) == len(links_module.WIDTH_STEPS) - 1
    assert list(links_module.WIDTH_STEPS) == sorted(links_module.WIDTH_STEPS)
    assert links_module.WIDTH_STEPS[0] >= 2 and links_module.WIDTH_STEPS[-1] <= 8


def test_no_links_is_an_empty_payload(sample_frame):
    payload = mapview.links_payload(sample_frame, partners.links(sample_frame, 80).iloc[:0])
    assert payload["points"] == [] and payload["links"] == []


def test_drawn_links_keep_the_strongest_and_every_link_of_the_selection(shipped):
    links = partners.links(shipped, 120)
    assert mapview.drawn_links(links) is links  # under the limit: all
    drawn = mapview.drawn_links(links, limit=10)
    assert drawn.equals(links.head(10))
    weakest = links.iloc[-1]
    with_selection = mapview.drawn_links(links, highlight=weakest["a"], limit=10)
    mine = links[(links["a"] == weakest["a"]) | (links["b"] == weakest["a"])]
    assert set(with_selection.index) == set(links.index[:10]) | set(mine.index)
    assert list(with_selection.index) == sorted(with_selection.index)  # still strongest first
    with pytest.raises(ValueError, match="at least 0"):
        mapview.drawn_links(links, limit=-1)


def test_names_travel_as_escaped_json_only(sample_frame):
    frame = frame_from_features(
        collection(dict(LEIDEN, properties=dict(LEIDEN["properties"], name=XSS)), DELFT, NOORDWIJK)["features"]
    )
    links = partners.links(frame, 80)
    layer = mapview.links_layer(frame, links)
    base = mapview.base_map()
    layer.add_to(base)
    document = base.get_root().render()
    script = document.split("hk.links(", 1)[1].split(").addTo(", 1)[0]
    assert "<" not in script and ">" not in script  # tojson: nothing can close the script
    assert XSS in [p[1] for p in json.loads(script)["points"]]  # the browser escapes it where it builds the tooltip


def test_links_script_is_the_same_on_every_run_and_installs_hk_links():
    def base():
        m = mapview.base_map()
        mapview.LinksScript().add_to(m)
        return m

    first = generate_js_hash(_get_map_string(base()), "samenwerking", False)
    assert first == generate_js_hash(_get_map_string(base()), "samenwerking", False)
    m = base()
    document = m.get_root().render()
    # links.js and links.css are files the app serves, linked once, not text sent on every run
    assert "function install(" not in document
    assert ".hk-links-legend" not in document
    assets.localise(m)
    own = [url.split("?")[0] for url in assets.asset_urls(m) if "/app/static/map/" in url]
    # links.js after the map's script (mapview.js and its parts), which makes window.hk
    map_script = [f"/app/static/{basemap.SCRIPT_BUNDLE}"]
    assert [url for url in own if url.endswith(".js")] == [*map_script, "/app/static/map/links.js"]
    assert [url for url in own if url.endswith(".css")] == ["/app/static/map/mapview.css", "/app/static/map/links.css"]
    assert links_module.SCRIPT_FILE.is_file() and links_module.STYLE_FILE.is_file()
    assert "modules.links = " in links_module.SCRIPT_FILE.read_text(encoding="utf-8")
    # after mapview.js has made window.hk, which it extends
    assert document.index("window.hk = ") < document.index(".install(window.hk, ")


def test_line_colours_are_distinct_and_unlike_the_marker_colours():
    colours = mapview.KIND_COLOURS
    assert set(colours) == set(partners.KINDS)
    assert len(set(colours.values())) == 3
    assert not set(c.upper() for c in colours.values()) & set(c.upper() for c in mapview.TYPE_COLOURS.values())
    config = links_module._browser_config()
    assert [kind for kind, _ in config["kinds"]] == ["keten", "dv", "type"]  # strongest first, as in the legend
    assert [label for _, label in config["kinds"]] == ["Productketen", "Digitaal Verbinden", "Type"]
