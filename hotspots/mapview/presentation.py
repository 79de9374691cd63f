"""Presentation mode on the map: a whole deck sent once, stepped through in the browser.

A step must never reload the page or rebuild the Leaflet map, so the page
sends every scene at once: :func:`deck_payload` computes, per scene, the
marker and ring layers' data (as the map page would for that view) and
where to look, and :func:`presentation_layer` sends the deck as one layer,
``hk.presentation(deck)``. ``presentation.js`` (beside this module, added
to the base map by :func:`presentation_map`, identical on every run) keeps
the current scene, swaps the scene's layers, flies to its view, draws the
caption bar (title, notes, "Stap n van N", buttons) and handles the keys;
the address bar follows the step (``?presentatie=<id>&stap=<n>``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import folium
import geopandas as gpd
from folium.template import Template

from hotspots import filters
from hotspots.filters import FilterState
from hotspots.mapcontent import map_content
from hotspots.mapview._branca import BrowserLayer, Macro
from hotspots.mapview.basemap import FIT_MAX_ZOOM, base_map
from hotspots.mapview.markers import SIZES, marker_payload
from hotspots.mapview.rings import ring_payload
from hotspots.pages import PRESENTATIE
from hotspots.presentation import Presentation, scene_query_params

HERE = Path(__file__).resolve().parent
SCRIPT_FILE = HERE / "presentation.js"

#: Font size of the hotspots' names in a presentation, in pixels (readable on a projector).
LABEL_PX = 16
#: How long the map flies from one scene's view to the next, in seconds (a step takes at most 400 ms).
STEP_FLY_SECONDS = 0.25
#: The url path of the presentation page; Esc goes to the map page next to it.
PAGE_PATH = PRESENTATIE.url_path

# The caption bar above the map, as tall as the deck's longest caption (the map
# starts below it); fonts grow with the window, never below 28 px (title) and
# 18 px (notes), so the back of a room can read them at 1280x720.
STYLE = """
.hk-caption { position: fixed; top: 0; left: 0; right: 0; height: var(--hk-caption-height, auto); max-height: 40vh; z-index: 1000;
  box-sizing: border-box; overflow: hidden; display: flex; align-items: flex-start; gap: 24px;
  padding: 12px 20px 12px 24px; background: #FFFFFF; border-bottom: 1px solid #CBD5E1; color: #111827;
  font-family: "Source Sans Pro", "Segoe UI", Arial, sans-serif; cursor: default; }
.hk-caption-text { flex: 1 1 auto; min-width: 0; }
.hk-caption-title { margin: 0; font-size: max(28px, min(2.6vw, 3.6vh, 46px)); line-height: 1.15; font-weight: 700; }
.hk-caption-notes { margin: 6px 0 0 0; font-size: max(18px, min(1.55vw, 2.25vh, 27px)); line-height: 1.35; color: #1F2937;
  max-width: 75em; }
.hk-caption-notes:empty { display: none; }
.hk-caption-nav { flex: none; display: flex; align-items: center; gap: 8px; white-space: nowrap;
  font-size: max(18px, min(1.4vw, 2.1vh, 24px)); font-weight: 600; color: #1F2937; }
.hk-caption-nav button { width: 2.1em; height: 2.1em; padding: 0; border: 1px solid #94A3B8; border-radius: 6px;
  background: #FFFFFF; color: #111827; font: 700 1.3em/1 "Source Sans Pro", "Segoe UI", Arial, sans-serif; cursor: pointer; }
.hk-caption-nav button:hover:not(:disabled) { background: #F1F5F9; }
.hk-caption-nav button:disabled { opacity: .35; cursor: default; }
.hk-caption-nav button:focus-visible { outline: 3px solid #0B5D6E; outline-offset: 1px; }
.hk-caption-counter { min-width: 7.4em; text-align: center; font-variant-numeric: tabular-nums; }
/* the map fills the rest of the frame, below the caption */
html body.hk-presenting #map_div { margin-top: var(--hk-caption-height, 0px);
  height: calc(100vh - var(--hk-caption-height, 0px)) !important; }
"""


@lru_cache(maxsize=1)
def _script_source() -> str:
    return SCRIPT_FILE.read_text(encoding="utf-8")


def _browser_config() -> dict[str, Any]:
    """What presentation.js needs from Python: fit limits, timing and the page's url path."""
    return {
        "fitMaxZoom": FIT_MAX_ZOOM,
        # half the largest marker and a little: whole markers stay inside the view
        "margin": max(SIZES.values()) / 2 + 4,
        "flySeconds": STEP_FLY_SECONDS,
        "page": PAGE_PATH,
    }


class PresentationScript(Macro):
    """The caption bar's styles and presentation.js, which extends ``window.hk`` (after mapview.js)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}<style>
{{ this.style }}</style>{% endmacro %}
        {% macro script(this, kwargs) %}
        ({{ this.source }})(window.hk, {{ this.config|tojson }});
        hk.presentationInit({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "PresentationScript"
        self.style = STYLE
        self.source = _script_source()
        self.config = _browser_config()


def presentation_map(cluster: bool = False) -> folium.Map:
    """The base map of the presentation page: the map page's, with larger names and presentation.js.

    Identical on every run (so streamlit-folium keeps the Leaflet map).
    """
    m = base_map(cluster=cluster, label_px=LABEL_PX, legend_closed=True)
    PresentationScript().add_to(m)
    return m


def _view_target(scene_centre, scene_zoom, fit) -> dict[str, Any]:
    if scene_centre is not None and scene_zoom is not None:
        return {"centre": [float(scene_centre[0]), float(scene_centre[1])], "zoom": float(scene_zoom)}
    bounds = fit.ring_bounds if fit.hotspot and fit.ring_bounds else fit.scope_bounds
    return {"bounds": [list(corner) for corner in bounds]}


def deck_payload(
    presentation: Presentation,
    all_hotspots: gpd.GeoDataFrame,
    shown_for: Callable[[FilterState], gpd.GeoDataFrame] | None = None,
    url_id: str | None = None,
) -> dict[str, Any]:
    """Every scene of ``presentation`` as JSON-ready data for ``hk.presentation`` in the browser.

    Parameters
    ----------
    presentation : Presentation
        The deck.
    all_hotspots : GeoDataFrame
        Every hotspot of the data.
    shown_for : callable, optional
        ``FilterState -> GeoDataFrame`` of the matching hotspots (e.g. a
        shared cache); default :func:`hotspots.filters.apply` on ``all_hotspots``.
    url_id : str, optional
        The ``presentatie`` value of the page's URL (a draft's key); default
        the presentation's id.

    Returns
    -------
    dict
        ``id`` (as in the URL), ``title``, ``key`` (a digest of the deck: the browser keeps
        its step while the key stays the same) and ``scenes``: per scene its
        ``title``, ``notes``, ``query`` (the map page's URL query of its
        view, for Esc), ``count`` (hotspots on the map), ``markers``
        (:func:`~hotspots.mapview.markers.marker_payload`, without a fit:
        the presentation moves the map itself), ``rings``
        (:func:`~hotspots.mapview.rings.ring_payload`) and ``view``: either
        ``{"centre": [lat, lng], "zoom": z}`` (the scene's own) or
        ``{"bounds": [[south, west], [north, east]]}`` (fitted as the map
        page would: the selection's ring, else the shown hotspots).
    """

    def shown(state: FilterState) -> gpd.GeoDataFrame:
        return shown_for(state) if shown_for is not None else filters.apply(all_hotspots, state)

    scenes = []
    for scene in presentation.scenes:
        view = scene.view
        content = map_content(all_hotspots, shown(view.filters), view)
        reach = [] if content.reach is None else list(content.reach["id"])
        scenes.append(
            {
                "title": scene.title,
                "notes": scene.notes,
                "query": urlencode(scene_query_params(scene), safe=","),
                "count": len(content.on_map),
                "markers": marker_payload(content.on_map, selected=content.selected, reach=reach),
                "rings": ring_payload(
                    content.on_map,
                    content.ring_ids,
                    view.radius_km,
                    reference_ids=content.reference_ids,
                    label_ids=content.reference_ids,
                ),
                "view": _view_target(scene.centre, scene.zoom, content.fit),
            }
        )
    deck = {"id": url_id or presentation.id, "title": presentation.title, "scenes": scenes}
    deck["key"] = hashlib.sha256(json.dumps(deck, sort_keys=True, default=str).encode()).hexdigest()[:16]
    return deck


def presentation_layer(deck: dict[str, Any]) -> BrowserLayer:
    """The deck as a layer for streamlit-folium's ``feature_group_to_add``.

    The same deck gives the same script, so a rerun of the page leaves the
    browser's step alone.
    """
    return BrowserLayer("presentation", deck, "Presentatie")
