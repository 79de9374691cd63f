"""The hotspots as map files: GeoJSON (RFC 7946) and GeoPackage, for QGIS, ArcGIS and web maps.

Their attributes are exactly the table's columns (:func:`hotspots.export.table`):
the Dutch headers, the ja/nee column per type and per product chain, the
values as the table shows them, in its order, so a file holds what the page
promises ("precies de rijen en kolommen van de tabel"). The coordinates are
also the geometry. These are data formats, not spreadsheets: text stays as
it is (no apostrophe in front of a "=").
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from hotspots.export._frames import require_frame, require_rows
from hotspots.export.table import _NUMERIC, COLUMNS, table, with_flags

CRS = "EPSG:4326"
GPKG_LAYER = "hotspots"


def _check_columns(columns: Iterable[str] | None) -> list[str]:
    if columns is None:
        return list(COLUMNS)
    columns = list(columns)
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        raise ValueError(f"unknown columns {unknown!r}; choose from {list(COLUMNS)!r}")
    return columns


def _table(frame: gpd.GeoDataFrame, columns: Iterable[str] | None) -> pd.DataFrame:
    """The table of ``frame`` with the chosen columns (and their ja/nee columns), as the page shows it."""
    full = table(frame)
    return full[[c for c in with_flags(_check_columns(columns)) if c in full.columns]]


def _value(column: str, value: Any) -> float | str:
    return float(value) if column in _NUMERIC else str(value)


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
        Table headers (:data:`hotspots.export.COLUMNS`) to include, each with
        its ja/nee columns (:func:`hotspots.export.with_flags`); all by default.

    Returns
    -------
    bytes
        One feature per line. Properties: the table's columns, named and
        valued as in the table (Dutch headers, "ja"/"nee", labels; distance
        and coordinates as numbers), in its order.
    """
    frame = _geo_frame(frame)
    cells = _table(frame, columns)
    names = list(cells.columns)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [point.x, point.y]},
            "properties": {name: _value(name, value) for name, value in zip(names, values, strict=True)},
        }
        for point, values in zip(frame.geometry, cells.itertuples(index=False, name=None), strict=True)
    ]
    # One feature per line: compact, yet readable and diffable.
    lines = ",\n".join(json.dumps(feature, ensure_ascii=False) for feature in features)
    return f'{{"type": "FeatureCollection", "features": [\n{lines}\n]}}\n'.encode()


def to_geopackage(frame: gpd.GeoDataFrame, columns: Iterable[str] | None = None) -> bytes:
    """A GeoPackage with one layer, "hotspots" (EPSG:4326), with the table's columns as fields.

    Parameters
    ----------
    frame : GeoDataFrame
        The rows of the table (:func:`hotspots.export.table_rows`), in their order.
    columns : iterable of str, optional
        Table headers whose properties to include, as for :func:`to_geojson`.

    Returns
    -------
    bytes
        The ``.gpkg`` file: the fields of :func:`to_geojson` (the table's
        Dutch headers, text fields, distance and coordinates as reals).
    """
    frame = _geo_frame(frame)
    cells = _table(frame, columns).reset_index(drop=True)
    layer = gpd.GeoDataFrame(
        cells,
        geometry=gpd.GeoSeries(frame.geometry.to_numpy(), crs=CRS),
        crs=CRS,
    )
    with tempfile.TemporaryDirectory(prefix="hotspots-export-") as folder:
        path = Path(folder) / "hotspots.gpkg"
        layer.to_file(path, driver="GPKG", layer=GPKG_LAYER, engine="pyogrio")
        return path.read_bytes()
