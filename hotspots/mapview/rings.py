"""Radius rings: true geodesic circles around hotspots, and their "80 km" labels.

The rings are computed here (:func:`hotspots.geo.radius_ring`) and drawn in
the browser by ``hk.rings`` (static/map/markers.js), not clickable, so clicks reach the
markers under them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import geopandas as gpd
from shapely.geometry import mapping

from hotspots.geo import RADIUS_MAX_KM, RADIUS_MIN_KM, radius_ring
from hotspots.mapview._branca import BrowserLayer, LayerJSON

# Vertices per ring: the chord between two vertices sags 0.03 % of the radius.
RING_VERTICES = 128
RING_COLOUR = "#1E293B"
REFERENCE_COLOUR = "#475569"
#: Leaflet path options of the chosen radius's rings and of the reference rings.
RING_STYLE = {"color": RING_COLOUR, "weight": 2.5, "fillColor": RING_COLOUR, "fillOpacity": 0.05, "opacity": 0.85}
REFERENCE_STYLE = {"color": REFERENCE_COLOUR, "weight": 1.5, "dashArray": "6 6", "fill": False, "opacity": 0.9}
# Ring coordinates sent to the browser: 5 decimals, about a metre.
_DECIMALS = 5


def _positions(frame: gpd.GeoDataFrame, hotspot_ids: list[str]) -> dict[str, tuple[float, float]]:
    """(lon, lat) of each of ``hotspot_ids``; ``KeyError`` for one that is not in ``frame``."""
    wanted = set(hotspot_ids)
    found = {
        hotspot_id: (lon, lat)
        for hotspot_id, lon, lat in zip(
            frame["id"].tolist(), frame.geometry.x.tolist(), frame.geometry.y.tolist(), strict=True
        )
        if hotspot_id in wanted
    }
    missing = wanted - found.keys()
    if missing:
        raise KeyError(f"hotspot ids not in the frame: {sorted(missing)!r}")
    return found


def ring_features(
    frame: gpd.GeoDataFrame, ring_ids: Iterable[str], radius_km: float, reference_ids: Iterable[str] = ()
) -> dict[str, Any]:
    """Geodesic rings as a GeoJSON FeatureCollection.

    Parameters
    ----------
    frame : GeoDataFrame
        Hotspots, holding every id named in ``ring_ids`` and ``reference_ids``.
    ring_ids : iterable of str
        Hotspots that get a ring of ``radius_km``.
    radius_km : float
        The chosen radius.
    reference_ids : iterable of str
        Hotspots that also get the 80 and 120 km reference rings (the one
        equal to ``radius_km`` is left out).

    Returns
    -------
    dict
        Polygons with ``RING_VERTICES`` vertices (plus the closing one), with
        properties ``id``, ``radius_km`` and ``kind`` (``"straal"`` or
        ``"referentie"``); reference rings first.
    """
    ring_ids, reference_ids = list(ring_ids), list(reference_ids)
    position = _positions(frame, [*reference_ids, *ring_ids])
    features = []

    def add(hotspot_id: str, km: float, kind: str) -> None:
        ring = radius_ring(*position[hotspot_id], km, vertices=RING_VERTICES)
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


def _labels(frame: gpd.GeoDataFrame, label_ids: Iterable[str], radius_km: float) -> list[dict[str, Any]]:
    """ "80 km" labels at the north point of each ring around the ``label_ids``."""
    label_ids = list(label_ids)
    position = _positions(frame, label_ids)
    labels = []
    for hotspot_id in label_ids:
        for km in sorted({radius_km, RADIUS_MIN_KM, RADIUS_MAX_KM}):
            lng, lat = radius_ring(*position[hotspot_id], km, vertices=8).exterior.coords[0]
            labels.append(
                {
                    "lat": round(lat, _DECIMALS),
                    "lng": round(lng, _DECIMALS),
                    "text": f"{km:g} km",
                    "chosen": km == radius_km,
                }
            )
    return labels


def ring_payload(
    frame: gpd.GeoDataFrame,
    ring_ids: Iterable[str],
    radius_km: float,
    reference_ids: Iterable[str] = (),
    label_ids: Iterable[str] = (),
) -> dict[str, Any]:
    """The rings and their labels as compact data for ``hk.rings`` in the browser.

    Parameters
    ----------
    frame, ring_ids, radius_km, reference_ids
        As for :func:`ring_features`.
    label_ids : iterable of str
        Hotspots whose rings get a label with their radius.

    Returns
    -------
    dict
        ``rings``: ``kind``, ``km`` and ``latlngs`` (``[lat, lng]`` pairs);
        ``labels``: ``lat``, ``lng``, ``text`` and ``chosen`` (the chosen radius).
    """
    rings = [
        {
            "kind": f["properties"]["kind"],
            "km": f["properties"]["radius_km"],
            "latlngs": [[round(lat, _DECIMALS), round(lng, _DECIMALS)] for lng, lat in f["geometry"]["coordinates"][0]],
        }
        for f in ring_features(frame, ring_ids, radius_km, reference_ids)["features"]
    ]
    return {"rings": rings, "labels": _labels(frame, label_ids, radius_km)}


def ring_layer(
    frame: gpd.GeoDataFrame,
    ring_ids: Iterable[str],
    radius_km: float,
    reference_ids: Iterable[str] = (),
    label_ids: Iterable[str] = (),
) -> BrowserLayer:
    """The rings as a layer (:class:`~hotspots.mapview._branca.BrowserLayer`) for streamlit-folium's ``feature_group_to_add``.

    Parameters are those of :func:`ring_payload`.
    """
    return ring_group(ring_payload(frame, ring_ids, radius_km, reference_ids, label_ids))


def ring_group(payload: dict[str, Any] | LayerJSON) -> BrowserLayer:
    """A layer drawing a :func:`ring_payload` that is already built, or its :func:`~hotspots.mapview.layer_json` (for example cached)."""
    return BrowserLayer("rings", payload, "Straal")
