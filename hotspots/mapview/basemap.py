"""The base map: everything on the map that stays the same between reruns.

Basemaps (PDOK, OpenStreetMap, CARTO), layer control, fullscreen button,
scale bar, legend, the fallback outline of the country, and the map's own
styles (static/map/mapview.css) and script (static/map/mapview.js,
files the app serves), all in one element (:class:`MapScript`) whose text
is made once per process (``CARTO_API_KEY`` is read then). Its script must
be byte-identical on every rerun: streamlit-folium then keeps
the Leaflet map in the browser, with the zoom and centre the user chose,
and only swaps the marker and ring layers.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Any
from urllib.parse import quote

import folium
import folium.plugins
from folium.template import Template
from jinja2.utils import htmlsafe_json_dumps

from hotspots.assets import OWN_PREFIX, STATIC_DIR, bundle
from hotspots.describe import ESTIMATE, FACT_LABELS
from hotspots.mapview._branca import LinkedScript, Macro, Rendered, cheap_id
from hotspots.mapview.legend import legend_html
from hotspots.mapview.markers import (
    GROUP_RADIUS_PX,
    LARGE_GROUP_RADIUS_PX,
    LARGE_GROUP_ZOOM,
    SIZES,
    SPREAD_MAX,
    Z_OFFSETS,
)
from hotspots.mapview.rings import REFERENCE_STYLE, RING_STYLE
from hotspots.symbols import GROUNDS

NL_BOUNDS = [[50.75, 3.36], [53.56, 7.23]]  # [south, west], [north, east]
NL_CENTRE = [52.16, 5.30]

PDOK_GRIJS = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/{z}/{x}/{y}.png"
PDOK_ATTRIBUTION = (
    'Kaartgegevens &copy; <a href="https://www.kadaster.nl" target="_blank" rel="noopener">Kadaster</a>'
    ' (BRT-Achtergrondkaart, <a href="https://www.pdok.nl" target="_blank" rel="noopener">PDOK</a>)'
)
OSM = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">OpenStreetMap</a>-bijdragers'
# CARTO's basemaps ask for an API key nowadays; set CARTO_API_KEY to pass one.
CARTO_LIGHT = "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png"
CARTO_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">OpenStreetMap</a>'
    ' &copy; <a href="https://carto.com/attributions" target="_blank" rel="noopener">CARTO</a>'
)

#: The browser's part of the map and the country outline it fetches: files the
#: app serves (static/map), cached by the browser, not sent again on every run.
SCRIPT_FILE = STATIC_DIR / "map" / "mapview.js"
STYLE_FILE = STATIC_DIR / "map" / "mapview.css"
#: The map's script in the order the browser loads it: the shared helpers, the
#: core (mapview.js: state, config, geometry, setup) and its parts, one file
#: per section (static/map/README.md).
SCRIPT_PARTS = ("util", "mapview", "fit", "legend", "names", "markers", "keyboard")
#: The libraries the map's script uses (static/vendor: Leaflet and the two plugins), in the
#: order they load.
VENDOR_SCRIPTS = (
    "vendor/leaflet/leaflet.js",
    "vendor/leaflet.fullscreen/Control.FullScreen.js",
    "vendor/leaflet.markercluster/leaflet.markercluster.js",
)
#: The libraries and the parts as the browser gets them: one file, built from them
#: (``assets.bundle``; not in git), beside the parts so that mapview.js finds
#: landen.geojson beside itself.
SCRIPT_BUNDLE = "map/mapview.bundle.js"


def _script_files() -> list[tuple[str, str]] | None:
    """The map's scripts for streamlit-folium to load after Leaflet and its plugins, or None for the bundle.

    streamlit-folium loads a map's scripts one after the other, each when the
    one before has arrived, and a browser asks again for each on every visit:
    one file saves a request and its wait per file (README, "Before and after
    issue 19"). When the bundle cannot be written, the parts are linked one by
    one, after the vendored libraries.
    """
    built = bundle(SCRIPT_BUNDLE, [*VENDOR_SCRIPTS, *(f"map/{part}.js" for part in SCRIPT_PARTS)])
    if built is not None:
        return None
    return [(f"hk_{part}", f"{OWN_PREFIX}map/{part}.js") for part in SCRIPT_PARTS]


#: The map's scripts after Leaflet and its plugins (None: all in the bundle, :data:`SCRIPT_BUNDLE`).
_SCRIPT_FILES = _script_files()


#: Font size of the hotspots' names on the map, in pixels (a presentation may use 16).
LABEL_PX = 13
#: The legend starts collapsed on a map narrower than this (pixels); the user can open it.
LEGEND_OPEN_FROM_PX = 700
#: A width no map reaches: the legend never opens by itself.
LEGEND_NEVER_OPEN_PX = 1_000_000
#: A fit never zooms in further than this (a scope or filter showing one hotspot).
FIT_MAX_ZOOM = 12
#: How long the map flies to a new selection or scope, in seconds.
FLY_SECONDS = 0.8


def _browser_config(label_px: int = LABEL_PX, legend_closed: bool = False) -> dict[str, Any]:
    """What mapview.js needs from Python: popup labels, marker sizes, ring styles, groups, fit and names."""
    return {
        "factLabels": list(FACT_LABELS),
        "estimate": ESTIMATE,
        "sizes": SIZES,
        "zOffsets": Z_OFFSETS,
        "ringStyle": RING_STYLE,
        "referenceStyle": REFERENCE_STYLE,
        # groups of overlapping markers (markers.py)
        "groupRadius": GROUP_RADIUS_PX,
        "largeGroupRadius": LARGE_GROUP_RADIUS_PX,
        "largeGroupZoom": LARGE_GROUP_ZOOM,
        "spreadMax": SPREAD_MAX,
        "spreadDistance": 1.4,  # spread-out markers this much further apart than markercluster's default
        # where the map looks: half the largest marker shown and this many pixels clear of edges and controls
        "fitGap": 3,
        "fitMaxZoom": FIT_MAX_ZOOM,
        "flySeconds": FLY_SECONDS,
        # a presentation starts with the legend closed (its "Legenda" button or the L key opens it)
        "legendOpenFrom": LEGEND_NEVER_OPEN_PX if legend_closed else LEGEND_OPEN_FROM_PX,
        # names on the map
        "labelSize": label_px,
        "labelGap": 3,
        "labelMax": 250,  # with more markers and groups in view the names are left out
        # a name with no room beside its marker stands further off with a line to it, up to this many in view
        "calloutMax": 30,
    }


def _tile_options(attribution: str, max_zoom: int, subdomains: str = "abc") -> dict[str, Any]:
    """Leaflet ``L.tileLayer`` options, as folium's TileLayer would write them."""
    return {
        "minZoom": 0,
        "maxZoom": max_zoom,
        "maxNativeZoom": max_zoom,
        "noWrap": False,
        "attribution": attribution,
        "subdomains": subdomains,
        "detectRetina": False,
        "tms": False,
        "opacity": 1,
    }


def _basemaps() -> list[dict[str, Any]]:
    """The basemaps to choose from (the first is shown), for ``hk.setup`` in mapview.js."""
    carto_key = os.environ.get("CARTO_API_KEY", "").strip()
    return [
        {
            "name": "PDOK BRT-Achtergrondkaart grijs",
            "url": PDOK_GRIJS,
            "show": True,
            "options": _tile_options(PDOK_ATTRIBUTION, 19),
        },
        {"name": "OpenStreetMap", "url": OSM, "show": False, "options": _tile_options(OSM_ATTRIBUTION, 19)},
        {
            "name": "CartoDB licht",
            "url": CARTO_LIGHT + (f"?key={quote(carto_key)}" if carto_key else ""),
            "show": False,
            "options": _tile_options(CARTO_ATTRIBUTION, 20, subdomains="abcd"),
        },
    ]


def _base_config(cluster: bool) -> dict[str, Any]:
    """The base map's layers and controls, for ``hk.setup`` in mapview.js (in the order they are added)."""
    return {
        "basemaps": _basemaps(),
        "layerControl": {"position": "topright", "collapsed": True, "autoZIndex": True},
        "fullscreen": {
            "position": "topleft",
            "title": "Volledig scherm",
            "titleCancel": "Volledig scherm sluiten",
            "forceSeparateButton": False,
        },
        "outline": {
            "home": {"color": "#94A3B8", "weight": 1.2, "fillColor": GROUNDS["land"], "fillOpacity": 1},
            "abroad": {"color": "#CBD5E1", "weight": 1, "fillColor": GROUNDS["buurland"], "fillOpacity": 1},
        },
        "legend": legend_html(cluster),
    }


@lru_cache(maxsize=8)
def _script_parts(label_px: int, cluster: bool, legend_closed: bool = False) -> tuple[str, str]:
    """The base map's script before and after the map's variable name, made once per process.

    The map's name changes on every run (streamlit-folium renames it), the rest does not.
    """
    config = str(htmlsafe_json_dumps(_browser_config(label_px, legend_closed), sort_keys=True))
    base = str(htmlsafe_json_dumps(_base_config(cluster), sort_keys=True))
    return f"window.hk = hkModules.mapview({config});\nhk.setup(", f", {base});"


class MapScript(LinkedScript):
    """The base map in one element: the map's styles (static/map/mapview.css) and script (mapview.js),
    basemaps, layer control, fullscreen button, the country outline, legend and names toggle.

    ``hk.setup`` (mapview.js) adds the layers and controls with Leaflet and
    the vendored plugins (Leaflet.fullscreen, Leaflet.markercluster), whose
    files this element lists for streamlit-folium to load. One element
    rather than a folium object per control: the base map is made again on
    every rerun of every session, and each folium object costs a template
    compilation and a system call for its id.

    Parameters
    ----------
    label_px : int
        Font size of the names on the map.
    cluster : bool
        The legend also explains the wider groups of a large data set.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.before }}{{ this._parent.get_name() }}{{ this.after }}
        {% endmacro %}
        """
    )

    # Leaflet, its plugins and the map's script: all in one file (the bundle), or one by one
    default_js = (
        [("hk_mapview", f"{OWN_PREFIX}{SCRIPT_BUNDLE}")]
        if _SCRIPT_FILES is None
        else [*folium.plugins.Fullscreen.default_js, *folium.plugins.MarkerCluster.default_js, *_SCRIPT_FILES]
    )
    default_css = [
        *folium.plugins.Fullscreen.default_css,
        *folium.plugins.MarkerCluster.default_css,
        ("hk_mapview_css", f"{OWN_PREFIX}map/mapview.css"),  # after Leaflet's and the plugins' styles
    ]

    def __init__(self, label_px: int = LABEL_PX, cluster: bool = False, legend_closed: bool = False) -> None:
        super().__init__()
        self.before, self.after = _script_parts(label_px, cluster, legend_closed)


#: folium's Map forbids zooming the page (``maximum-scale=1.0, user-scalable=no``): WCAG 1.4.4
#: wants a reader to be able to zoom, so the map's frame gets a viewport that allows it.
_FOLIUM_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>')
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1.0" />'


class LeafletMap(folium.Map):
    """folium's Map, rendered without compiling its rendered parts again as Jinja templates.

    Its header, html and script go into the page as they are, with the
    links to Leaflet's files (:class:`~hotspots.mapview._branca.Macro`).
    Its header's viewport lets the reader zoom (:data:`VIEWPORT`).
    """

    @classmethod
    def _generate_id(cls) -> str:
        return cheap_id()

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        Macro.render(self, **kwargs)  # type: ignore[arg-type]
        header = self.get_root().header  # type: ignore[attr-defined]  # a Figure
        own = header._children[self.get_name()]
        header.add_child(Rendered(_FOLIUM_VIEWPORT.sub(VIEWPORT, own.render())), name=self.get_name())


class ZoomableMap(folium.Map):
    """folium's own Map (rendered as folium does), with the viewport of :data:`VIEWPORT`: a reader may zoom.

    For a plain map outside the hotspot map's machinery (Beheer's map to place a point on).
    """

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        super().render(**kwargs)
        header = self.get_root().header  # type: ignore[attr-defined]  # a Figure
        own = header._children.get(self.get_name())
        if own is not None:
            header.add_child(Rendered(_FOLIUM_VIEWPORT.sub(VIEWPORT, own.render())), name=self.get_name())


def base_map(cluster: bool = False, label_px: int = LABEL_PX, legend_closed: bool = False) -> folium.Map:
    """The part of the map that stays the same on every rerun.

    Parameters
    ----------
    cluster : bool
        The data set is large (more than
        :data:`~hotspots.mapview.markers.CLUSTER_THRESHOLD` hotspots): the
        legend also explains the wider groups a click zooms into.
    label_px : int
        Font size of the hotspots' names on the map (at least 13).
    legend_closed : bool
        The legend starts closed at every size (a presentation: it would
        cover a fifth of the map); its button opens it.

    Returns
    -------
    folium.Map
        A new object each time (streamlit-folium adds the dynamic layers to
        the map it is given), built the same way, so its script is identical.
    """
    m = LeafletMap(
        location=NL_CENTRE,
        zoom_start=7,
        tiles=None,
        control_scale=False,  # mapview.js adds a scale in kilometres only
        zoom_snap=0.25,
        zoom_delta=0.5,
        min_zoom=6,
        max_bounds=True,
        max_bounds_viscosity=0.8,
        min_lat=48.5,
        max_lat=55.5,
        min_lon=0.0,
        max_lon=10.5,
    )
    # Leaflet is all the map needs of folium's default assets (jQuery and
    # Bootstrap serve folium's popups and icons, which this map does not use).
    # Leaflet itself is in the map's bundle when there is one (MapScript).
    m.default_js = [(name, url) for name, url in m.default_js if name == "leaflet" and _SCRIPT_FILES is not None]
    m.default_css = [(name, url) for name, url in m.default_css if name == "leaflet_css"]
    MapScript(label_px, cluster, legend_closed).add_to(m)
    # No fit here: the marker layer's fit target (mapview.js) places the first
    # view, and a fit of the base map would still be animating then.
    return m
