"""The map's symbols against WCAG 2.1: type without colour (1.4.1) and non-text contrast (1.4.11).

Every marker the map can draw (type × phase × state) is parsed from its SVG:
its edge must stand out at 3:1 or more against every ground the map shows
(:data:`hotspots.symbols.GROUNDS`: the land, the neighbours and the map's
background when tiles fail), and it must carry its type's letter, on its fill
at 4.5:1 or more.
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET

import pytest

from hotspots import symbols
from hotspots.mapview import basemap
from hotspots.mapview.markers import MARKER_STATES, marker_svg
from hotspots.model import PHASES, TYPES

SVG = "{http://www.w3.org/2000/svg}"
SHAPES = ("circle", "rect", "polygon")
TYPE_SETS = [[t] for t in TYPES] + [list(pair) for pair in itertools.permutations(TYPES, 2)]
CSS = (symbols.COUNTRIES_FILE.parent / "mapview.css").read_text(encoding="utf-8")


def test_the_wcag_formula_gives_the_known_ratios():
    assert symbols.contrast("#000000", "#FFFFFF") == pytest.approx(21)
    assert symbols.contrast("#FFFFFF", "#FFFFFF") == pytest.approx(1)
    assert symbols.contrast("#E69F00", "#FFFFFF") == pytest.approx(2.25, abs=0.01)  # the measure
    assert symbols.contrast("#767980", "#FFFFFF") == pytest.approx(4.35, abs=0.01)  # the captions


def test_the_grounds_are_those_the_map_draws():
    outline = basemap._base_config(False)["outline"]
    assert outline["home"]["fillColor"] == symbols.GROUNDS["land"]
    assert outline["abroad"]["fillColor"] == symbols.GROUNDS["buurland"]
    background = re.search(r"\.leaflet-container \{ background: (#[0-9A-Fa-f]{6})", CSS)
    assert background and background.group(1).upper() == symbols.GROUNDS["achtergrond"]


def _parts(svg: str) -> tuple[ET.Element, list[ET.Element], list[ET.Element]]:
    root = ET.fromstring(svg)
    shapes = [e for e in root if e.tag.removeprefix(SVG) in SHAPES]
    texts = [e for e in root if e.tag.removeprefix(SVG) == "text"]
    return root, shapes, texts


def _fills(svg: str, body: ET.Element) -> list[str]:
    fill = body.get("fill", "")
    if fill.startswith("url("):
        return re.findall(r'stop-color="(#[0-9A-Fa-f]{6})"', svg)
    return [fill]


@pytest.mark.parametrize("state", MARKER_STATES)
@pytest.mark.parametrize("phase", list(PHASES))
def test_every_marker_stands_out_against_every_ground(state, phase):
    for types in [*TYPE_SETS, []]:
        svg = marker_svg(types, phase, state)
        root, shapes, _ = _parts(svg)
        assert "opacity" not in root.attrib, "a faded marker loses its edge (1.4.11)"
        body = shapes[-1]  # the hotspot's shape, drawn over a halo or ring
        assert "opacity" not in body.attrib and "stroke-opacity" not in body.attrib
        assert float(body.get("stroke-width", 0)) >= 1.5
        for name, ground in symbols.GROUNDS.items():
            ratio = symbols.contrast(body.get("stroke", ""), ground)
            assert ratio >= 3, f"{types} {phase} {state}: outline {ratio:.2f}:1 on {name}"
            # the halo of a selection and the ring of a hotspot in reach: their edges too
            for extra in shapes[:-1]:
                assert symbols.contrast(extra.get("stroke", ""), ground) >= 3, (state, name)


@pytest.mark.parametrize("state", MARKER_STATES)
@pytest.mark.parametrize("phase", list(PHASES))
def test_every_marker_shows_its_types_letters_legibly(state, phase):
    for types in TYPE_SETS:
        svg = marker_svg(types, phase, state)
        _, shapes, texts = _parts(svg)
        assert [t.text for t in texts] == [symbols.TYPE_LETTERS[t] for t in types], (types, phase, state)
        fills = _fills(svg, shapes[-1])
        assert len(fills) == len(texts)
        for text, fill in zip(texts, fills, strict=True):
            assert symbols.contrast(text.get("fill", ""), fill) >= 4.5, (types, phase, state, text.text)
            assert float(text.get("font-size", 0)) >= 7
    # a hotspot with no known type: a grey shape, no letter to misread
    assert _parts(marker_svg([], phase, state))[2] == []


def test_each_type_has_its_own_letter():
    assert set(symbols.TYPE_LETTERS) == set(TYPES) == set(symbols.TYPE_COLOURS)
    letters = list(symbols.TYPE_LETTERS.values())
    assert len(set(letters)) == len(letters) and all(len(x) == 1 and x.isupper() for x in letters)
    for slug, letter in symbols.TYPE_LETTERS.items():
        assert TYPES[slug].label.startswith(letter)  # the letter is the Dutch word's first


def test_group_markers_are_not_faded():
    rules = dict(re.findall(r"(\.hk-group[\w-]*(?: span)?) \{([^}]*)\}", CSS))
    assert "opacity" not in rules[".hk-group-gedimd span"]
    edge = re.search(r"box-shadow: 0 0 0 [\d.]+px (#[0-9A-Fa-f]{6})", rules[".hk-group-gedimd span"])
    assert edge is not None
    for ground in symbols.GROUNDS.values():
        assert symbols.contrast(edge.group(1), ground) >= 3


def test_the_focus_rings_on_the_map_stand_out_against_every_ground():
    rings = re.findall(r"outline: 3px solid (#[0-9A-Fa-f]{6})", CSS)
    assert rings
    for ring, ground in itertools.product(rings, symbols.GROUNDS.values()):
        assert symbols.contrast(ring, ground) >= 3


def test_markers_stand_out_inside_a_ring_too():
    from hotspots.mapview.rings import RING_STYLE

    # the land under one ring's fill (hotspots within the radius stand there)
    ring, alpha = symbols.rgb(RING_STYLE["fillColor"]), RING_STYLE["fillOpacity"]
    under = "#" + "".join(f"{round(255 * (1 - alpha) + c * alpha):02X}" for c in ring)
    assert under != symbols.GROUNDS["land"]
    for outline in (symbols.OUTLINE_COLOUR, symbols.DIMMED_OUTLINE):
        assert symbols.contrast(outline, under) >= 3
