"""The map's symbols: type colours, phase shapes and the country outline.

One symbology, two renderers: the Leaflet map (:mod:`hotspots.mapview`,
folium) and the static hand-out (:mod:`hotspots.handout`, matplotlib) both
draw from this module, which needs neither.
"""

from __future__ import annotations

from pathlib import Path

# Okabe-Ito colours: distinguishable with the common forms of colour blindness.
TYPE_COLOURS = {
    "creatief-urbaan": "#E69F00",  # orange
    "engineering": "#0072B2",  # blue
    "wetenschapsgedreven": "#009E73",  # bluish green
}
# Phase by shape, so it reads without colour too.
PHASE_SHAPES = {
    "opkomst": "triangle",
    "groei": "circle",
    "consolidatie": "square",
    "transitie": "diamond",
}
#: A hotspot without a known type.
UNKNOWN_COLOUR = "#777777"

#: The fallback outline of the Netherlands and its neighbours, drawn under
#: the hotspots (static/map/README.md): the browser fetches it beside
#: mapview.js, the hand-out reads it from disk.
COUNTRIES_FILE = Path(__file__).resolve().parent.parent / "static" / "map" / "landen.geojson"
