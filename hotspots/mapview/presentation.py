"""Presentation mode on the map: a whole deck sent once, stepped through in the browser.

A step must never reload the page or rebuild the Leaflet map, so the page
sends every scene at once: :func:`deck_payload` computes, per scene, the
marker and ring layers' data (as the map page would for that view) and
where to look, and :func:`presentation_layer` sends the deck as one layer,
``hk.presentation(deck)``. ``static/map/presentation.js`` (linked
from the base map by :func:`presentation_map`, identical on every run) keeps
the current scene, swaps the scene's layers, flies to its view, draws the
caption bar (title, notes, "Stap n van N", buttons) and handles the keys;
the address bar follows the step (``?presentatie=<id>&stap=<n>``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import folium
import geopandas as gpd
from folium.template import Template

from hotspots import filters
from hotspots.assets import OWN_PREFIX, STATIC_DIR
from hotspots.filters import FilterState
from hotspots.mapcontent import map_content
from hotspots.mapview._branca import BrowserLayer, LinkedScript
from hotspots.mapview.basemap import FIT_MAX_ZOOM, base_map
from hotspots.mapview.markers import SIZES, marker_payload
from hotspots.mapview.rings import ring_payload
from hotspots.pages import PRESENTATIE
from hotspots.presentation import Presentation, scene_query_params

#: The browser's part of presentation mode: files the app serves (static/map).
SCRIPT_FILE = STATIC_DIR / "map" / "presentation.js"
STYLE_FILE = STATIC_DIR / "map" / "presentation.css"

#: Font size of the hotspots' names in a presentation, in pixels (readable on a projector).
LABEL_PX = 16
#: How long the map flies from one scene's view to the next, in seconds (a step takes at most 400 ms).
STEP_FLY_SECONDS = 0.25
#: The url path of the presentation page; Esc goes to the map page next to it.
PAGE_PATH = PRESENTATIE.url_path


def _browser_config() -> dict[str, Any]:
    """What presentation.js needs from Python: fit limits, timing and the page's url path."""
    return {
        "fitMaxZoom": FIT_MAX_ZOOM,
        # half the largest marker and a little: whole markers stay inside the view
        "margin": max(SIZES.values()) / 2 + 4,
        "flySeconds": STEP_FLY_SECONDS,
        "page": PAGE_PATH,
    }


class PresentationScript(LinkedScript):
    """presentation.js and the caption bar's styles (static/map), which extend ``window.hk`` (after mapview.js).

    The files are linked like folium's plugins (``default_js``,
    ``default_css``); the script calls them.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        hkModules.presentation(window.hk, {{ this.config|tojson }});
        hk.presentationInit({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    default_js = [("hk_presentation", f"{OWN_PREFIX}map/presentation.js")]  # after mapview.js (the base map's)
    default_css = [("hk_presentation_css", f"{OWN_PREFIX}map/presentation.css")]

    def __init__(self) -> None:
        super().__init__()
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
