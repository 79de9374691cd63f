"""The export table: the hotspots in the order every file shows them, with Dutch headers.

:func:`table_rows` picks and orders the hotspots (nearest first around a
selected hotspot, else by name); :func:`table` turns them into the table
the page shows and the spreadsheets hold. Type, phase, product chains,
Digitaal Verbinden and anchors are the hotspot's facts from
:func:`hotspots.describe.facts`, worded as on the map.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from hotspots import geo
from hotspots.describe import FACT_LABELS, facts
from hotspots.export._frames import require_frame
from hotspots.model import ESTIMABLE_FIELDS, PRODUCT_CHAINS, SCOPES, TYPES, label

# Table headers. The facts keep their own labels, so a header always names
# the fact beneath it.
NAME, PLACE, DISTANCE, PROVINCE, SCOPE = "Naam", "Plaats", "Afstand (km)", "Provincie", "Schaal"
TYPE, PHASE, CHAINS, DV, ANCHORS = FACT_LABELS
FOCUS, SOURCES, ESTIMATED = "Focus", "Bronnen", "Inschattingen"
LON, LAT, ID = "Lengtegraad", "Breedtegraad", "id"
#: Every column in display order. The distance column only exists when a
#: hotspot is selected; it goes right after the place.
COLUMNS = (
    NAME, PLACE, DISTANCE, PROVINCE, SCOPE, TYPE, PHASE, CHAINS, DV, ANCHORS, FOCUS, SOURCES, ESTIMATED, LON, LAT, ID,
)  # fmt: skip
_NUMERIC = (DISTANCE, LON, LAT)
YES, NO = "ja", "nee"
#: One ja/nee column per type and per product chain, so a spreadsheet filter
#: on one value gives exactly the hotspots with it (a hotspot can have more
#: than one). They always come with their parent column, right after it;
#: the column picker offers only the parent (:func:`with_flags`).
TYPE_FLAGS = {f"Type: {term.label}": slug for slug, term in TYPES.items()}
CHAIN_FLAGS = {f"Productketen: {term.label}": slug for slug, term in PRODUCT_CHAINS.items()}
FLAG_COLUMNS = {TYPE: tuple(TYPE_FLAGS), CHAINS: tuple(CHAIN_FLAGS)}


def table_rows(
    frame: gpd.GeoDataFrame, around: tuple[float, float] | None = None, within_km: float | None = None
) -> gpd.GeoDataFrame:
    """The hotspots of the table, in the order the table and every file show them.

    Parameters
    ----------
    frame : GeoDataFrame
        The filtered hotspots (EPSG:4326), as loaded by :mod:`hotspots.io`.
    around : (lon, lat), optional
        The selected hotspot's position: adds a ``distance_km`` column
        (geodesic) and orders as :func:`hotspots.geo.by_distance` does,
        nearest first, the same order as the map's list of nearby hotspots.
    within_km : float, optional
        With ``around``: keep only the hotspots at most this far away.

    Returns
    -------
    GeoDataFrame
        Without ``around``: sorted by case-folded name, then id. With it:
        by distance, then case-folded name, then id.

    Examples
    --------
    >>> rows = table_rows(shown, around=(4.3776, 51.9990), within_km=80)  # doctest: +SKIP
    """
    require_frame(frame)
    if within_km is not None and around is None:
        raise ValueError("within_km needs a position to measure from (around)")
    if around is None:
        # The tie rule of geo.by_distance, without the distance.
        return frame.sort_values(["name", "id"], key=_casefold_names)
    lon, lat = around
    return geo.by_distance(frame, float(lon), float(lat), within_km=within_km)


def _casefold_names(column: pd.Series) -> pd.Series:
    return column.map(str.casefold) if column.name == "name" else column


def sources_text(sources: Iterable[Mapping[str, Any]]) -> str:
    """The "Bronnen" cell: '001_....txt §3.4; 003_....txt tabel'."""
    return "; ".join(f"{s.get('seed', '')} {s.get('section', '')}".strip() for s in sources)


def with_flags(columns: Iterable[str]) -> list[str]:
    """``columns`` with the ja/nee columns of :data:`FLAG_COLUMNS` right after their parent.

    Examples
    --------
    >>> with_flags(["Naam", "Type"])
    ['Naam', 'Type', 'Type: Creatief-urbaan', 'Type: Engineering', 'Type: Wetenschapsgedreven']
    """
    return [name for column in columns for name in (column, *FLAG_COLUMNS.get(column, ()))]


def _yes(value: bool) -> str:
    return YES if value else NO


def _cells(row: Mapping[str, Any]) -> dict[str, str]:
    types, chains = set(row["types"]), set(row["product_chains"])
    return {
        NAME: row["name"],
        PLACE: row["place"],
        PROVINCE: row["province"],
        SCOPE: label(SCOPES, row["scope"]),
        # The values alone: which of them are estimates is in "Inschattingen".
        **{fact.label: fact.value for fact in facts(row)},
        **{column: _yes(slug in types) for column, slug in TYPE_FLAGS.items()},
        **{column: _yes(slug in chains) for column, slug in CHAIN_FLAGS.items()},
        FOCUS: row["focus"],
        SOURCES: sources_text(row["sources"]),
        ESTIMATED: ", ".join(label(ESTIMABLE_FIELDS, e).lower() for e in row["estimated"]),
        ID: row["id"],
    }


def table(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    """The hotspots as a table with Dutch headers, one row per hotspot, in ``frame``'s order.

    Type, phase, product chains, Digitaal Verbinden ("besproken" or "niet
    besproken") and anchors are the values of :func:`hotspots.describe.facts`:
    Dutch labels, ", " between labels and "; " between anchors ("—" for
    none), without "(inschatting)": "Inschattingen" lists every estimated
    field, so a filter on a value gives exactly the hotspots with it. After
    "Type" and "Productketens" come their ja/nee columns
    (:data:`FLAG_COLUMNS`, e.g. "Type: Engineering"). "Bronnen" is
    :func:`sources_text`. "Afstand (km)" (rounded to 0.1 km) is there only
    when ``frame`` has a ``distance_km`` column (see :func:`table_rows`).

    Parameters
    ----------
    frame : GeoDataFrame
        Hotspots in EPSG:4326, usually from :func:`table_rows`.

    Returns
    -------
    DataFrame
        Columns in the order of :data:`COLUMNS` with :func:`with_flags`, text as ``str``, distance
        and coordinates as floats, a fresh 0-based index.
    """
    require_frame(frame)
    records = [_cells(row) for row in frame.to_dict("records")]
    result = pd.DataFrame.from_records(records, columns=[c for c in with_flags(COLUMNS) if c not in _NUMERIC])
    result[LON] = np.round(frame.geometry.x.to_numpy(dtype=float), 6)
    result[LAT] = np.round(frame.geometry.y.to_numpy(dtype=float), 6)
    if "distance_km" in frame.columns:
        result[DISTANCE] = np.round(frame["distance_km"].to_numpy(dtype=float), 1)
    result = result[[c for c in with_flags(COLUMNS) if c in result.columns]]
    return result.astype({c: str for c in result.columns if c not in _NUMERIC})


def available_columns(table_frame: pd.DataFrame) -> list[str]:
    """The columns a user can choose from for this table, in display order.

    The ja/nee columns are not among them: they come with their parent (:func:`with_flags`).
    """
    return [c for c in COLUMNS if c in table_frame.columns]
