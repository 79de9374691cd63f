"""Folium layers for the map page, built from the hotspot frame.

The map is split in two, as streamlit-folium's dynamic updates want it:

* :func:`base_map` never changes between reruns: basemaps, layer control,
  fullscreen button, scale bar, legend, styles and the fallback outline of
  the country. Because its script is identical on every run, the browser
  keeps the same Leaflet map, with the zoom and centre the user chose.
* :func:`hotspot_layer` and :func:`ring_layer` change with the filters,
  the radius and the selection; the page sends them as
  ``feature_group_to_add``.

Every text from the data goes through :func:`html.escape` before it
reaches a tooltip or popup (they are set as HTML by Leaflet); the data
travels to the browser as JSON inside the layer's script.
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
from branca.element import Element, MacroElement
from folium.template import Template
from folium.utilities import JsCode
from shapely.geometry import mapping

from hotspots.geo import RADIUS_MAX_KM, RADIUS_MIN_KM, radius_ring
from hotspots.model import PHASES, PRODUCT_CHAINS, TYPES, label, labels, source_label

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
# CARTO's basemaps ask for an API key nowadays; set CARTO_API_KEY to pass one.
CARTO_LIGHT = "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png"
CARTO_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">OpenStreetMap</a>'
    ' &copy; <a href="https://carto.com/attributions" target="_blank" rel="noopener">CARTO</a>'
)
COUNTRIES_FILE = Path(__file__).resolve().parent.parent / "data" / "basemap" / "landen.geojson"

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


def marker_svg(types: Iterable[str], phase: str, state: str = "normaal", hotspot_id: str = "") -> str:
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
    # the id (a schema-checked slug) lets tests and scripts find a marker
    data = f' data-hotspot="{html.escape(hotspot_id)}"' if hotspot_id else ""
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"{data}{opacity}>{defs}{halo}{body}</svg>'


def _estimate_mark(field: str, estimated: Iterable[str]) -> str:
    return ' <span class="hk-est">inschatting</span>' if field in estimated else ""


def tooltip_html(row) -> str:
    return f"<strong>{html.escape(row['name'])}</strong>"


def popup_html(row) -> str:
    """The popup: place, types, phase, chains, anchors, focus, sources; all escaped."""
    esc = html.escape
    est = list(row["estimated"])
    chains = ", ".join(labels(PRODUCT_CHAINS, row["product_chains"])) or "geen"
    anchors = ", ".join(row["anchors"]) or "—"
    sources = "".join(f"<li>{esc(source_label(s))}</li>" for s in row["sources"])
    location_note = (
        '<div class="hk-note">Locatie: <span class="hk-est">inschatting</span> (campus of kernlocatie)</div>'
        if "location" in est
        else ""
    )
    rows = [
        ("Type", esc(", ".join(labels(TYPES, row["types"]))) + _estimate_mark("types", est)),
        ("Fase", esc(label(PHASES, row["phase"])) + _estimate_mark("phase", est)),
        ("Productketens", esc(chains) + _estimate_mark("product_chains", est)),
        ("Digitaal Verbinden", "besproken" if row["digitaal_verbinden"] else "niet besproken"),
        ("Ankers", esc(anchors)),
    ]
    table = "".join(f"<tr><th>{name}</th><td>{value}</td></tr>" for name, value in rows)
    return (
        f'<div class="hk-popup"><h4>{esc(row["name"])}</h4>'
        f'<div class="hk-place">{esc(row["place"])}, {esc(row["province"])}</div>'
        f"<table>{table}</table>"
        f'<p class="hk-focus">{esc(row["focus"])}</p>'
        f'<div class="hk-sources">Bronnen:<ul>{sources}</ul></div>{location_note}</div>'
    )


def marker_state(hotspot_id: str, selected: str | None, reach: set[str]) -> str:
    if selected is None:
        return "normaal"
    if hotspot_id == selected:
        return "geselecteerd"
    return "bereik" if hotspot_id in reach else "gedimd"


_SIZES = {"normaal": SIZE_NORMAL, "geselecteerd": SIZE_SELECTED, "bereik": SIZE_REACH, "gedimd": SIZE_NORMAL}
_Z_OFFSETS = {"normaal": 0, "geselecteerd": 1000, "bereik": 500, "gedimd": -500}


def marker_features(frame, selected: str | None = None, reach: Iterable[str] = (), open_popup: bool = False) -> dict:
    """The hotspots as a GeoJSON FeatureCollection ready for the marker layer.

    Each feature carries only what the browser needs: the id, the marker
    SVG and size, and the escaped tooltip and popup HTML.
    """
    reach = set(reach)
    features = []
    for _, row in frame.iterrows():
        state = marker_state(row["id"], selected, reach)
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(row.geometry.x, 6), round(row.geometry.y, 6)]},
                "properties": {
                    "id": row["id"],
                    "state": state,
                    "icon": marker_svg(row["types"], row["phase"], state, row["id"]),
                    "size": _SIZES[state],
                    "z": _Z_OFFSETS[state],
                    "tooltip": tooltip_html(row),
                    "popup": popup_html(row),
                    "open": bool(open_popup and state == "geselecteerd"),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


# Builds each marker from the feature's precomputed properties. Tooltip and
# popup are HTML that Python already escaped.
_ON_EACH_MARKER = JsCode(
    """
function (feature, layer) {
    var p = feature.properties, s = p.size;
    layer.setIcon(L.divIcon({
        html: p.icon, className: "hk-marker hk-" + p.state,
        iconSize: [s, s], iconAnchor: [s / 2, s / 2], popupAnchor: [0, -s / 2], tooltipAnchor: [0, -s / 2]
    }));
    layer.setZIndexOffset(p.z);
    layer.bindTooltip(p.tooltip, {direction: "top", className: "hk-tooltip"});
    layer.bindPopup(p.popup, {maxWidth: 380, minWidth: 260, autoPan: !p.open, className: "hk-popup-wrap"});
    if (p.open) { setTimeout(function () { if (layer._map) { layer.openPopup(); } }, 0); }
}
"""
)


def hotspot_layer(frame, selected: str | None = None, reach: Iterable[str] = (), open_popup: bool = False):
    """The markers of ``frame`` as a FeatureGroup (clustered when there are many)."""
    group = folium.FeatureGroup(name="Hotspots")
    layer = folium.GeoJson(
        marker_features(frame, selected, reach, open_popup),
        name="Hotspots",
        on_each_feature=_ON_EACH_MARKER,
        control=False,
    )
    if len(frame) > CLUSTER_THRESHOLD:
        cluster = folium.plugins.MarkerCluster(
            control=False,
            options={"showCoverageOnHover": False, "disableClusteringAtZoom": 11, "chunkedLoading": True},
        )
        layer.add_to(cluster)
        cluster.add_to(group)
    else:
        layer.add_to(group)
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


def _ring_style(feature: dict) -> dict:
    if feature["properties"]["kind"] == "referentie":
        return {"color": REFERENCE_COLOUR, "weight": 1.5, "dashArray": "6 6", "fill": False, "opacity": 0.9}
    return {"color": RING_COLOUR, "weight": 2.5, "fillColor": RING_COLOUR, "fillOpacity": 0.05, "opacity": 0.85}


def ring_layer(
    frame, ring_ids: Iterable[str], radius_km: float, reference_ids: Iterable[str] = (), label_ids: Iterable[str] = ()
):
    """The rings as a FeatureGroup; not clickable, so clicks reach the markers."""
    group = folium.FeatureGroup(name="Straal")
    data = ring_features(frame, ring_ids, radius_km, reference_ids)
    if data["features"]:
        folium.GeoJson(data, style_function=_ring_style, interactive=False, control=False, name="Straal").add_to(group)
    # "80 km" labels at the north point of the selected hotspot's rings
    by_id = frame.set_index("id")
    for hotspot_id in label_ids:
        point = by_id.loc[hotspot_id].geometry
        for km in sorted({radius_km, RADIUS_MIN_KM, RADIUS_MAX_KM}):
            north = radius_ring(point.x, point.y, km, vertices=8).exterior.coords[0]
            folium.Marker(
                [north[1], north[0]],
                icon=folium.DivIcon(
                    html=f'<span class="hk-ring-label{" hk-ring-chosen" if km == radius_km else ""}">{int(km)} km</span>',
                    icon_size=(60, 18),
                    icon_anchor=(30, 9),
                    class_name="hk-ring-label-icon",
                ),
                interactive=False,
            ).add_to(group)
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
</style>
"""


def legend_html() -> str:
    """The legend: type colours, phase shapes, rings and highlight."""

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
    return '<div class="hk-legend" role="region" aria-label="Legenda">' + "".join(parts) + "</div>"


class Legend(MacroElement):
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


@lru_cache(maxsize=1)
def _countries() -> dict:
    return json.loads(COUNTRIES_FILE.read_text(encoding="utf-8"))


def _country_style(feature: dict) -> dict:
    if feature["properties"]["naam"] == "Nederland":
        return {"color": "#94A3B8", "weight": 1.2, "fillColor": "#FFFFFF", "fillOpacity": 1}
    return {"color": "#CBD5E1", "weight": 1, "fillColor": "#F8FAFC", "fillOpacity": 1}


def base_map() -> folium.Map:
    """The part of the map that stays the same on every rerun.

    Returns a new object each time (streamlit-folium adds the dynamic layers
    to the map it is given), built the same way, so its script is identical.
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
    m.get_root().header.add_child(Element(_STYLE))
    # Under the tiles: when tiles load they cover it, when they fail the
    # outline of the country is the background.
    folium.map.CustomPane("hk-fallback", z_index=150).add_to(m)
    folium.GeoJson(
        _countries(),
        name="Landsgrenzen",
        style_function=_country_style,
        pane="hk-fallback",
        interactive=False,
        control=False,
    ).add_to(m)
    folium.TileLayer(
        PDOK_GRIJS,
        attr=PDOK_ATTRIBUTION,
        name="PDOK BRT-Achtergrondkaart grijs",
        max_zoom=19,
        max_native_zoom=19,
    ).add_to(m)
    folium.TileLayer("OpenStreetMap", name="OpenStreetMap", show=False).add_to(m)
    carto_key = os.environ.get("CARTO_API_KEY", "").strip()
    folium.TileLayer(
        CARTO_LIGHT + (f"?key={quote(carto_key)}" if carto_key else ""),
        attr=CARTO_ATTRIBUTION,
        name="CartoDB licht",
        subdomains="abcd",
        max_zoom=20,
        show=False,
    ).add_to(m)
    folium.LayerControl(position="topright", collapsed=True).add_to(m)
    folium.plugins.Fullscreen(
        position="topleft", title="Volledig scherm", title_cancel="Volledig scherm sluiten"
    ).add_to(m)
    Legend(legend_html()).add_to(m)
    m.fit_bounds(NL_BOUNDS)
    return m
