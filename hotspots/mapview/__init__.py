"""Folium layers for the map page, built from the hotspot frame.

The map is split in two, as streamlit-folium's dynamic updates want it:

* :func:`base_map` (:mod:`~hotspots.mapview.basemap`) never changes between
  reruns: basemaps, controls, the legend (:mod:`~hotspots.mapview.legend`),
  the fallback outline of the country, and the map's styles
  (``static/map/mapview.css``) and script (``static/map/mapview.js``, files
  the app serves), which draw
  markers and rings. Because its script is identical on every run, the
  browser keeps the same Leaflet map, with the zoom and centre the user chose.
* :func:`hotspot_layer` (:mod:`~hotspots.mapview.markers`) and
  :func:`ring_layer` (:mod:`~hotspots.mapview.rings`) change with the
  filters, the radius and the selection; the page sends them as
  ``feature_group_to_add`` (one element each, made on every run). They carry compact data only (2,000 hotspots
  are a few hundred kilobytes), which ``hk.markers`` and ``hk.rings`` turn
  into Leaflet layers in the browser.

Text from the data travels as JSON (``tojson`` escapes ``<``, ``>``, ``&``
and quotes, so nothing closes the script) and is HTML-escaped in the
browser where tooltips and popups are built. The legend holds no data at
all. :mod:`~hotspots.mapview._branca` keeps branca from compiling rendered
data again as a Jinja template.
"""

from hotspots.mapview._branca import LayerJSON, layer_json
from hotspots.mapview.basemap import NL_BOUNDS, NL_CENTRE, base_map
from hotspots.mapview.legend import legend_html
from hotspots.mapview.links import KIND_COLOURS, MAX_LINES, LinksScript, drawn_links, links_layer, links_payload
from hotspots.mapview.markers import (
    CLUSTER_THRESHOLD,
    MARKER_FIELDS,
    MARKER_STATES,
    SIZES,
    hotspot_at,
    hotspot_layer,
    marker_payload,
    marker_svg,
)
from hotspots.mapview.presentation import deck_payload, presentation_layer, presentation_map
from hotspots.mapview.rings import RING_VERTICES, ring_features, ring_layer, ring_payload
from hotspots.symbols import COUNTRIES_FILE, PHASE_SHAPES, TYPE_COLOURS  # the symbols both renderers share

__all__ = [
    "CLUSTER_THRESHOLD",
    "COUNTRIES_FILE",
    "KIND_COLOURS",
    "MARKER_FIELDS",
    "MARKER_STATES",
    "MAX_LINES",
    "NL_BOUNDS",
    "NL_CENTRE",
    "PHASE_SHAPES",
    "RING_VERTICES",
    "SIZES",
    "TYPE_COLOURS",
    "LayerJSON",
    "LinksScript",
    "base_map",
    "deck_payload",
    "drawn_links",
    "hotspot_at",
    "hotspot_layer",
    "layer_json",
    "legend_html",
    "links_layer",
    "links_payload",
    "marker_payload",
    "marker_svg",
    "presentation_layer",
    "presentation_map",
    "ring_features",
    "ring_layer",
    "ring_payload",
]
