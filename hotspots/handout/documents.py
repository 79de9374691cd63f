"""The files: one view as a PNG ("Kaart als afbeelding") and a presentation as a PDF handout.

One A4-landscape page per scene: title, notes, the scene's map
(:func:`hotspots.handout.drawing.draw_map`), the reach list when a hotspot
is selected, and a footer with the date, the sources and the estimates note.
Only matplotlib's object-oriented API (Figure with the Agg and PDF canvases,
never pyplot), so it is safe in a server's threads.
"""

from __future__ import annotations

import io
import textwrap
from datetime import datetime

import geopandas as gpd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from hotspots import filters

#: matplotlib's marker for each of the live map's phase shapes.
from hotspots.handout.drawing import (
    A4_LANDSCAPE_IN,
    ESTIMATE_NOTE,
    Extent,
    _new_figure,
    _reach_lines,
    _renderer,
    _short,
    _to_rd,
    draw_map,
    key_lines,
    legend_handles,
    plain,
    view_extent,
    view_title,
)
from hotspots.mapcontent import MapContent, map_content
from hotspots.presentation import Presentation, Scene
from hotspots.sources import REFERENCES
from hotspots.viewstate import ViewState


def map_png(
    frame_all: gpd.GeoDataFrame,
    shown: gpd.GeoDataFrame,
    view: ViewState,
    *,
    title: str | None = None,
    centre: tuple[float, float] | None = None,
    zoom: float | None = None,
    size_px: tuple[int, int] = (1600, 1000),
    dpi: int = 150,
) -> bytes:
    """The view as a PNG: map, names, legend, scale bar and a title.

    Parameters
    ----------
    frame_all : GeoDataFrame
        Every hotspot of the data.
    shown : GeoDataFrame
        The hotspots that match the view's filters.
    view : ViewState
        The view (radius, rings, selection).
    title : str, optional
        Title above the map (default: :func:`view_title`).
    centre, zoom : optional
        Look here instead of fitting the view (as a scene's ``kaart``).
    size_px : (int, int)
        Width and height of the image in pixels.
    dpi : int
        Dots per inch (text sizes are in points).

    Returns
    -------
    bytes
        The PNG file.
    """
    width_px, height_px = size_px
    figure = _new_figure(width_px / dpi, height_px / dpi, dpi)
    content = map_content(frame_all, shown, view)
    ax = figure.add_axes((0.01, 0.02, 0.76, 0.88))
    aspect = (0.76 * width_px) / (0.88 * height_px)
    names = draw_map(ax, content, view, view_extent(content, aspect, centre, zoom))
    heading = plain(title or view_title(view, content))
    figure.text(0.01, 0.955, heading, fontsize=13, fontweight="bold", va="center", parse_math=False)
    handles = legend_handles(content, view)
    if handles:
        figure.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.78, 0.9), fontsize=8, frameon=False)
    if names.numbered:
        key = "Letters op de kaart:\n" + "\n".join(key_lines(names, 34))
        figure.text(0.78, 0.1, key, fontsize=7.5, va="bottom", linespacing=1.3, parse_math=False)
    figure.text(0.78, 0.03, textwrap.fill(ESTIMATE_NOTE, 38), fontsize=6.5, color="#555555", parse_math=False)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def scene_content(frame_all: gpd.GeoDataFrame, scene: Scene) -> MapContent:
    """What the map shows for a scene (the view's filters, then :func:`~hotspots.mapcontent.map_content`)."""
    shown = filters.apply(frame_all, scene.view.filters)
    return map_content(frame_all, shown, scene.view)


def _in_extent(frame: gpd.GeoDataFrame, extent: Extent) -> int:
    xs, ys = _to_rd(frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy())
    xmin, xmax, ymin, ymax = extent
    return int(((xs >= xmin) & (xs <= xmax) & (ys >= ymin) & (ys <= ymax)).sum())


def _sources_text(frame: gpd.GeoDataFrame) -> str:
    """The documents the page's hotspots cite, by title, publisher and year (no file names)."""
    cited = {s.get("seed", "") for sources in frame["sources"] for s in sources}
    refs = [ref.cite for seed, ref in REFERENCES.items() if seed in cited]
    return ("Bronnen: " + "; ".join(refs)) if refs else ""


def _scene_page(
    figure: Figure, presentation: Presentation, index: int, frame_all: gpd.GeoDataFrame, generated_at: datetime
) -> None:
    scene = presentation.scenes[index]
    total = len(presentation.scenes)
    width_in, height_in = A4_LANDSCAPE_IN
    figure.text(
        0.04,
        0.955,
        f"{plain(presentation.title)} · stap {index + 1} van {total}",
        fontsize=9,
        color="#555555",
        parse_math=False,
    )
    figure.text(0.04, 0.915, plain(scene.title), fontsize=18, fontweight="bold", va="top", parse_math=False)
    notes = textwrap.wrap(plain(scene.notes), 150)[:5]
    figure.text(0.04, 0.855, "\n".join(notes), fontsize=10, va="top", linespacing=1.35, parse_math=False)
    top = 0.855 - 0.032 * max(len(notes), 1) - 0.02
    bottom = 0.1
    map_box = (0.04, bottom, 0.62, top - bottom)
    ax = figure.add_axes(map_box)
    aspect = (map_box[2] * width_in) / (map_box[3] * height_in)
    content = scene_content(frame_all, scene)
    extent = view_extent(content, aspect, scene.centre, scene.zoom)
    names = draw_map(ax, content, scene.view, extent, label_size=7.5)

    right = 0.69
    handles = legend_handles(content, scene.view)
    legend = None
    if handles:
        legend = figure.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(right - 0.01, top + 0.005),
            fontsize=8,
            frameon=False,
            title="Legenda",
            title_fontsize=9,
            alignment="left",
        )
    y = top
    if legend is not None:
        box = legend.get_window_extent(_renderer(figure)).transformed(figure.transFigure.inverted())
        y = box.y0 - 0.02
    count, in_view = len(content.on_map), _in_extent(content.on_map, extent)
    shown = f"{count} hotspot{'s' if count != 1 else ''} in deze weergave"
    figure.text(right, y, shown if in_view == count else f"{shown}, {in_view} in beeld", fontsize=9, va="top")
    y -= 0.045
    if names.numbered:
        key = key_lines(names)
        figure.text(right, y, "Letters op de kaart:", fontsize=9, fontweight="bold", va="top")
        figure.text(right, y - 0.03, "\n".join(key), fontsize=8, va="top", linespacing=1.3, parse_math=False)
        y -= 0.03 + (8 * 1.3 / 72 / height_in) * len(key) + 0.025
    if content.selected is not None:
        selected_name = content.on_map.set_index("id").loc[content.selected, "name"]
        heading = f"Binnen {scene.view.radius_km} km van {_short(selected_name, 40)}:"
        figure.text(right, y, heading, fontsize=9, fontweight="bold", va="top", parse_math=False)
        line_height = 8 * 1.3 / 72 / height_in  # 8 pt lines, as a fraction of the page
        room = max(int((y - 0.035 - bottom) / line_height), 2)
        reach = _reach_lines(content, limit=room) or ["Geen andere hotspots."]
        figure.text(right, y - 0.035, "\n".join(reach), fontsize=8, va="top", linespacing=1.3, parse_math=False)

    sources = _sources_text(content.on_map)
    footer = f"Gemaakt op {generated_at:%d-%m-%Y} met de Hotspotkaart. {ESTIMATE_NOTE}" + (
        f" {sources}." if sources else ""
    )
    figure.text(0.04, 0.055, textwrap.fill(footer, 210), fontsize=6.5, color="#555555", va="top", parse_math=False)


def handout_pdf(presentation: Presentation, frame_all: gpd.GeoDataFrame, *, generated_at: datetime) -> bytes:
    """The presentation as an A4-landscape PDF, one page per scene.

    Each page holds the scene's title and notes, its static map (the view of
    the scene, at its centre and zoom when it has them), the legend, the
    hotspots within reach when a hotspot is selected (name and distance),
    and a footer with the date, the source documents and :data:`ESTIMATE_NOTE`.

    Parameters
    ----------
    presentation : Presentation
        The presentation (its scenes' views are valid for ``frame_all``).
    frame_all : GeoDataFrame
        Every hotspot of the data.
    generated_at : datetime
        The date printed in the footer (and the PDF's creation date).

    Returns
    -------
    bytes
        The PDF file.
    """
    buffer = io.BytesIO()
    metadata = {
        "Title": plain(presentation.title),
        "Subject": "Hand-out van een presentatie van de Hotspotkaart",
        "Creator": "Hotspotkaart",
        "CreationDate": generated_at,
    }
    with PdfPages(buffer, metadata=metadata) as pdf:
        for index in range(len(presentation.scenes)):
            figure = _new_figure(*A4_LANDSCAPE_IN, dpi=100)
            _scene_page(figure, presentation, index, frame_all, generated_at)
            pdf.savefig(figure)
    return buffer.getvalue()
