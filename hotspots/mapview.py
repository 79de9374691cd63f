"""Folium layers for the map page, built from the hotspot frame.

The map is split in two, as streamlit-folium's dynamic updates want it:

* :func:`base_map` never changes between reruns: basemaps, layer control,
  fullscreen button, scale bar, legend, styles, the fallback outline of the
  country, and hotspots/mapview.js, which draws markers and rings. Because
  its script is identical on every run, the browser keeps the same Leaflet
  map, with the zoom and centre the user chose.
* :func:`hotspot_layer` and :func:`ring_layer` change with the filters,
  the radius and the selection; the page sends them as
  ``feature_group_to_add``. They carry compact data only (2,000 hotspots
  are a few hundred kilobytes), which ``hk.markers`` and ``hk.rings`` turn
  into Leaflet layers in the browser.

Text from the data travels as JSON (``tojson`` escapes ``<``, ``>``, ``&``
and quotes, so nothing closes the script) and is HTML-escaped in the
browser where tooltips and popups are built. The legend, built here, holds
no data at all.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import folium
import folium.plugins
import xyzservices
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template
from jinja2.utils import htmlsafe_json_dumps
from shapely.geometry import mapping

from hotspots.geo import RADIUS_MAX_KM, RADIUS_MIN_KM, radius_ring
from hotspots.model import PHASES, PRODUCT_CHAINS, TYPES, source_label

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
PHASE_SYMBOLS = {"opkomst": "▲", "groei": "●", "consolidatie": "■", "transitie": "◆"}

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
COUNTRIES_FILE = Path(__file__).resolve().parent.parent / "data" / "basemap" / "landen.geojson"
SCRIPT_FILE = Path(__file__).resolve().parent / "mapview.js"

# Marker sizes in pixels; large enough to hit with a mouse on a projector.
SIZE_NORMAL = 24
SIZE_REACH = 28
SIZE_SELECTED = 38
# Above this many hotspots the markers are clustered, so the browser stays quick.
CLUSTER_THRESHOLD = 300
# Vertices per ring: the chord between two vertices sags 0.03 % of the radius.
RING_VERTICES = 128
RING_COLOUR = "#1E293B"
REFERENCE_COLOUR = "#475569"
# Rings for every shown hotspot are drawn up to this many hotspots.
MAX_RINGS_ALL = 150

MARKER_STATES = ("normaal", "geselecteerd", "bereik", "gedimd")


# --------------------------------------------------------------------------- markers


def _shape_svg(shape: str, fill: str, stroke: str, stroke_width: float) -> str:
    common = f'fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width}" stroke-linejoin="round"'
    if shape == "circle":
        return f'<circle cx="16" cy="16" r="9.5" {common}/>'
    if shape == "square":
        return f'<rect x="7.5" y="7.5" width="17" height="17" {common}/>'
    if shape == "triangle":
        return f'<polygon points="16,5.5 26.5,24.5 5.5,24.5" {common}/>'
    if shape == "diamond":
        return f'<polygon points="16,4.5 27.5,16 16,27.5 4.5,16" {common}/>'
    raise ValueError(f"unknown shape {shape!r}")


def marker_svg(types: Iterable[str], phase: str, state: str = "normaal") -> str:
    """The marker as inline SVG: colour(s) by type, shape by phase.

    A hotspot with two types gets a shape split down the middle in both
    colours. ``state`` is one of :data:`MARKER_STATES`. Only vocabulary
    slugs go in here, never free text from the data.
    """
    if state not in MARKER_STATES:
        raise ValueError(f"unknown marker state {state!r}")
    colours = [TYPE_COLOURS[t] for t in types if t in TYPE_COLOURS] or ["#777777"]
    shape = PHASE_SHAPES.get(phase, "circle")
    defs = ""
    fill = colours[0]
    if len(colours) > 1:
        gradient_id = "hk-" + "-".join(c.lstrip("#") for c in colours[:2])
        defs = (
            f'<defs><linearGradient id="{gradient_id}">'
            f'<stop offset="50%" stop-color="{colours[0]}"/><stop offset="50%" stop-color="{colours[1]}"/>'
            "</linearGradient></defs>"
        )
        fill = f"url(#{gradient_id})"
    halo = ""
    if state == "geselecteerd":
        halo = '<circle cx="16" cy="16" r="15" fill="#FFFFFF" fill-opacity="0.85" stroke="#111827" stroke-width="2"/>'
    elif state == "bereik":
        halo = '<circle cx="16" cy="16" r="14.5" fill="none" stroke="#111827" stroke-width="2"/>'
    opacity = ' opacity="0.45"' if state == "gedimd" else ""
    body = _shape_svg(shape, fill, "#FFFFFF" if state != "geselecteerd" else "#111827", 1.8)
    # mapview.js adds the hotspot's id and name to the <svg> of each marker
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"{opacity}>{defs}{halo}{body}</svg>'


def marker_state(hotspot_id: str, selected: str | None, reach: set[str]) -> str:
    if selected is None:
        return "normaal"
    if hotspot_id == selected:
        return "geselecteerd"
    return "bereik" if hotspot_id in reach else "gedimd"


SIZES = {"normaal": SIZE_NORMAL, "geselecteerd": SIZE_SELECTED, "bereik": SIZE_REACH, "gedimd": SIZE_NORMAL}
Z_OFFSETS = {"normaal": 0, "geselecteerd": 1000, "bereik": 500, "gedimd": -500}

#: What each row of :func:`marker_payload` holds, in order.
MARKER_FIELDS = (
    "id", "lat", "lng", "icon", "state", "name", "place", "province", "types", "phase",
    "chains", "dv", "anchors", "focus", "sources", "estimated",
)  # fmt: skip


def marker_payload(frame, selected: str | None = None, reach: Iterable[str] = ()) -> dict:
    """The hotspots as compact JSON-ready data for ``hk.markers`` in the browser.

    One row per hotspot (fields in :data:`MARKER_FIELDS`); the marker SVGs
    and source citations are tables that rows point into, so 2,000 hotspots
    stay a small message. Text is sent as data and escaped where the browser
    builds tooltips and popups (hotspots/mapview.js).
    """
    reach = set(reach)
    icons: dict[tuple, int] = {}
    sources: dict[str, int] = {}
    rows = []
    columns = [frame[c].tolist() for c in ("id", "name", "place", "province", "types", "phase")]
    columns += [frame[c].tolist() for c in ("product_chains", "digitaal_verbinden", "anchors", "focus")]
    columns += [frame[c].tolist() for c in ("sources", "estimated")]
    xs, ys = frame.geometry.x.round(6).tolist(), frame.geometry.y.round(6).tolist()
    for x, y, (hid, name, place, province, types, phase, chains, dv, anchors, focus, cited, estimated) in zip(
        xs, ys, zip(*columns, strict=True), strict=True
    ):
        state = marker_state(hid, selected, reach)
        icon = icons.setdefault((tuple(types), phase, state), len(icons))
        rows.append(
            [
                hid, y, x, icon, state, name, place, province, list(types), phase, list(chains), bool(dv),
                list(anchors), focus, [sources.setdefault(source_label(s), len(sources)) for s in cited],
                list(estimated),
            ]
        )  # fmt: skip
    return {
        "fields": list(MARKER_FIELDS),
        "rows": rows,
        "icons": [marker_svg(types, phase, state) for types, phase, state in icons],
        "sources": list(sources),
        "cluster": len(rows) > CLUSTER_THRESHOLD,
    }


class _Rendered(Element):
    """Text that is already rendered. (branca compiles every rendered macro
    again as a Jinja template, which for a layer's data costs more than
    building it.)"""

    def __init__(self, text: str):
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:
        return self._text


class _Macro(MacroElement):
    """A MacroElement whose rendered parts go into the page as they are."""

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        module = self._template.module
        for part in ("header", "html", "script"):
            macro = getattr(module, part, None)
            if macro is not None:
                getattr(figure, part).add_child(_Rendered(macro(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class _BrowserLayer(_Macro):
    """A layer drawn by ``hk.<function>(payload)`` from the base map's script."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = hk.{{ this.function }}({{ this.payload|tojson }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, function: str, payload: dict, name: str):
        super().__init__()
        self._name = name
        self.function = function
        self.payload = payload


def hotspot_layer(frame, selected: str | None = None, reach: Iterable[str] = ()):
    """The markers of ``frame`` as a FeatureGroup (clustered when there are many)."""
    group = folium.FeatureGroup(name="Hotspots", control=False)
    _BrowserLayer("markers", marker_payload(frame, selected, reach), "HotspotMarkers").add_to(group)
    return group


def hotspot_at(frame, lat: float, lng: float, tolerance_deg: float = 1e-5) -> str | None:
    """The id of the hotspot whose marker sits at (lat, lng), for map clicks."""
    if frame.empty:
        return None
    dx = (frame.geometry.x - lng).abs()
    dy = (frame.geometry.y - lat).abs()
    distance = dx.where(dx > dy, dy)
    nearest = distance.idxmin()
    return frame.loc[nearest, "id"] if distance[nearest] <= tolerance_deg else None


# --------------------------------------------------------------------------- rings


def ring_features(frame, ring_ids: Iterable[str], radius_km: float, reference_ids: Iterable[str] = ()) -> dict:
    """Geodesic rings as a FeatureCollection.

    A ring of ``radius_km`` around each hotspot in ``ring_ids``, and the
    80 and 120 km reference rings around those in ``reference_ids``.
    """
    by_id = frame.set_index("id")
    features = []

    def add(hotspot_id: str, km: float, kind: str) -> None:
        point = by_id.loc[hotspot_id].geometry
        ring = radius_ring(point.x, point.y, km, vertices=RING_VERTICES)
        features.append(
            {
                "type": "Feature",
                "geometry": mapping(ring),
                "properties": {"id": hotspot_id, "radius_km": km, "kind": kind},
            }
        )

    for hotspot_id in reference_ids:
        for km in (RADIUS_MIN_KM, RADIUS_MAX_KM):
            if km != radius_km:
                add(hotspot_id, km, "referentie")
    for hotspot_id in ring_ids:
        add(hotspot_id, radius_km, "straal")
    return {"type": "FeatureCollection", "features": features}


def ring_payload(
    frame, ring_ids: Iterable[str], radius_km: float, reference_ids: Iterable[str] = (), label_ids: Iterable[str] = ()
) -> dict:
    """The rings and their labels as compact data for ``hk.rings`` in the browser."""
    rings = [
        {
            "kind": f["properties"]["kind"],
            "km": f["properties"]["radius_km"],
            "latlngs": [[round(lat, 5), round(lng, 5)] for lng, lat in f["geometry"]["coordinates"][0]],
        }
        for f in ring_features(frame, ring_ids, radius_km, reference_ids)["features"]
    ]
    # "80 km" labels at the north point of the selected hotspot's rings
    by_id = frame.set_index("id")
    labels = []
    for hotspot_id in label_ids:
        point = by_id.loc[hotspot_id].geometry
        for km in sorted({radius_km, RADIUS_MIN_KM, RADIUS_MAX_KM}):
            lng, lat = radius_ring(point.x, point.y, km, vertices=8).exterior.coords[0]
            labels.append({"lat": round(lat, 5), "lng": round(lng, 5), "text": f"{km:g} km", "chosen": km == radius_km})
    return {"rings": rings, "labels": labels}


def ring_layer(
    frame, ring_ids: Iterable[str], radius_km: float, reference_ids: Iterable[str] = (), label_ids: Iterable[str] = ()
):
    """The rings as a FeatureGroup; not clickable, so clicks reach the markers."""
    group = folium.FeatureGroup(name="Straal", control=False)
    payload = ring_payload(frame, ring_ids, radius_km, reference_ids, label_ids)
    _BrowserLayer("rings", payload, "RadiusRings").add_to(group)
    return group


# --------------------------------------------------------------------------- base map

_STYLE = """
<style>
.leaflet-container { background: #EEF2F5; font-family: "Source Sans Pro", "Segoe UI", Arial, sans-serif; }
.hk-marker { background: none; border: none; }
.hk-marker svg { width: 100%; height: 100%; display: block; filter: drop-shadow(0 1px 1px rgba(0,0,0,.35)); }
.hk-tooltip { font-size: 15px; }
.hk-popup { font-size: 14px; line-height: 1.35; color: #1F2937; }
.hk-popup h4 { margin: 0 0 2px 0; font-size: 17px; }
.hk-popup .hk-place { color: #4B5563; margin-bottom: 6px; }
.hk-popup table { border-collapse: collapse; margin-bottom: 6px; }
.hk-popup th { text-align: left; padding: 1px 10px 1px 0; vertical-align: top; font-weight: 600; white-space: nowrap; }
.hk-popup td { padding: 1px 0; vertical-align: top; }
.hk-popup .hk-focus { margin: 4px 0 6px 0; }
.hk-popup .hk-sources { font-size: 12.5px; color: #374151; }
.hk-popup .hk-sources ul { margin: 2px 0 0 0; padding-left: 16px; }
.hk-popup .hk-note { font-size: 12.5px; color: #374151; margin-top: 4px; }
.hk-est { font-style: italic; font-size: 12px; color: #92400E; background: #FEF3C7; border-radius: 3px; padding: 0 3px; }
.hk-ring-label-icon { background: none; border: none; }
.hk-ring-label { display: inline-block; font-size: 13px; font-weight: 600; color: #334155; background: rgba(255,255,255,.85);
  border-radius: 3px; padding: 0 4px; white-space: nowrap; }
.hk-ring-label.hk-ring-chosen { color: #FFFFFF; background: #1E293B; }
.hk-legend { background: rgba(255,255,255,.94); padding: 8px 10px; border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,.3);
  font-size: 13.5px; line-height: 1.45; color: #1F2937; max-width: 240px; }
.hk-legend h5 { margin: 4px 0 2px 0; font-size: 13.5px; }
.hk-legend h5:first-child { margin-top: 0; }
.hk-legend .hk-row { display: flex; align-items: center; gap: 6px; }
.hk-legend svg { width: 18px; height: 18px; flex: none; }
.hk-legend .hk-line { width: 26px; height: 0; flex: none; }
.hk-legend .hk-cluster-key { width: 18px; height: 18px; flex: none; border-radius: 50%; background: #F1D357;
  box-shadow: 0 0 0 2px rgba(241,211,87,.5); font-size: 9px; line-height: 18px; text-align: center; }
.hk-popup-open .hk-legend-control { visibility: hidden; }
</style>
"""


def legend_html(cluster: bool = False) -> str:
    """The legend: type colours, phase shapes, rings and highlight (and, with ``cluster``, groups)."""

    def row(svg: str, text: str) -> str:
        return f'<div class="hk-row">{svg}<span>{html.escape(text)}</span></div>'

    parts = ["<h5>Type (kleur)</h5>"]
    for slug, term in TYPES.items():
        parts.append(row(marker_svg([slug], "groei"), term.label))
    parts.append(row(marker_svg(["engineering", "wetenschapsgedreven"], "groei"), "Twee typen: beide kleuren"))
    parts.append("<h5>Fase (vorm)</h5>")
    for slug, term in PHASES.items():
        parts.append(row(marker_svg(["__none__"], slug), term.label))
    parts.append("<h5>Nabijheid</h5>")
    parts.append(row(marker_svg(["__none__"], "groei", "geselecteerd"), "Geselecteerde hotspot"))
    parts.append(row(marker_svg(["__none__"], "groei", "bereik"), "Binnen de straal"))
    parts.append(
        '<div class="hk-row"><span class="hk-line" style="border-top: 2.5px solid #1E293B"></span>'
        "<span>Gekozen straal (80–120 km)</span></div>"
    )
    parts.append(
        '<div class="hk-row"><span class="hk-line" style="border-top: 1.5px dashed #475569"></span>'
        "<span>Referentie 80 en 120 km</span></div>"
    )
    if cluster:
        parts.append(
            '<div class="hk-row"><span class="hk-cluster-key">12</span>'
            "<span>Groep van 12 hotspots; zoom in voor de afzonderlijke</span></div>"
        )
    return '<div class="hk-legend" role="region" aria-label="Legenda">' + "".join(parts) + "</div>"


class Legend(_Macro):
    """A Leaflet control holding the legend (top left, over the North Sea), so it also shows in fullscreen."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: "topleft"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "hk-legend-control");
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html_text: str):
        super().__init__()
        self._name = "Legend"
        self.html = html_text


def _browser_config() -> dict:
    """What hotspots/mapview.js needs from Python: labels, sizes, ring styles."""
    return {
        "labels": {
            "types": {slug: term.label for slug, term in TYPES.items()},
            "phases": {slug: term.label for slug, term in PHASES.items()},
            "chains": {slug: term.label for slug, term in PRODUCT_CHAINS.items()},
        },
        "sizes": SIZES,
        "zOffsets": Z_OFFSETS,
        "ringStyle": {
            "color": RING_COLOUR,
            "weight": 2.5,
            "fillColor": RING_COLOUR,
            "fillOpacity": 0.05,
            "opacity": 0.85,
        },
        "referenceStyle": {"color": REFERENCE_COLOUR, "weight": 1.5, "dashArray": "6 6", "fill": False, "opacity": 0.9},
    }


class MapScript(JSCSSMixin, _Macro):
    """The map's styles and hotspots/mapview.js, which draws markers and rings.

    With ``cluster`` the page also loads Leaflet.markercluster, for data sets
    large enough that a filter may show more than :data:`CLUSTER_THRESHOLD`.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}{{ this.style }}{% endmacro %}
        {% macro script(this, kwargs) %}
        window.hk = {{ this.source }}({{ this.config|tojson }});
        hk.init({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, cluster: bool = False):
        super().__init__()
        self._name = "MapScript"
        self.style = _STYLE
        self.source = _script_source()
        self.config = _browser_config()
        if cluster:
            self.default_js = list(folium.plugins.MarkerCluster.default_js)
            self.default_css = list(folium.plugins.MarkerCluster.default_css)


class CountryOutline(_Macro):
    """The Netherlands and its neighbours in a pane under the tiles: when tiles
    load they cover it, when they fail it is the background."""

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

    def __init__(self):
        super().__init__()
        self._name = "CountryOutline"
        self.data = _countries_json()
        self.home = {"color": "#94A3B8", "weight": 1.2, "fillColor": "#FFFFFF", "fillOpacity": 1}
        self.abroad = {"color": "#CBD5E1", "weight": 1, "fillColor": "#F8FAFC", "fillOpacity": 1}


@lru_cache(maxsize=1)
def _script_source() -> str:
    return SCRIPT_FILE.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _countries_json() -> str:
    return str(htmlsafe_json_dumps(json.loads(COUNTRIES_FILE.read_text(encoding="utf-8"))))


def _tile_provider(name: str, url: str, attribution: str, **extra) -> xyzservices.TileProvider:
    # A provider object spares folium a search of xyzservices' catalogue on every run.
    return xyzservices.TileProvider(name=name, url=url, attribution=attribution, html_attribution=attribution, **extra)


def base_map(cluster: bool = False) -> folium.Map:
    """The part of the map that stays the same on every rerun.

    Returns a new object each time (streamlit-folium adds the dynamic layers
    to the map it is given), built the same way, so its script is identical.
    ``cluster``: the data set is large enough that markers may be clustered.
    """
    m = folium.Map(
        location=NL_CENTRE,
        zoom_start=7,
        tiles=None,
        control_scale=True,
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
    MapScript(cluster).add_to(m)
    CountryOutline().add_to(m)
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
    folium.LayerControl(position="topright", collapsed=True).add_to(m)
    folium.plugins.Fullscreen(
        position="topleft", title="Volledig scherm", title_cancel="Volledig scherm sluiten"
    ).add_to(m)
    Legend(legend_html(cluster)).add_to(m)
    m.fit_bounds(NL_BOUNDS)
    return m
