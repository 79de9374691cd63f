"""Distances and proximity radii, on the ellipsoid, never in degrees.

Seed 001, section 2.3: the positive effect of university research on
innovation reaches about 80 km, and about 120 km is also mentioned. These
functions answer "which hotspots lie within R km of this one" and draw the
R-km ring around a hotspot.

Single distances use the WGS 84 geodesic (:class:`pyproj.Geod`). The
all-pairs search uses a KD-tree on Amersfoort / RD New (EPSG:28992)
coordinates, corrected for the projection's point scale factor, which
keeps its distances within 0.01 % of the geodesic anywhere in the
Netherlands; pairs near the boundary are settled with the geodesic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyproj
from pyproj.transformer import TransformerGroup
from scipy.spatial import cKDTree
from shapely.geometry import Polygon

GEOD = pyproj.Geod(ellps="WGS84")
RD_NEW = "EPSG:28992"

RADIUS_MIN_KM = 80
RADIUS_MAX_KM = 120
RADIUS_STEP_KM = 5
RADIUS_DEFAULT_KM = 80

# pyproj makes a transformer's PROJ object again in every thread that uses it,
# and for ``from_crs`` that means searching the EPSG database (~35 ms).
# Streamlit runs every script run in a new thread, so the operation is looked
# up once here and kept as its pipeline text, which builds in well under 1 ms.
_TO_RD = pyproj.Transformer.from_pipeline(
    TransformerGroup("EPSG:4326", RD_NEW, always_xy=True).transformers[0].definition
)
_RD_PROJ = pyproj.Proj(RD_NEW)
# Relative tolerance of the projected distance; pairs within it of the radius
# are decided by the geodesic instead.
_PROJECTED_TOLERANCE = 1e-4


def _lon_lat(frame) -> tuple[np.ndarray, np.ndarray]:
    return frame.geometry.x.to_numpy(dtype=float), frame.geometry.y.to_numpy(dtype=float)


def distance_km(lon1, lat1, lon2, lat2) -> np.ndarray | float:
    """Geodesic distance(s) in km between points given in degrees (WGS 84).

    Examples
    --------
    >>> round(distance_km(4.4843, 52.1626, 4.3776, 51.9990), 1)  # Leiden - Delft
    19.6
    """
    _, _, metres = GEOD.inv(lon1, lat1, lon2, lat2)
    return np.asarray(metres) / 1000.0 if np.ndim(metres) else float(metres) / 1000.0


def _require_id(frame, hotspot_id: str) -> int:
    matches = np.flatnonzero(frame["id"].to_numpy() == hotspot_id)
    if len(matches) == 0:
        raise KeyError(f"unknown hotspot id {hotspot_id!r}")
    return int(matches[0])


def distances_from(frame, hotspot_id: str) -> pd.Series:
    """Geodesic distance in km from ``hotspot_id`` to every hotspot in ``frame``.

    Returns a Series aligned with ``frame``'s index (0.0 for the hotspot itself).
    Raises ``KeyError`` for an id that is not in ``frame``.
    """
    position = _require_id(frame, hotspot_id)
    lon, lat = _lon_lat(frame)
    origin_lon = np.full_like(lon, lon[position])
    origin_lat = np.full_like(lat, lat[position])
    return pd.Series(distance_km(origin_lon, origin_lat, lon, lat), index=frame.index, name="distance_km")


def by_distance(frame, lon: float, lat: float, within_km: float | None = None):
    """The hotspots with their distance to (lon, lat), nearest first.

    The one ordering of "hotspots around a point" for the map and the
    export: by distance (to the metre), then by case-folded name ("alpha"
    before "Beta"), then by id, so equal distances always sort the same way.

    Parameters
    ----------
    frame : GeoDataFrame
        Hotspots in EPSG:4326 with ``id`` and ``name`` columns.
    lon, lat : float
        The point to measure from, in degrees (WGS 84).
    within_km : float, optional
        Keep only the hotspots at most this far away (inclusive); must be positive.

    Returns
    -------
    GeoDataFrame
        The (kept) rows of ``frame`` with an extra ``distance_km`` column
        (geodesic), in that order.
    """
    if within_km is not None and within_km <= 0:
        raise ValueError(f"within_km must be positive, got {within_km!r}")
    return _nearest_first(frame, float(lon), float(lat), within_km)


def _nearest_first(frame, lon: float, lat: float, within_km: float | None, skip: int | None = None):
    """:func:`by_distance`, leaving out row position ``skip``.

    Ordered in plain Python, then one ``take``: a pandas sort with a key
    function costs milliseconds even for a few dozen rows, and this runs for
    every new view of the map.
    """
    x, y = _lon_lat(frame)
    distances = np.asarray(distance_km(np.full_like(x, lon), np.full_like(y, lat), x, y), dtype=float)
    positions = range(len(frame)) if within_km is None else np.flatnonzero(distances <= within_km).tolist()
    # Distances equal to the metre are a tie (mirror-image positions differ in
    # the last bits); names compare case-folded ("alpha" before "Beta").
    metres, names, ids = np.round(distances, 3).tolist(), frame["name"].tolist(), frame["id"].tolist()
    order = sorted((p for p in positions if p != skip), key=lambda p: (metres[p], names[p].casefold(), ids[p]))
    return frame.iloc[order].assign(distance_km=distances[order])


def hotspots_within(frame, hotspot_id: str, radius_km: float):
    """The other hotspots within ``radius_km`` of ``hotspot_id``, nearest first.

    Parameters
    ----------
    frame : GeoDataFrame
        Hotspots in EPSG:4326 with an ``id`` column.
    hotspot_id : str
        The centre hotspot (must be in ``frame``).
    radius_km : float
        Radius in km (inclusive), must be positive.

    Returns
    -------
    GeoDataFrame
        The rows of ``frame`` within the radius, without the centre, with an
        extra ``distance_km`` column, in the order of :func:`by_distance`.
    """
    if radius_km <= 0:
        raise ValueError(f"radius_km must be positive, got {radius_km!r}")
    position = _require_id(frame, hotspot_id)
    lon, lat = _lon_lat(frame)
    return _nearest_first(frame, float(lon[position]), float(lat[position]), radius_km, skip=position)


def radius_ring(lon: float, lat: float, radius_km: float, vertices: int = 128) -> Polygon:
    """The ring of points ``radius_km`` from (lon, lat), as a WGS 84 polygon.

    Every vertex lies on the geodesic circle (forward geodesic problem), so
    the ring is a true distance ring, not a circle in degrees.
    """
    if radius_km <= 0:
        raise ValueError(f"radius_km must be positive, got {radius_km!r}")
    if vertices < 8:
        raise ValueError(f"vertices must be at least 8, got {vertices!r}")
    azimuths = np.linspace(0.0, 360.0, vertices, endpoint=False)
    ring_lon, ring_lat, _ = GEOD.fwd(
        np.full(vertices, lon), np.full(vertices, lat), azimuths, np.full(vertices, radius_km * 1000.0)
    )
    return Polygon(np.column_stack([ring_lon, ring_lat]))


def pairs_within(frame, radius_km: float) -> pd.DataFrame:
    """All unordered pairs of hotspots at most ``radius_km`` apart.

    Uses a KD-tree (spatial index) on RD New coordinates; distances are
    projected distances corrected for the point scale factor (within 0.01 %
    of the geodesic in the Netherlands), and pairs that close to the radius
    are decided by the exact geodesic.

    Returns
    -------
    DataFrame
        Columns ``id_a``, ``id_b`` (categorical; ``id_a`` comes first in
        ``frame``) and ``distance_km``, in the KD-tree's order (sorting
        millions of pairs would cost more than finding them).
    """
    a, b, km = pair_positions_within(frame, radius_km)
    if len(a) == 0:
        return pd.DataFrame(
            {"id_a": pd.Series(dtype=object), "id_b": pd.Series(dtype=object), "distance_km": pd.Series(dtype=float)}
        )
    # Categorical ids: millions of pairs need no millions of Python strings.
    ids = pd.Categorical(frame["id"].to_numpy())
    return pd.DataFrame(
        {
            "id_a": pd.Categorical.from_codes(ids.codes[a], categories=ids.categories),
            "id_b": pd.Categorical.from_codes(ids.codes[b], categories=ids.categories),
            "distance_km": km,
        }
    )


def pair_positions_within(frame, radius_km: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The search of :func:`pairs_within` as arrays: row positions ``a`` < ``b`` (int32) and ``distance_km``.

    For callers that go on computing on millions of pairs (see
    :func:`hotspots.partners.links`): no ids, no frame. Same pairs and
    distances as :func:`pairs_within`, in the same order.
    """
    if radius_km <= 0:
        raise ValueError(f"radius_km must be positive, got {radius_km!r}")
    none = np.array([], dtype=np.int32)
    if len(frame) < 2:
        return none, none, np.array([], dtype=float)
    lon, lat = _lon_lat(frame)
    x, y = _TO_RD.transform(lon, lat)
    scale = np.sqrt(np.asarray(_RD_PROJ.get_factors(lon, lat).areal_scale))
    tree = cKDTree(np.column_stack([x, y]))
    limit_m = radius_km * 1000.0
    pairs = tree.query_pairs(limit_m * (1 + 2 * _PROJECTED_TOLERANCE) * scale.max(), output_type="ndarray")
    if len(pairs) == 0:
        return none, none, np.array([], dtype=float)
    # int32 positions: half the memory traffic of int64 in the gathers over millions of pairs
    a, b = pairs[:, 0].astype(np.int32), pairs[:, 1].astype(np.int32)  # a < b
    metres = np.hypot(x[a] - x[b], y[a] - y[b])
    metres /= (scale[a] + scale[b]) / 2.0
    borderline = np.flatnonzero(np.abs(metres - limit_m) <= limit_m * _PROJECTED_TOLERANCE)
    if len(borderline):
        _, _, exact = GEOD.inv(lon[a[borderline]], lat[a[borderline]], lon[b[borderline]], lat[b[borderline]])
        metres[borderline] = exact
    keep = metres <= limit_m
    if not keep.all():
        a, b, metres = a[keep], b[keep], metres[keep]
    return a, b, metres / 1000.0
