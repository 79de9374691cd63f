"""Static maps and the PDF handout, rendered on the server with matplotlib.

:func:`map_png` draws one view of the map as a PNG ("Kaart als afbeelding");
:func:`handout_pdf` draws a presentation as an A4-landscape PDF with one
page per scene ("Download als PDF"). Both use the same renderer,
:func:`draw_map` (:mod:`hotspots.handout.drawing`): the country outline,
the hotspots coloured by type and shaped by phase as on the live map, the
geodesic radius rings, names with a white halo, a legend and a scale bar.
:mod:`hotspots.handout.documents` puts those maps into files.
"""

from hotspots.handout.documents import handout_pdf, map_png, scene_content
from hotspots.handout.drawing import ESTIMATE_NOTE, MARKERS, draw_map, legend_handles, plain, view_extent, view_title

__all__ = [
    "ESTIMATE_NOTE",
    "MARKERS",
    "draw_map",
    "handout_pdf",
    "legend_handles",
    "map_png",
    "plain",
    "scene_content",
    "view_extent",
    "view_title",
]
