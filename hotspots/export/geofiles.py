"""The hotspots as map files: GeoJSON (RFC 7946) and GeoPackage, for QGIS, ArcGIS and web maps.

Properties are named as in the data file (slugs), with Dutch labels beside
the slugs. These are data formats, not spreadsheets: text stays as it is.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from hotspots.export._frames import require_frame, require_rows
from hotspots.export.table import (
    ANCHORS,
    CHAINS,
    COLUMNS,
    DISTANCE,
    DV,
    ESTIMATED,
    FOCUS,
    ID,
    LAT,
    LON,
    NAME,
    PHASE,
    PLACE,
    PROVINCE,
    SCOPE,
    SOURCES,
    TYPE,
    sources_text,
)
from hotspots.model import PHASES, PRODUCT_CHAINS, TYPES, label, labels

CRS = "EPSG:4326"
GPKG_LAYER = "hotspots"

# The properties behind each table column (the coordinates are the geometry).
_PROPERTIES = {
    ID: ("id",),
    NAME: ("name",),
    PLACE: ("place",),
    PROVINCE: ("province",),
    SCOPE: ("scope",),
    TYPE: ("types", "type_labels"),
    PHASE: ("phase", "phase_label"),
    CHAINS: ("product_chains", "product_chain_labels"),
    DV: ("digitaal_verbinden",),
    ANCHORS: ("anchors",),
    FOCUS: ("focus",),
    SOURCES: ("sources",),
    ESTIMATED: ("estimated",),
    DISTANCE: ("distance_km",),
    LON: (),
    LAT: (),
}
# Property order in the files: the data file's order, labels beside their slugs.
_PROPERTY_ORDER = [
    name for column in (ID, *(c for c in COLUMNS if c not in (ID, DISTANCE)), DISTANCE) for name in _PROPERTIES[column]
]


def _check_columns(columns: Iterable[str] | None) -> list[str]:
    if columns is None:
        return list(COLUMNS)
    columns = list(columns)
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        raise ValueError(f"unknown columns {unknown!r}; choose from {list(COLUMNS)!r}")
    return columns


def _property_names(frame: pd.DataFrame, columns: Iterable[str] | None) -> list[str]:
    chosen = {name for column in _check_columns(columns) for name in _PROPERTIES[column]}
    if "distance_km" not in frame.columns:
        chosen.discard("distance_km")
    return [name for name in _PROPERTY_ORDER if name in chosen]


def _properties(row: Mapping[str, Any], names: list[str]) -> dict[str, Any]:
    values = {
        "id": row["id"],
        "name": row["name"],
        "place": row["place"],
        "province": row["province"],
        "scope": row["scope"],
        "types": list(row["types"]),
        "type_labels": labels(TYPES, row["types"]),
        "phase": row["phase"],
        "phase_label": label(PHASES, row["phase"]),
        "product_chains": list(row["product_chains"]),
        "product_chain_labels": labels(PRODUCT_CHAINS, row["product_chains"]),
        "digitaal_verbinden": bool(row["digitaal_verbinden"]),
        "anchors": list(row["anchors"]),
        "focus": row["focus"],
        "sources": [{"seed": s.get("seed", ""), "section": s.get("section", "")} for s in row["sources"]],
        "estimated": list(row["estimated"]),
    }
    if "distance_km" in names:
        values["distance_km"] = round(float(row["distance_km"]), 1)
    return {name: values[name] for name in names}


def _geo_frame(frame: object) -> gpd.GeoDataFrame:
    require_frame(frame)
    if not isinstance(frame, gpd.GeoDataFrame):
        raise TypeError(f"frame must be a GeoDataFrame, got {type(frame).__name__}")
    require_rows(frame)
    return frame.to_crs(CRS) if frame.crs is not None and frame.crs != CRS else frame


def to_geojson(frame: gpd.GeoDataFrame, columns: Iterable[str] | None = None) -> bytes:
    """An RFC 7946 FeatureCollection (WGS 84, longitude first) of the hotspots, UTF-8.

    Parameters
    ----------
    frame : GeoDataFrame
        The rows of the table (:func:`hotspots.export.table_rows`), in their order.
    columns : iterable of str, optional
        Table headers (:data:`hotspots.export.COLUMNS`) whose properties to
        include; all by default. "Lengtegraad" and "Breedtegraad" are the
        geometry and add nothing.

    Returns
    -------
    bytes
        One feature per line. Properties as in the data file (slugs, lists
        as JSON arrays), with Dutch labels beside the slugs (``type_labels``,
        ``phase_label``, ``product_chain_labels``) and ``distance_km`` when
        the rows have a distance. With every column the file is a valid
        Hotspotkaart data file again.
    """
    frame = _geo_frame(frame)
    names = _property_names(frame, columns)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [row.geometry.x, row.geometry.y]},
            "properties": _properties(row, names),
        }
        for _, row in frame.iterrows()
    ]
    # One feature per line: compact, yet readable and diffable.
    lines = ",\n".join(json.dumps(feature, ensure_ascii=False) for feature in features)
    return f'{{"type": "FeatureCollection", "features": [\n{lines}\n]}}\n'.encode()


def _joined(value: object) -> object:
    # GeoPackage has no list type: lists become "a; b" text, sources as in the table.
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return sources_text(value)
        return "; ".join(str(v) for v in value)
    return value


def to_geopackage(frame: gpd.GeoDataFrame, columns: Iterable[str] | None = None) -> bytes:
    """A GeoPackage with one layer, "hotspots" (EPSG:4326), with the properties of :func:`to_geojson`.

    Parameters
    ----------
    frame : GeoDataFrame
        The rows of the table (:func:`hotspots.export.table_rows`), in their order.
    columns : iterable of str, optional
        Table headers whose properties to include, as for :func:`to_geojson`.

    Returns
    -------
    bytes
        The ``.gpkg`` file. Lists are joined into text
        ("engineering; wetenschapsgedreven"; sources as
        "001_...txt §3.4; 003_...txt tabel").
    """
    frame = _geo_frame(frame)
    names = _property_names(frame, columns)
    records = [{name: _joined(value) for name, value in _properties(row, names).items()} for _, row in frame.iterrows()]
    layer = gpd.GeoDataFrame(
        pd.DataFrame.from_records(records, columns=names),
        geometry=gpd.GeoSeries(frame.geometry.to_numpy(), crs=CRS),
        crs=CRS,
    )
    with tempfile.TemporaryDirectory(prefix="hotspots-export-") as folder:
        path = Path(folder) / "hotspots.gpkg"
        layer.to_file(path, driver="GPKG", layer=GPKG_LAYER, engine="pyogrio")
        return path.read_bytes()
