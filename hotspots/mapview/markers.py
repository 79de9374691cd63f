"""Hotspot markers: their SVGs, their states and the compact data the browser draws them from.

A marker is coloured and lettered by type (Okabe-Ito colours; C, E, W) and
shaped by phase, so it reads without colour too (the symbols: :mod:`hotspots.symbols`). The browser (``hk.markers`` in static/map/markers.js) builds
the Leaflet markers, tooltips and popups from :func:`marker_payload`; the
popup's rows are the hotspot's :func:`hotspots.describe.facts`, the same
facts the detail panel and the export show.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import geopandas as gpd

from hotspots.describe import FACT_FIELDS, facts, place_text
from hotspots.mapview._branca import BrowserLayer, LayerJSON
from hotspots.model import source_label
from hotspots.symbols import (
    DIMMED_LETTER,
    DIMMED_OUTLINE,
    DIMMED_TINT,
    OUTLINE_COLOUR,
    PHASE_SHAPES,
    letter_colour,
    tint,
    type_colours,
    type_letters,
)

MARKER_STATES = ("normaal", "geselecteerd", "bereik", "gedimd")
# Marker sizes in pixels; large enough to hit with a mouse on a projector. A marker
# without a halo shows the middle 24 units of its SVG's 32, one with the halo or ring
# all 32: a shape is as large within reach as elsewhere, and larger when selected.
SIZE_NORMAL = 24
SIZE_REACH = 32
SIZE_SELECTED = 38
SIZES = {"normaal": SIZE_NORMAL, "geselecteerd": SIZE_SELECTED, "bereik": SIZE_REACH, "gedimd": SIZE_NORMAL}
Z_OFFSETS = {"normaal": 0, "geselecteerd": 1000, "bereik": 500, "gedimd": -500}
# Markers that overlap form a group (Leaflet.markercluster) that spreads out on a
# click: those whose centres are closer than this many pixels. About a marker's
# size: at a fractional zoom (the map zooms in quarters, the groups are made per
# whole zoom) two markers that stay apart are still at least half a marker apart,
# so neither hides the other's centre.
GROUP_RADIUS_PX = 26
# Above this many hotspots (a large data set) the groups are wider while zoomed
# out (LARGE_GROUP_RADIUS_PX below zoom LARGE_GROUP_ZOOM), so the browser stays
# quick, and a click on a group of more than SPREAD_MAX zooms in instead of
# spreading it out.
CLUSTER_THRESHOLD = 300
LARGE_GROUP_RADIUS_PX = 60
LARGE_GROUP_ZOOM = 11
SPREAD_MAX = 12

#: What each row of :func:`marker_payload` holds, in order.
MARKER_FIELDS = (
    "id",
    "lat",
    "lng",
    "icon",
    "state",
    "name",
    "place",
    "facts",
    "focus",
    "sources",
    "location_estimated",
)


def _shape_svg(shape: str, fill: str, stroke: str, stroke_width: float) -> str:
    common = f'fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width}" stroke-linejoin="round"'
    if shape == "circle":
        return f'<circle cx="16" cy="16" r="9.5" {common}/>'
    if shape == "square":
        return f'<rect x="7.5" y="7.5" width="17" height="17" {common}/>'
    if shape == "triangle":
        return f'<polygon points="16,5 27.5,25.5 4.5,25.5" {common}/>'
    if shape == "diamond":
        return f'<polygon points="16,5 27,16 16,27 5,16" {common}/>'
    raise ValueError(f"unknown shape {shape!r}")


# Where a shape's letters sit and how large, in the SVG's 32 units: for one letter
# (its centre's height, its size) and for two (the same, and how far each is from
# the middle). A triangle's letters sit lower, in the widest part of the shape; two
# letters (two types) are smaller, each in its own half. A letter is placed by its
# baseline (a capital is about 0.72 of the font size), which every renderer honours.
LETTER_PLACES = {
    "circle": ((16.0, 14.0), (16.0, 9.5, 4.4)),
    "square": ((16.0, 14.0), (16.0, 10.0, 4.3)),
    "diamond": ((16.0, 11.5), (16.0, 8.5, 3.7)),
    "triangle": ((19.4, 11.0), (20.6, 8.5, 3.5)),
}
CAP_HEIGHT = 0.72


def _letters_svg(letters: str, shape: str, colours: list[str]) -> str:
    (centre, size), (pair_centre, pair_size, apart) = LETTER_PLACES[shape]
    xs = [16.0]
    if len(letters) > 1:
        centre, size, xs = pair_centre, pair_size, [16 - apart, 16 + apart]
    y = centre + size * CAP_HEIGHT / 2
    return "".join(
        f'<text x="{x:g}" y="{y:.2f}" fill="{colour}" font-size="{size:g}" font-weight="700" '
        f'font-family="Arial, Helvetica, sans-serif" text-anchor="middle">{letter}</text>'
        for x, letter, colour in zip(xs, letters, colours, strict=True)
    )


def marker_svg(types: Iterable[str], phase: str, state: str = "normaal") -> str:
    """The marker as inline SVG: colour(s) and letter(s) by type, shape by phase.

    Parameters
    ----------
    types : iterable of str
        Type slugs; each known type colours the shape and puts its letter in it
        (:data:`hotspots.symbols.TYPE_LETTERS`). A hotspot with two types gets a
        shape split down the middle, each half in its type's colour with its
        letter; one with no known type a grey shape without a letter.
    phase : str
        Phase slug; an unknown phase is drawn as a circle.
    state : str
        One of :data:`MARKER_STATES`: selected markers get a white halo,
        those within reach a ring, dimmed ones a pale fill with a grey outline
        (still 3:1 against the map, :mod:`hotspots.symbols`).

    Returns
    -------
    str
        An ``<svg>`` element. Only vocabulary slugs go in, never free text
        from the data; markers.js adds the hotspot's id and name to it.

    Examples
    --------
    >>> marker_svg(["engineering"], "opkomst").count("<polygon")
    1
    >>> ">E</text>" in marker_svg(["engineering"], "opkomst")
    True
    """
    if state not in MARKER_STATES:
        raise ValueError(f"unknown marker state {state!r}, expected one of {MARKER_STATES}")
    types = list(types)
    colours = type_colours(types)
    letters = type_letters(types)
    shape = PHASE_SHAPES.get(phase, "circle")
    dimmed = state == "gedimd"
    if dimmed:
        colours = [tint(c, DIMMED_TINT) for c in colours]
    defs = ""
    fill = colours[0]
    if len(colours) > 1:
        gradient_id = "hk-" + "-".join(c.lstrip("#") for c in colours)
        defs = (
            f'<defs><linearGradient id="{gradient_id}">'
            f'<stop offset="50%" stop-color="{colours[0]}"/><stop offset="50%" stop-color="{colours[1]}"/>'
            "</linearGradient></defs>"
        )
        fill = f"url(#{gradient_id})"
    halo = ""
    if state == "geselecteerd":
        halo = f'<circle cx="16" cy="16" r="15" fill="#FFFFFF" fill-opacity="0.85" stroke="{OUTLINE_COLOUR}" stroke-width="2"/>'
    elif state == "bereik":
        halo = f'<circle cx="16" cy="16" r="15" fill="none" stroke="{OUTLINE_COLOUR}" stroke-width="2"/>'
    body = _shape_svg(shape, fill, DIMMED_OUTLINE if dimmed else OUTLINE_COLOUR, 1.5 if dimmed else 1.8)
    text = ""
    if letters:
        inks = [DIMMED_LETTER if dimmed else letter_colour(c) for c in colours]
        text = _letters_svg(letters, shape, inks)
    # Without a halo or ring the box is cropped to the shape, which so fills the marker's size.
    box = "0 0 32 32" if halo else "4 4 24 24"
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{box}">{defs}{halo}{body}{text}</svg>'


def _marker_state(hotspot_id: str, selected: str | None, reach: set[str]) -> str:
    if selected is None:
        return "normaal"
    if hotspot_id == selected:
        return "geselecteerd"
    return "bereik" if hotspot_id in reach else "gedimd"


class _Table:
    """Distinct values in order of first use, so rows can point at them by index."""

    def __init__(self) -> None:
        self._index: dict[Any, int] = {}

    def index(self, value: Any) -> int:
        return self._index.setdefault(value, len(self._index))

    def values(self) -> list[Any]:
        return list(self._index)


# What a row needs of a hotspot's record (describe.facts and place_text included).
_RECORD_FIELDS = ("id", "name", "place", "province", *FACT_FIELDS, "focus", "sources", "estimated")


def _records(frame: gpd.GeoDataFrame, fields: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    # Plain lists per column: several times quicker than DataFrame.to_dict("records").
    columns = [frame[field].tolist() for field in fields]
    return (dict(zip(fields, values, strict=True)) for values in zip(*columns, strict=True))


def marker_payload(
    frame: gpd.GeoDataFrame,
    selected: str | None = None,
    reach: Iterable[str] = (),
    fit: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The hotspots as compact JSON-ready data for ``hk.markers`` in the browser.

    Parameters
    ----------
    frame : GeoDataFrame
        Hotspots as :func:`hotspots.io.load_hotspots` gives them.
    selected : str, optional
        Id of the selected hotspot; the others are then within reach or dimmed.
    reach : iterable of str
        Ids of the hotspots within the radius of ``selected``.
    fit : dict, optional
        Where the map should look, :meth:`hotspots.mapcontent.FitTarget.payload`
        (``scope``, ``scopeBounds``, ``hotspot``, ``ringBounds``). The browser
        fits ``scopeBounds`` (or ``ringBounds`` with a selection) on the first
        view, flies to ``ringBounds`` when ``hotspot`` changes to another
        hotspot and to ``scopeBounds`` when ``scope`` changes, and otherwise
        leaves the view alone. Without it the map never moves by itself.

    Returns
    -------
    dict
        ``rows``: one list per hotspot with the fields named in ``fields``
        (:data:`MARKER_FIELDS`). A row's ``facts`` are its
        :func:`hotspots.describe.facts` as ``[text, estimated]`` pairs, in the
        order of :data:`hotspots.describe.FACT_LABELS` (the base map sends the
        labels once), with ``text`` an index into ``texts``; ``icon`` indexes
        ``icons`` (marker SVGs) and ``sources`` index ``sources``
        (citations). Those tables keep 2,000 hotspots a small message.
        ``large`` says whether the data is large enough for wider groups
        (more than :data:`CLUSTER_THRESHOLD` hotspots); ``fit`` is ``fit``. Text is
        sent as data and HTML-escaped where markers.js builds tooltips and
        popups.
    """
    reach_ids = set(reach)
    icons, texts, sources = _Table(), _Table(), _Table()
    xs, ys = frame.geometry.x.round(6).tolist(), frame.geometry.y.round(6).tolist()
    rows = []
    for x, y, record in zip(xs, ys, _records(frame, _RECORD_FIELDS), strict=True):
        state = _marker_state(record["id"], selected, reach_ids)
        rows.append(
            [
                record["id"],
                y,
                x,
                icons.index((tuple(record["types"]), record["phase"], state)),
                state,
                record["name"],
                place_text(record),
                [[texts.index(fact.value), fact.estimated] for fact in facts(record)],
                record["focus"],
                [sources.index(source_label(s)) for s in record["sources"]],
                "location" in record["estimated"],
            ]
        )
    return {
        "fields": list(MARKER_FIELDS),
        "rows": rows,
        "icons": [marker_svg(types, phase, state) for types, phase, state in icons.values()],
        "texts": texts.values(),
        "sources": sources.values(),
        "large": len(rows) > CLUSTER_THRESHOLD,
        "fit": fit,
    }


def hotspot_layer(
    frame: gpd.GeoDataFrame,
    selected: str | None = None,
    reach: Iterable[str] = (),
    fit: dict[str, Any] | None = None,
) -> BrowserLayer:
    """The markers of ``frame`` as a layer (:class:`~hotspots.mapview._branca.BrowserLayer`) for streamlit-folium's ``feature_group_to_add``.

    Parameters are those of :func:`marker_payload`: pass ``fit`` (the map
    content's ``fit.payload()``) so the map moves where attention goes.
    Overlapping markers form groups that spread out on a click; with more
    than :data:`CLUSTER_THRESHOLD` hotspots the groups are wider while zoomed out.
    """
    return marker_group(marker_payload(frame, selected, reach, fit))


def marker_group(payload: dict[str, Any] | LayerJSON) -> BrowserLayer:
    """A layer drawing a :func:`marker_payload` that is already built, or its :func:`~hotspots.mapview.layer_json` (for example cached)."""
    return BrowserLayer("markers", payload, "Hotspots")


def hotspot_at(frame: gpd.GeoDataFrame, lat: float, lng: float, tolerance_deg: float = 1e-5) -> str | None:
    """The id of the hotspot whose marker sits at (lat, lng), for map clicks.

    Parameters
    ----------
    frame : GeoDataFrame
        The hotspots on the map.
    lat, lng : float
        Where streamlit-folium reports the click on a marker.
    tolerance_deg : float
        How far (in degrees, per axis) the click may be from the hotspot.

    Returns
    -------
    str or None
        The nearest hotspot's id, or None when none is within the tolerance.
    """
    if frame.empty:
        return None
    dx = (frame.geometry.x - lng).abs()
    dy = (frame.geometry.y - lat).abs()
    distance = dx.where(dx > dy, dy)
    nearest = distance.idxmin()
    return str(frame.loc[nearest, "id"]) if distance[nearest] <= tolerance_deg else None
