"""The base map: everything on the map that stays the same between reruns.

Basemaps (PDOK, OpenStreetMap, CARTO), layer control, fullscreen button,
scale bar, legend, the fallback outline of the country, and the map's own
styles and script (mapview.css and mapview.js beside this module). Its
script must be byte-identical on every rerun: streamlit-folium then keeps
the Leaflet map in the browser, with the zoom and centre the user chose,
and only swaps the marker and ring layers.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import folium
import folium.plugins
import xyzservices
from folium.elements import JSCSSMixin
from folium.template import Template
from jinja2.utils import htmlsafe_json_dumps

from hotspots.describe import ESTIMATE, FACT_LABELS
from hotspots.mapview._branca import Macro
from hotspots.mapview.legend import Legend, legend_html
from hotspots.mapview.markers import (
    GROUP_RADIUS_PX,
    LARGE_GROUP_RADIUS_PX,
    LARGE_GROUP_ZOOM,
    SIZES,
    SPREAD_MAX,
    Z_OFFSETS,
)
from hotspots.mapview.rings import REFERENCE_STYLE, RING_STYLE

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

HERE = Path(__file__).resolve().parent
COUNTRIES_FILE = HERE.parent.parent / "data" / "basemap" / "landen.geojson"
SCRIPT_FILE = HERE / "mapview.js"
STYLE_FILE = HERE / "mapview.css"

#: Font size of the hotspots' names on the map, in pixels (a presentation may use 16).
LABEL_PX = 13
#: The legend starts collapsed on a map narrower than this (pixels); the user can open it.
LEGEND_OPEN_FROM_PX = 700
#: A fit never zooms in further than this (a scope or filter showing one hotspot).
FIT_MAX_ZOOM = 12
#: How long the map flies to a new selection or scope, in seconds.
FLY_SECONDS = 0.8


@lru_cache(maxsize=1)
def _script_source() -> str:
    return SCRIPT_FILE.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _style_source() -> str:
    return STYLE_FILE.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _countries_json() -> str:
    return str(htmlsafe_json_dumps(json.loads(COUNTRIES_FILE.read_text(encoding="utf-8"))))


def _browser_config(label_px: int = LABEL_PX) -> dict[str, Any]:
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
        "legendOpenFrom": LEGEND_OPEN_FROM_PX,
        # names on the map
        "labelSize": label_px,
        "labelGap": 3,
        "labelMax": 250,  # with more markers and groups in view the names are left out
    }


class MapScript(JSCSSMixin, Macro):
    """The map's styles (mapview.css) and script (mapview.js), which draws markers, rings and names.

    Loads Leaflet.markercluster, which groups overlapping markers.

    Parameters
    ----------
    label_px : int
        Font size of the names on the map.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}<style>
{{ this.style }}</style>{% endmacro %}
        {% macro script(this, kwargs) %}
        window.hk = {{ this.source }}({{ this.config|tojson }});
        hk.init({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, label_px: int = LABEL_PX) -> None:
        super().__init__()
        self._name = "MapScript"
        self.style = _style_source()
        self.source = _script_source()
        self.config = _browser_config(label_px)
        self.default_js = list(folium.plugins.MarkerCluster.default_js)
        self.default_css = list(folium.plugins.MarkerCluster.default_css)


class CountryOutline(Macro):
    """The Netherlands and its neighbours in a pane under the tiles.

    When the tiles load they cover it; when they fail (offline, blocked) it
    is the background, so the hotspots still have a map around them.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            map.createPane("hk-fallback").style.zIndex = 150;
            L.geoJSON({{ this.data }}, {
                pane: "hk-fallback", interactive: false,
                style: function (f) {
                    return f.properties.naam === "Nederland" ? {{ this.home|tojson }} : {{ this.abroad|tojson }};
                }
            }).addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "CountryOutline"
        self.data = _countries_json()
        self.home = {"color": "#94A3B8", "weight": 1.2, "fillColor": "#FFFFFF", "fillOpacity": 1}
        self.abroad = {"color": "#CBD5E1", "weight": 1, "fillColor": "#F8FAFC", "fillOpacity": 1}


def _tile_provider(name: str, url: str, attribution: str, **extra: Any) -> xyzservices.TileProvider:
    # A provider object spares folium a search of xyzservices' catalogue on every run.
    return xyzservices.TileProvider(name=name, url=url, attribution=attribution, html_attribution=attribution, **extra)


def _add_basemaps(m: folium.Map) -> None:
    folium.TileLayer(
        _tile_provider("PDOK BRT-Achtergrondkaart grijs", PDOK_GRIJS, PDOK_ATTRIBUTION),
        name="PDOK BRT-Achtergrondkaart grijs",
        max_zoom=19,
        max_native_zoom=19,
    ).add_to(m)
    folium.TileLayer(
        _tile_provider("OpenStreetMap", OSM, OSM_ATTRIBUTION), name="OpenStreetMap", max_zoom=19, show=False
    ).add_to(m)
    carto_key = os.environ.get("CARTO_API_KEY", "").strip()
    folium.TileLayer(
        _tile_provider(
            "CartoDB licht", CARTO_LIGHT + (f"?key={quote(carto_key)}" if carto_key else ""), CARTO_ATTRIBUTION
        ),
        name="CartoDB licht",
        subdomains="abcd",
        max_zoom=20,
        show=False,
    ).add_to(m)


def base_map(cluster: bool = False, label_px: int = LABEL_PX) -> folium.Map:
    """The part of the map that stays the same on every rerun.

    Parameters
    ----------
    cluster : bool
        The data set is large (more than
        :data:`~hotspots.mapview.markers.CLUSTER_THRESHOLD` hotspots): the
        legend also explains the wider groups a click zooms into.
    label_px : int
        Font size of the hotspots' names on the map (at least 13).

    Returns
    -------
    folium.Map
        A new object each time (streamlit-folium adds the dynamic layers to
        the map it is given), built the same way, so its script is identical.
    """
    m = folium.Map(
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
    m.default_js = [(name, url) for name, url in m.default_js if name == "leaflet"]
    m.default_css = [(name, url) for name, url in m.default_css if name == "leaflet_css"]
    MapScript(label_px).add_to(m)
    CountryOutline().add_to(m)
    _add_basemaps(m)
    folium.LayerControl(position="topright", collapsed=True).add_to(m)
    folium.plugins.Fullscreen(
        position="topleft", title="Volledig scherm", title_cancel="Volledig scherm sluiten"
    ).add_to(m)
    Legend(legend_html(cluster)).add_to(m)
    # No fit here: the marker layer's fit target (mapview.js) places the first
    # view, and a fit of the base map would still be animating then.
    return m
