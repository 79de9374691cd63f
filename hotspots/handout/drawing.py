"""Drawing one view of the map with matplotlib: extent, hotspots, rings, names, legend, scale bar.

The renderer behind :mod:`hotspots.handout.documents` (the PNG and the PDF
handout). The map is drawn in RD New (EPSG:28992), whose scale is true to
within 0.01 % over the Netherlands, so the scale bar is a plain bar. Text
from the data is drawn as plain text (``parse_math=False``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import geopandas as gpd
import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.legend_handler import HandlerLine2D
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox, Transform, offset_copy
from shapely.geometry import MultiPolygon, Polygon

from hotspots import geo, plaintext
from hotspots.describe import km_text
from hotspots.mapcontent import MapContent
from hotspots.model import PHASES, TYPES, label
from hotspots.symbols import (
    COUNTRIES_FILE,
    DIMMED_LETTER,
    DIMMED_OUTLINE,
    DIMMED_TINT,
    OUTLINE_COLOUR,
    PHASE_SHAPES,
    TYPE_COLOURS,
    TYPE_LETTERS,
    letter_colour,
    tint,
    type_colours,
    type_letters,
)
from hotspots.viewstate import ViewState

#: matplotlib's marker for each of the live map's phase shapes.

MARKERS = {"triangle": "^", "circle": "o", "square": "s", "diamond": "D"}
ESTIMATE_NOTE = "Waarden met 'inschatting' zijn redactionele inschattingen."
A4_LANDSCAPE_IN = (297 / 25.4, 210 / 25.4)
#: The browser window a scene's zoom is meant for (the presentation page's map, in CSS pixels).
VIEWPORT_WIDTH_PX = 1280
REFERENCE_RINGS_KM = (80, 120)
MAX_LABELS = 60
_EARTH_MPP = 156543.03392  # metres per pixel at zoom 0 on the equator (web Mercator tiles of 256 px)
_HALO = [patheffects.withStroke(linewidth=3, foreground="white")]
_NAME_OFFSETS = (
    (7, 3, "left", "bottom"), (-7, 3, "right", "bottom"), (7, -3, "left", "top"), (-7, -3, "right", "top"),
    (0, 7, "center", "bottom"), (0, -7, "center", "top"), (12, 0, "left", "center"), (-12, 0, "right", "center"),
    (10, 10, "left", "bottom"), (-10, 10, "right", "bottom"), (10, -10, "left", "top"), (-10, -10, "right", "top"),
)  # fmt: skip
# Further out, for a letter in a crowd (it may then sit over another marker, never over a name).
_FAR_OFFSETS = tuple((dx * 2, dy * 2, ha, va) for dx, dy, ha, va in _NAME_OFFSETS)
_NICE_KM = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500)


def _to_rd(lon: Any, lat: Any) -> tuple[np.ndarray, np.ndarray]:
    x, y = geo._TO_RD.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


@lru_cache(maxsize=1)
def _countries() -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
    """The outlines of the Netherlands and of the other countries, as RD rings (read once)."""
    frame = gpd.read_file(COUNTRIES_FILE).to_crs(geo.RD_NEW)
    home: list[np.ndarray] = []
    abroad: list[np.ndarray] = []
    for name, geometry in zip(frame["naam"], frame.geometry, strict=True):
        polygons = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
        rings = [np.asarray(p.exterior.coords)[:, :2] for p in polygons if isinstance(p, Polygon)]
        (home if name == "Nederland" else abroad).extend(rings)
    return tuple(home), tuple(abroad)


Extent = tuple[float, float, float, float]  # xmin, xmax, ymin, ymax in RD metres


def _fit(extent: Extent, aspect: float, pad: float = 0.08, min_size: float = 20_000.0) -> Extent:
    """``extent`` padded and widened to the axes' width/height ``aspect``."""
    xmin, xmax, ymin, ymax = extent
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    width = max(xmax - xmin, min_size) * (1 + 2 * pad)
    height = max(ymax - ymin, min_size) * (1 + 2 * pad)
    if width / height < aspect:
        width = height * aspect
    else:
        height = width / aspect
    return cx - width / 2, cx + width / 2, cy - height / 2, cy + height / 2


def view_extent(
    content: MapContent, aspect: float, centre: tuple[float, float] | None = None, zoom: float | None = None
) -> Extent:
    """Where the static map looks: the scene's centre and zoom, or the view fitted as on the map page.

    With ``centre`` (lat, lng) and ``zoom`` (web map zoom), the map shows what
    a :data:`VIEWPORT_WIDTH_PX` wide browser map would; otherwise the selection's
    ring, or the shown hotspots (:attr:`MapContent.fit`).
    """
    if centre is not None and zoom is not None:
        lat, lng = centre
        width = VIEWPORT_WIDTH_PX * _EARTH_MPP * math.cos(math.radians(lat)) / 2**zoom
        x, y = _to_rd([lng], [lat])
        return _fit((x[0] - width / 2, x[0] + width / 2, y[0], y[0]), aspect, pad=0.0, min_size=1.0)
    (south, west), (north, east) = content.fit.ring_bounds or content.fit.scope_bounds
    xs, ys = _to_rd([west, east, west, east], [south, south, north, north])
    return _fit((xs.min(), xs.max(), ys.min(), ys.max()), aspect)


def plain(text: object) -> str:
    """Text from the data as matplotlib shows it literally (no math, no control or invisible characters).

    matplotlib's PDF backend fails on U+FEFF and cannot write a lone surrogate:
    :func:`hotspots.plaintext.clean` takes them out first.
    """
    return " ".join(plaintext.clean(str(text)).split())


def _short(text: object, length: int) -> str:
    text = plain(text)
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _renderer(figure: Any) -> Any:
    canvas = figure.canvas
    return canvas.get_renderer() if isinstance(canvas, FigureCanvasAgg) else FigureCanvasAgg(figure).get_renderer()


def _colours(types: Sequence[str], dimmed: bool = False) -> tuple[str, str]:
    colours = [tint(c, DIMMED_TINT) if dimmed else c for c in type_colours(types)]
    return colours[0], colours[1] if len(colours) > 1 else colours[0]


def _state(hotspot_id: str, content: MapContent, reach_ids: set[str]) -> str:
    if content.selected is None:
        return "normaal"
    if hotspot_id == content.selected:
        return "geselecteerd"
    return "bereik" if hotspot_id in reach_ids else "gedimd"


# Marker sizes in points: large enough for the type's letter inside (as on the live map).
_SIZES = {"normaal": 11.0, "bereik": 12.0, "geselecteerd": 15.0, "gedimd": 10.0}
# The letter's size as a part of the marker's, and where its middle sits below the
# marker's centre (a triangle's widest part is low), as parts of the marker's size.
_LETTER_SCALE = {1: 0.58, 2: 0.46}
_LETTER_DROP = {"triangle": 0.16}
_CAP_HEIGHT = 0.72  # of the font size


def type_letter_texts(
    ax: Axes, x: float, y: float, types: Sequence[str], phase: str, size: float, dimmed: bool = False, zorder: float = 6
) -> list[Text]:
    """Draw a hotspot's type letter(s) (:data:`hotspots.symbols.TYPE_LETTERS`) in its marker of ``size`` points at (x, y).

    Two types: two letters, each in the middle of its half (the marker is split
    left and right). Returns the texts drawn (none without a known type).
    """
    letters = type_letters(types)
    if not letters:
        return []
    figure = ax.figure  # get_figure(root=True) needs matplotlib 3.10; the floor is 3.8
    assert isinstance(figure, Figure)
    colours = _colours(types, dimmed)
    font = size * _LETTER_SCALE[len(letters)]
    drop = size * _LETTER_DROP.get(PHASE_SHAPES.get(phase, "circle"), 0.0)
    xs = [0.0] if len(letters) == 1 else [-size * 0.22, size * 0.22]
    texts = []
    for dx, letter, fill in zip(xs, letters, colours, strict=False):
        where: Transform = offset_copy(ax.transData, figure, x=dx, y=-drop - font * _CAP_HEIGHT / 2, units="points")
        texts.append(
            ax.text(
                x,
                y,
                letter,
                transform=where,
                ha="center",
                va="baseline",
                fontsize=font,
                fontweight="bold",
                color=DIMMED_LETTER if dimmed else letter_colour(fill),
                zorder=zorder,
                parse_math=False,
            )  # fmt: skip
        )
    return texts


_ORDER = {"gedimd": 0, "normaal": 1, "bereik": 2, "geselecteerd": 3}


def _ring_lines(content: MapContent, view: ViewState) -> tuple[list[np.ndarray], list[np.ndarray]]:
    points = content.on_map.set_index("id").geometry
    chosen, reference = [], []
    for hotspot_id in content.ring_ids:
        point = points[hotspot_id]
        ring = geo.radius_ring(point.x, point.y, view.radius_km, vertices=128)
        x, y = _to_rd(*np.asarray(ring.exterior.coords).T)
        chosen.append(np.column_stack([x, y]))
    for hotspot_id in content.reference_ids:
        point = points[hotspot_id]
        for km in REFERENCE_RINGS_KM:
            if km == view.radius_km:
                continue
            ring = geo.radius_ring(point.x, point.y, km, vertices=128)
            x, y = _to_rd(*np.asarray(ring.exterior.coords).T)
            reference.append(np.column_stack([x, y]))
    return chosen, reference


def _scale_bar(ax: Axes, extent: Extent) -> None:
    xmin, xmax, ymin, ymax = extent
    target_km = (xmax - xmin) / 1000 / 5
    km = max((n for n in _NICE_KM if n <= target_km), default=_NICE_KM[0])
    x0 = xmin + (xmax - xmin) * 0.04
    y0 = ymin + (ymax - ymin) * 0.05
    tick = (ymax - ymin) * 0.012
    ax.add_patch(
        Rectangle(
            (x0 - (xmax - xmin) * 0.015, y0 - tick * 2.2),
            km * 1000 + (xmax - xmin) * 0.03,
            tick * 6.5,
            facecolor="white",
            edgecolor="none",
            alpha=0.8,
            zorder=8,
        )
    )
    ax.plot([x0, x0, x0 + km * 1000, x0 + km * 1000], [y0 + tick, y0, y0, y0 + tick], color="black", lw=1.5, zorder=9)
    ax.text(x0 + km * 1000 / 2, y0 + tick * 1.4, f"{km} km", ha="center", va="bottom", fontsize=8, zorder=9)


def legend_handles(content: MapContent, view: ViewState) -> list[Any]:
    """Legend entries: the types and phases on the map, and the rings drawn."""
    types_present = {t for types in content.on_map["types"] for t in types}
    phases_present = set(content.on_map["phase"])
    handles: list[Any] = []
    for slug in TYPES:
        if slug in types_present:
            handles.append(TypeKey(slug, label(TYPES, slug)))
    for slug in PHASES:
        if slug in phases_present:
            marker = MARKERS[PHASE_SHAPES[slug]]
            handles.append(
                Line2D(
                    [],
                    [],
                    marker=marker,
                    ls="none",
                    markersize=8,
                    markerfacecolor="white",
                    markeredgecolor="black",
                    label=f"Fase: {label(PHASES, slug)}",
                )
            )
    if content.ring_ids:
        handles.append(Line2D([], [], color="#333333", lw=1.4, label=f"Straal {view.radius_km} km"))
    if any(km != view.radius_km for km in REFERENCE_RINGS_KM) and content.reference_ids:
        others = " en ".join(str(km) for km in REFERENCE_RINGS_KM if km != view.radius_km)
        handles.append(Line2D([], [], color="#777777", lw=1, ls="--", label=f"Ter vergelijking: {others} km"))
    return handles


class TypeKey(Line2D):
    """A type's entry in the legend: its colour with its letter inside, as on the map."""

    def __init__(self, slug: str, text: str) -> None:
        super().__init__(
            [], [], marker="o", ls="none", markersize=11, markerfacecolor=TYPE_COLOURS[slug],
            markeredgecolor=OUTLINE_COLOUR, markeredgewidth=0.8, label=text,
        )  # fmt: skip
        self.letter = TYPE_LETTERS[slug]
        self.ink = letter_colour(TYPE_COLOURS[slug])


class _TypeKeyHandler(HandlerLine2D):
    """Draws a :class:`TypeKey`: the marker, and its letter on top."""

    def create_artists(  # type: ignore[override]
        self, legend: Legend, orig_handle: TypeKey, xdescent: float, ydescent: float, width: float,
        height: float, fontsize: float, trans: Transform,
    ) -> list[Any]:  # fmt: skip
        artists = super().create_artists(legend, orig_handle, xdescent, ydescent, width, height, fontsize, trans)
        font = orig_handle.get_markersize() * _LETTER_SCALE[1]
        x, y = width / 2 - xdescent, height / 2 - ydescent
        letter = Text(
            x, y - font * _CAP_HEIGHT / 2, orig_handle.letter, ha="center", va="baseline", fontsize=font,
            fontweight="bold", color=orig_handle.ink, transform=trans,
        )  # fmt: skip
        return [*artists, letter]


Legend.update_default_handler_map({TypeKey: _TypeKeyHandler()})


def _boxes_overlap(box: Bbox, others: Iterable[Bbox]) -> bool:
    return any(box.overlaps(other) for other in others)


def draw_map(ax: Axes, content: MapContent, view: ViewState, extent: Extent, *, label_size: float = 8.0) -> NameKey:
    """Draw the map of ``content`` on ``ax`` within ``extent``; returns the names drawn and the numbered ones."""
    xmin, xmax, ymin, ymax = extent
    ax.set_facecolor("#dbe9f4")  # sea
    home, abroad = _countries()
    # One collection per colour: much quicker than a patch per polygon.
    ax.add_collection(
        PolyCollection(list(abroad), facecolors="#f2f2f2", edgecolors="#b5b5b5", linewidths=0.6, zorder=0),
        autolim=False,
    )
    ax.add_collection(
        PolyCollection(list(home), facecolors="white", edgecolors="#555555", linewidths=0.9, zorder=1),
        autolim=False,
    )

    chosen, reference = _ring_lines(content, view)
    if reference:
        ax.add_collection(
            LineCollection(reference, colors="#777777", linewidths=0.9, linestyles="--", zorder=3), autolim=False
        )
    if chosen:
        ax.add_collection(LineCollection(chosen, colors="#333333", linewidths=1.3, zorder=3), autolim=False)

    frame = content.on_map
    reach_ids = set(content.reach["id"]) if content.reach is not None else set()
    xs, ys = _to_rd(frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy())
    rows = []
    for x, y, hotspot_id, name, types, phase in zip(
        xs, ys, frame["id"], frame["name"], frame["types"], frame["phase"], strict=True
    ):
        rows.append((_ORDER[_state(hotspot_id, content, reach_ids)], x, y, hotspot_id, name, types, phase))
    rows.sort(key=lambda row: row[0])
    # Each marker over the ones before it, its letters with it (not over a later marker).
    step = 2.9 / (2 * len(rows) + 1)  # from 5 to below the scale bar (8)
    for index, (_, x, y, hotspot_id, _name, types, phase) in enumerate(rows):
        state = _state(hotspot_id, content, reach_ids)
        dimmed = state == "gedimd"
        zorder = 5 + 2 * index * step
        first, second = _colours(types, dimmed)
        ax.plot(
            [x],
            [y],
            marker=MARKERS.get(PHASE_SHAPES.get(phase, "circle"), "o"),
            markersize=_SIZES[state],
            markerfacecolor=first,
            markerfacecoloralt=second,
            fillstyle="left" if second != first else "full",
            markeredgecolor=DIMMED_OUTLINE if dimmed else OUTLINE_COLOUR,
            markeredgewidth=1.6 if state == "geselecteerd" else 0.8,
            ls="none",
            zorder=zorder,
        )
        if xmin <= x <= xmax and ymin <= y <= ymax:  # the marker's letters only where the marker shows
            type_letter_texts(ax, x, y, types, phase, _SIZES[state], dimmed, zorder=zorder + step)

    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    _scale_bar(ax, extent)
    return _draw_names(ax, rows, content, reach_ids, label_size)


def _draw_names(ax: Axes, rows: list, content: MapContent, reach_ids: set[str], size: float) -> NameKey:
    """Names beside the markers, never over another name or marker; a number (and a key) where none fits."""
    figure = ax.get_figure()
    assert figure is not None
    renderer = _renderer(figure)
    axes_box = ax.get_window_extent(renderer)
    # The markers themselves (about 11 pt) count as taken space, except a name's own marker.
    half = 5.5 * figure.dpi / 72
    markers: dict[str, Bbox] = {}
    for _, x, y, hotspot_id, *_rest in rows:
        px, py = ax.transData.transform((x, y))
        markers[hotspot_id] = Bbox.from_extents(px - half, py - half, px + half, py + half)
    labels: list[Bbox] = []

    def place(hotspot_id: str, x: float, y: float, text_of: str, clear_of_markers: bool = True, **style: Any) -> bool:
        others = [*labels, *(box for other, box in markers.items() if other != hotspot_id and clear_of_markers)]
        for dx, dy, ha, va in _NAME_OFFSETS + _FAR_OFFSETS * (not clear_of_markers):
            text = ax.annotate(
                text_of, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                path_effects=_HALO, zorder=10, parse_math=False, annotation_clip=True, **style,
            )  # fmt: skip
            box = text.get_window_extent(renderer).padded(1)
            inside = axes_box.containsx(box.x0) and axes_box.containsx(box.x1)
            inside = inside and axes_box.containsy(box.y0) and axes_box.containsy(box.y1)
            if inside and not _boxes_overlap(box, others):
                labels.append(box)
                return True
            text.remove()
        return False

    drawn = 0
    numbered: list[tuple[int, str]] = []
    for _, x, y, hotspot_id, name, _types, _phase in sorted(rows, key=lambda row: -row[0]):
        state = _state(hotspot_id, content, reach_ids)
        if state == "gedimd":
            continue
        selected = state == "geselecteerd"
        style: dict[str, Any] = {
            "fontsize": size * (1.15 if selected else 1.0),
            "fontweight": "bold" if selected else "normal",
        }
        if drawn < MAX_LABELS and place(hotspot_id, x, y, plain(name), **style):
            drawn += 1
            continue
        # no room for the name: a letter, named in the key beside the map (NameKey)
        number = len(numbered) + 1
        mark: dict[str, Any] = {"fontsize": size, "fontweight": "bold"}
        if not place(hotspot_id, x, y, _mark(number), **mark) and not place(
            hotspot_id, x, y, _mark(number), clear_of_markers=False, **mark
        ):
            dx, dy, ha, va = _NAME_OFFSETS[0]
            ax.annotate(
                _mark(number), (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                fontsize=size, fontweight="bold", path_effects=_HALO, zorder=10, parse_math=False,
            )  # fmt: skip
        numbered.append((number, plain(name)))
    return NameKey(drawn, tuple(numbered))


@dataclass(frozen=True)
class NameKey:
    """What :func:`draw_map` wrote beside the markers: ``drawn`` names, and numbers for the rest.

    ``numbered`` holds (number, name) of each hotspot whose name found no
    room clear of the other names and markers; the page lists them
    (:func:`key_lines`).
    """

    drawn: int
    numbered: tuple[tuple[int, str], ...]


def _mark(number: int) -> str:
    """A key's mark on the map: a, b, ... z, then 27, 28.

    Letters, as the reach list is numbered; small ones, as the capitals in the
    markers are their types (C, E, W).
    """
    return chr(ord("a") + number - 1) if number <= 26 else str(number)


def key_lines(key: NameKey, width: int = 44) -> list[str]:
    """The key of the letters on the map, one line each: 'a  Quantum Campus'."""
    return [f"{_mark(number)}  {_short(name, width)}" for number, name in key.numbered]


def _reach_lines(content: MapContent, limit: int = 18) -> list[str]:
    """The hotspots within reach as the map page lists them: 'n. Name · 1,4 km', nearest first.

    Distances as on the screen (one decimal, a decimal comma, no estimate
    mark per line: the screen marks none either).
    """
    if content.reach is None:
        return []
    lines = [
        f"{n}. {_short(name, 38)} · {km_text(distance)}"
        for n, (name, distance) in enumerate(zip(content.reach["name"], content.reach["distance_km"], strict=True), 1)
    ]
    if len(lines) > limit:
        lines = [*lines[: limit - 1], f"en nog {len(lines) - limit + 1}"]
    return lines


def _new_figure(width_in: float, height_in: float, dpi: float) -> Figure:
    figure = Figure(figsize=(width_in, height_in), dpi=dpi, facecolor="white")
    FigureCanvasAgg(figure)
    return figure


def view_title(view: ViewState, content: MapContent) -> str:
    """A short Dutch title for a view: the selection, or the number of hotspots shown."""
    count = len(content.on_map)
    shown = f"{count} hotspot{'s' if count != 1 else ''}"
    if content.selected is not None:
        name = content.on_map.set_index("id").loc[content.selected, "name"]
        return (
            f"{plain(name)}: {0 if content.reach is None else len(content.reach)} hotspots binnen {view.radius_km} km"
        )
    return f"Hotspotkaart: {shown}"
