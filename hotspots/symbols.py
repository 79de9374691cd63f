"""The map's symbols: type colours and letters, phase shapes, outlines, grounds and the country outline.

One symbology, two renderers: the Leaflet map (:mod:`hotspots.mapview`,
folium) and the static hand-out (:mod:`hotspots.handout`, matplotlib) both
draw from this module, which needs neither.

Type is told by colour **and** by a letter in the marker (WCAG 1.4.1), phase
by shape. Every marker has a dark outline, so its edge stands out at 3:1 or
more against the map's grounds whatever its fill (WCAG 1.4.11: the orange
alone is 2.25:1 on white); a dimmed marker (filtered out, out of the radius)
is a pale tint of its colour with a grey outline, never a transparent one.
``tests/test_symbols.py`` computes those ratios.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

# Okabe-Ito colours: distinguishable with the common forms of colour blindness.
TYPE_COLOURS = {
    "creatief-urbaan": "#E69F00",  # orange
    "engineering": "#0072B2",  # blue
    "wetenschapsgedreven": "#009E73",  # bluish green
}
#: The letter in a marker of each type: the type without its colour.
#: A hotspot with two types shows both letters, each on its own half.
TYPE_LETTERS = {
    "creatief-urbaan": "C",
    "engineering": "E",
    "wetenschapsgedreven": "W",
}
# Phase by shape, so it reads without colour too.
PHASE_SHAPES = {
    "opkomst": "triangle",
    "groei": "circle",
    "consolidatie": "square",
    "transitie": "diamond",
}
#: A hotspot without a known type (no letter: the legend's phase and state rows use it too).
UNKNOWN_COLOUR = "#777777"

#: The outline of every marker that is not dimmed: its boundary against the map.
OUTLINE_COLOUR = "#1F2937"
#: A dimmed marker: its type colour mixed with this much white, a grey outline and a grey letter.
DIMMED_TINT = 0.7
DIMMED_OUTLINE = "#6B7280"
DIMMED_LETTER = "#374151"
#: Letters on a fill: whichever of the two contrasts more with it.
LETTER_LIGHT = "#FFFFFF"
LETTER_DARK = "#111827"

#: What the markers stand on in the browser when the basemap's tiles are shown
#: or fail: the fallback outline's land (Nederland, and the neighbours) and
#: the map's own background (static/map/mapview.css). PDOK's grey basemap
#: draws land near white too.
GROUNDS = {
    "land": "#FFFFFF",
    "buurland": "#F8FAFC",
    "achtergrond": "#EEF2F5",
}

#: The fallback outline of the Netherlands and its neighbours, drawn under
#: the hotspots (static/map/README.md): the browser fetches it beside
#: mapview.js, the hand-out reads it from disk.
COUNTRIES_FILE = Path(__file__).resolve().parent.parent / "static" / "map" / "landen.geojson"


def rgb(colour: str) -> tuple[int, int, int]:
    """``#RRGGBB`` as three 0-255 integers."""
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"not a #RRGGBB colour: {colour!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def luminance(colour: str) -> float:
    """The relative luminance of an sRGB colour, as WCAG 2.1 defines it."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours, from 1 to 21.

    Examples
    --------
    >>> round(contrast("#E69F00", "#FFFFFF"), 2)
    2.25
    """
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def tint(colour: str, white: float) -> str:
    """``colour`` mixed with ``white`` (0-1) parts of white."""
    return "#" + "".join(f"{round(c + (255 - c) * white):02X}" for c in rgb(colour))


def letter_colour(fill: str) -> str:
    """The letter's colour on ``fill``: white or near-black, whichever contrasts more."""
    return max((LETTER_LIGHT, LETTER_DARK), key=lambda letter: contrast(letter, fill))


def type_colours(types: Iterable[str]) -> list[str]:
    """The colours of a hotspot's known types (at most two), or the grey of an unknown type."""
    return [TYPE_COLOURS[t] for t in types if t in TYPE_COLOURS][:2] or [UNKNOWN_COLOUR]


def type_letters(types: Iterable[str]) -> str:
    """The letters of a hotspot's known types, in the order of its colours ("" without a known type).

    Examples
    --------
    >>> type_letters(["wetenschapsgedreven", "engineering"])
    'WE'
    """
    return "".join(TYPE_LETTERS[t] for t in types if t in TYPE_LETTERS)[:2]
