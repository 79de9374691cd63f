"""The table of filtered hotspots, and that table as CSV, Excel, GeoJSON and GeoPackage bytes.

Every export holds exactly the rows of :func:`table_rows` (in that order)
and the columns the user chose, so a file always matches the table on the
page. The functions return bytes and never touch Streamlit.

Spreadsheets evaluate cells that start with ``=``, ``+``, ``-`` or ``@``
(OWASP "CSV injection"): text cells that do are prefixed with a single
quote in the CSV and Excel files, and Excel strings are never written as
formulas. GeoJSON and GeoPackage are data formats, not spreadsheets, and
keep the text as it is.

Typical use: ``rows = table_rows(shown, around=(lon, lat))``, then
``to_csv_excel_nl(table(rows)[columns])`` or ``to_geojson(rows, columns)``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import xlsxwriter

from hotspots import geo
from hotspots.filters import CHAIN_CHOICES, NO_CHAIN
from hotspots.model import (
    ESTIMABLE_FIELDS,
    PHASES,
    PRODUCT_CHAINS,
    SCOPES,
    SEED_TITLES,
    TYPES,
    label,
    labels,
)
from hotspots.viewstate import ViewState, summary

CRS = "EPSG:4326"
GPKG_LAYER = "hotspots"
ESTIMATE = "inschatting"

# Table headers, in display order. The distance column only exists when a
# hotspot is selected; it goes right after the place.
NAME, PLACE, DISTANCE, PROVINCE, SCOPE = "Naam", "Plaats", "Afstand (km)", "Provincie", "Schaal"
TYPE, PHASE, CHAINS, DV = "Type", "Fase", "Productketens", "Digitaal Verbinden"
ANCHORS, FOCUS, SOURCES, ESTIMATED = "Ankers", "Focus", "Bronnen", "Inschattingen"
LON, LAT, ID = "Lengtegraad", "Breedtegraad", "id"
COLUMNS = (
    NAME, PLACE, DISTANCE, PROVINCE, SCOPE, TYPE, PHASE, CHAINS, DV, ANCHORS, FOCUS, SOURCES, ESTIMATED, LON, LAT, ID,
)  # fmt: skip

# The GeoJSON/GeoPackage properties behind each table column (the
# coordinates are the geometry). Slugs as in the data, plus Dutch labels.
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

MIME_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
}

# OWASP CSV injection: a cell starting with one of these is a formula to
# Excel or LibreOffice. Full-width forms too, which some spreadsheets fold.
_FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_CONTROL_STARTS = ("\t", "\r", "\n")
MAX_SUMMARY_LENGTH = 60


def _require_frame(frame, name: str = "frame") -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a DataFrame, got {type(frame).__name__}")


def _require_rows(frame: pd.DataFrame) -> None:
    # An empty selection must never become an empty file.
    if frame.empty:
        raise ValueError("nothing to export: the selection holds no hotspots")


def _check_columns(columns: Iterable[str] | None) -> list[str]:
    if columns is None:
        return list(COLUMNS)
    columns = list(columns)
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        raise ValueError(f"unknown columns {unknown!r}; choose from {list(COLUMNS)!r}")
    return columns


# --- the rows and the table -------------------------------------------------


def table_rows(frame: gpd.GeoDataFrame, around: tuple[float, float] | None = None, within_km: float | None = None):
    """The hotspots of the table, in the order the table and every file show them.

    Parameters
    ----------
    frame : GeoDataFrame
        The filtered hotspots (EPSG:4326), as loaded by :mod:`hotspots.io`.
    around : (lon, lat), optional
        The selected hotspot's position: adds a ``distance_km`` column
        (geodesic) and sorts nearest first.
    within_km : float, optional
        With ``around``: keep only the hotspots at most this far away.

    Returns
    -------
    GeoDataFrame
        Sorted by name, or by distance then name.
    """
    _require_frame(frame)
    if within_km is not None and around is None:
        raise ValueError("within_km needs a position to measure from (around)")
    if within_km is not None and within_km <= 0:
        raise ValueError(f"within_km must be positive, got {within_km!r}")
    rows = frame.assign(_name_key=frame["name"].map(str.casefold))
    keys = ["_name_key"]
    if around is not None:
        lon, lat = around
        distances = geo.distance_km(
            np.full(len(rows), float(lon)), np.full(len(rows), float(lat)), rows.geometry.x, rows.geometry.y
        )
        rows = rows.assign(distance_km=np.asarray(distances, dtype=float))
        if within_km is not None:
            rows = rows[rows["distance_km"] <= within_km]
        keys = ["distance_km", "_name_key"]
    return rows.sort_values(keys, kind="stable").drop(columns="_name_key")


def _marked(text: str, field: str, estimated: Sequence[str]) -> str:
    return f"{text} ({ESTIMATE})" if field in estimated else text


def _sources_text(sources: Iterable[dict]) -> str:
    return "; ".join(f"{s.get('seed', '')} {s.get('section', '')}".strip() for s in sources)


def _table_row(row) -> dict:
    estimated = list(row["estimated"])
    chains = ", ".join(labels(PRODUCT_CHAINS, row["product_chains"])) or "geen"
    return {
        NAME: row["name"],
        PLACE: row["place"],
        PROVINCE: row["province"],
        SCOPE: label(SCOPES, row["scope"]),
        TYPE: _marked(", ".join(labels(TYPES, row["types"])), "types", estimated),
        PHASE: _marked(label(PHASES, row["phase"]), "phase", estimated),
        CHAINS: _marked(chains, "product_chains", estimated),
        DV: "ja" if row["digitaal_verbinden"] else "nee",
        ANCHORS: "; ".join(row["anchors"]),
        FOCUS: row["focus"],
        SOURCES: _sources_text(row["sources"]),
        ESTIMATED: ", ".join(label(ESTIMABLE_FIELDS, e).lower() for e in estimated),
        ID: row["id"],
    }


def table(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    """The hotspots as a table with Dutch headers, one row per hotspot, in ``frame``'s order.

    Types, phase, product chains and scope carry their Dutch labels; a value
    that is an editorial estimate ends in "(inschatting)" and the
    "Inschattingen" column lists every estimated field. Lists are joined
    ("; " for anchors and sources, ", " for labels). "Afstand (km)" (rounded
    to 0.1 km) is there only when ``frame`` has a ``distance_km`` column
    (see :func:`table_rows`).

    Parameters
    ----------
    frame : GeoDataFrame
        Hotspots in EPSG:4326, usually from :func:`table_rows`.

    Returns
    -------
    DataFrame
        Columns in the order of :data:`COLUMNS`, a fresh 0-based index.
    """
    _require_frame(frame)
    records = [_table_row(row) for _, row in frame.iterrows()]
    result = pd.DataFrame.from_records(records, columns=[c for c in COLUMNS if c not in (DISTANCE, LON, LAT)])
    result[LON] = np.round(frame.geometry.x.to_numpy(dtype=float), 6)
    result[LAT] = np.round(frame.geometry.y.to_numpy(dtype=float), 6)
    if "distance_km" in frame.columns:
        result[DISTANCE] = np.round(frame["distance_km"].to_numpy(dtype=float), 1)
    result = result[[c for c in COLUMNS if c in result.columns]]
    return result.astype({c: str for c in result.columns if c not in (DISTANCE, LON, LAT)})


def available_columns(table_frame: pd.DataFrame) -> list[str]:
    """The columns a user can choose from for this table (in display order)."""
    return [c for c in COLUMNS if c in table_frame.columns]


# --- spreadsheet safety -----------------------------------------------------


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could take ``text`` as a formula (OWASP CSV injection)."""
    return text.startswith(_CONTROL_STARTS) or text.lstrip().startswith(_FORMULA_STARTS)


def neutralise_text(text: str) -> str:
    """``text`` with a leading ``'`` if a spreadsheet could take it as a formula."""
    return "'" + text if is_formula_like(text) else text


def _is_text_column(series: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(series) or pd.api.types.is_object_dtype(series)


def neutralise(table_frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of the table whose text cells cannot run as formulas; numbers stay numbers."""
    _require_frame(table_frame, "table")
    result = table_frame.copy()
    for column in result.columns:
        if _is_text_column(result[column]):
            result[column] = result[column].map(lambda v: neutralise_text(v) if isinstance(v, str) else v)
    return result


# --- CSV --------------------------------------------------------------------


def _csv(table_frame: pd.DataFrame, sep: str, decimal: str) -> str:
    _require_frame(table_frame, "table")
    _require_rows(table_frame)
    return neutralise(table_frame).to_csv(
        sep=sep, decimal=decimal, index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL
    )


def to_csv_excel_nl(table_frame: pd.DataFrame) -> bytes:
    """CSV for Excel with Dutch settings: ``;`` between fields, decimal comma, UTF-8 with BOM.

    The BOM makes Excel read UTF-8 (``Fryslân``); Dutch Excel splits on ``;``
    and reads ``19,6`` as a number. Text cells are neutralised.
    """
    return _csv(table_frame, sep=";", decimal=",").encode("utf-8-sig")


def to_csv(table_frame: pd.DataFrame) -> bytes:
    """Plain CSV (RFC 4180): ``,`` between fields, decimal point, UTF-8 without BOM."""
    return _csv(table_frame, sep=",", decimal=".").encode("utf-8")


# --- Excel ------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """One block of the "Toelichting" sheet: a title and (term, explanation) rows."""

    title: str
    rows: tuple[tuple[str, str], ...]


def _choice_text(chosen: frozenset[str], allowed: Sequence[str], name_of) -> str:
    if set(allowed) <= chosen:
        return "alle"
    if not chosen:
        return "geen (dus geen hotspots)"
    return ", ".join(name_of(v) for v in allowed if v in chosen)


def _chain_name(slug: str) -> str:
    return "geen productketen" if slug == NO_CHAIN else label(PRODUCT_CHAINS, slug)


def filter_rows(view: ViewState, hotspot_name: str | None = None, within_radius: bool = False):
    """The active filters and radius in plain Dutch, as (term, value) rows."""
    f = view.filters
    dv = {None: "alle", True: "besproken", False: "niet besproken"}[f.digitaal_verbinden]
    rows = [
        ("Schaal", _choice_text(f.scopes, tuple(SCOPES), lambda s: label(SCOPES, s))),
        ("Type", _choice_text(f.types, tuple(TYPES), lambda s: label(TYPES, s))),
        ("Fase", _choice_text(f.phases, tuple(PHASES), lambda s: label(PHASES, s))),
        ("Productketen", _choice_text(f.chains, CHAIN_CHOICES, _chain_name)),
        ("Digitaal Verbinden", dv),
        ("Zoektekst", f.query or "geen"),
        ("Straal", f"{view.radius_km} km"),
        ("Geselecteerde hotspot", hotspot_name or "geen"),
    ]
    if hotspot_name:
        rows.append(
            (
                "Alleen binnen de straal",
                f"ja, alleen hotspots binnen {view.radius_km} km van {hotspot_name}" if within_radius else "nee",
            )
        )
    return tuple(rows)


def _format_time(moment: dt.datetime) -> str:
    text = moment.strftime("%Y-%m-%d %H:%M")
    zone = moment.tzname()
    return f"{text} ({zone})" if zone else text


def explanation(
    view: ViewState,
    frame: pd.DataFrame,
    *,
    columns: Sequence[str],
    source: str,
    exported_at: dt.datetime,
    hotspot_name: str | None = None,
    within_radius: bool = False,
) -> list[Section]:
    """What the "Toelichting" sheet says: when, which filters, the sources, what the values mean.

    Parameters
    ----------
    view : ViewState
        The filters, radius and selected hotspot of the export.
    frame : DataFrame
        The exported hotspots (for the count and the sources they cite).
    columns : sequence of str
        The exported columns.
    source : str
        The data file's name.
    exported_at : datetime
        The moment of the export (shown as ``YYYY-MM-DD HH:MM``, with its zone).
    hotspot_name : str, optional
        Name of the selected hotspot.
    within_radius : bool
        Whether only hotspots within the radius are exported.
    """
    cited = sorted({s.get("seed", "") for sources in frame["sources"] for s in sources} - {""})
    return [
        Section(
            "Export",
            (
                ("Gemaakt met", "Hotspotkaart, pagina Tabel & export"),
                ("Datum en tijd", _format_time(exported_at)),
                ("Aantal hotspots", str(len(frame))),
                ("Kolommen", ", ".join(columns)),
                ("Gegevensbestand", source),
                ("Volgorde", "op afstand, dan op naam" if "distance_km" in frame.columns else "op naam"),
            ),
        ),
        Section("Filters", filter_rows(view, hotspot_name, within_radius)),
        Section(
            "Bronnen",
            (
                *((seed, SEED_TITLES.get(seed, "")) for seed in cited),
                (
                    "Kolom Bronnen",
                    "Per hotspot het bronbestand en de paragraaf of het onderdeel waar hij genoemd wordt.",
                ),
            ),
        ),
        Section("Typen (AWTI 2014, hoofdstuk 3)", tuple((t.label, t.explanation) for t in TYPES.values())),
        Section("Fasen (levenscyclus, AWTI 2014, §2.4)", tuple((t.label, t.explanation) for t in PHASES.values())),
        Section(
            "Productketens (ActieAgenda, Actielijn 1)",
            (*((t.label, t.explanation) for t in PRODUCT_CHAINS.values()), ("geen", "Geen productketen besproken.")),
        ),
        Section(
            "Digitaal Verbinden",
            (("ja / nee", "Actielijn 2 van de ActieAgenda: is Digitaal Verbinden bij deze hotspot besproken?"),),
        ),
        Section(
            "Inschattingen",
            (
                ("(inschatting)", "De bronnen noemen deze waarde niet; het is een redactionele inschatting."),
                *((t.label, t.explanation) for t in ESTIMABLE_FIELDS.values()),
            ),
        ),
        Section(
            "Veiligheid",
            (
                (
                    "Apostrof vooraan",
                    "Tekst die begint met =, +, -, @, een tab of een regeleinde staat er met een ' voor, "
                    "zodat Excel en LibreOffice er nooit een formule van maken.",
                ),
            ),
        ),
    ]


def _width(values: Iterable[str], header: str) -> int:
    longest = max((len(line) for value in values for line in str(value).splitlines() or [""]), default=0)
    return max(8, min(60, max(longest, len(header)) + 2))


_NUMBER_FORMATS = {DISTANCE: "0.0", LON: "0.000000", LAT: "0.000000"}


def to_xlsx(table_frame: pd.DataFrame, sections: Sequence[Section] = ()) -> bytes:
    """An Excel workbook: sheet "Hotspots" with the table, sheet "Toelichting" with ``sections``.

    The header row is bold and frozen, with an autofilter; columns are as
    wide as their content (up to 60 characters). Numbers are numeric cells;
    text is written as text only (never as a formula, number or link) and
    neutralised as in the CSV files.
    """
    _require_frame(table_frame, "table")
    _require_rows(table_frame)
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    with xlsxwriter.Workbook(buffer, options) as workbook:
        bold = workbook.add_format({"bold": True})
        number_formats = {c: workbook.add_format({"num_format": f}) for c, f in _NUMBER_FORMATS.items()}
        sheet = workbook.add_worksheet("Hotspots")
        safe = neutralise(table_frame)
        for col, column in enumerate(safe.columns):
            sheet.write_string(0, col, str(column), bold)
            values = safe[column]
            if _is_text_column(values):
                for row, value in enumerate(values, start=1):
                    sheet.write_string(row, col, "" if value is None else str(value))
                sheet.set_column(col, col, _width(values, str(column)))
            else:
                number_format = number_formats.get(column)
                for row, value in enumerate(values, start=1):
                    if pd.isna(value):
                        sheet.write_blank(row, col, None)
                    else:
                        sheet.write_number(row, col, float(value), number_format)
                sheet.set_column(col, col, max(len(str(column)) + 4, 12))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, len(safe), len(safe.columns) - 1)

        notes = workbook.add_worksheet("Toelichting")
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        top = workbook.add_format({"valign": "top"})
        notes.set_column(0, 0, 34)
        notes.set_column(1, 1, 100)
        notes.write_string(0, 0, "Toelichting bij de export van de Hotspotkaart", workbook.add_format({"bold": True}))
        row = 2
        for section in sections:
            notes.write_string(row, 0, neutralise_text(section.title), bold)
            row += 1
            for term, text in section.rows:
                notes.write_string(row, 0, neutralise_text(term), top)
                notes.write_string(row, 1, neutralise_text(text), wrap)
                row += 1
            row += 1
    return buffer.getvalue()


# --- GeoJSON and GeoPackage -----------------------------------------------


def _properties(row, names: list[str]) -> dict:
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


def _property_names(frame: pd.DataFrame, columns: Iterable[str] | None) -> list[str]:
    chosen = {name for column in _check_columns(columns) for name in _PROPERTIES[column]}
    if "distance_km" not in frame.columns:
        chosen.discard("distance_km")
    return [name for name in _PROPERTY_ORDER if name in chosen]


def _geo_frame(frame) -> gpd.GeoDataFrame:
    _require_frame(frame)
    if not isinstance(frame, gpd.GeoDataFrame):
        raise TypeError(f"frame must be a GeoDataFrame, got {type(frame).__name__}")
    _require_rows(frame)
    return frame.to_crs(CRS) if frame.crs is not None and frame.crs != CRS else frame


def to_geojson(frame: gpd.GeoDataFrame, columns: Iterable[str] | None = None) -> bytes:
    """An RFC 7946 FeatureCollection (WGS 84, longitude first) of the hotspots, UTF-8.

    Properties are named as in the data file (slugs, lists as JSON arrays),
    with Dutch labels beside the slugs (``type_labels``, ``phase_label``,
    ``product_chain_labels``) and ``distance_km`` when the rows have a
    distance. ``columns`` (table headers) limits the properties; with every
    column the file is a valid Hotspotkaart data file again.
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


def _joined(value) -> object:
    """GeoPackage has no list type: lists become "a; b" text."""
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return _sources_text(value)
        return "; ".join(str(v) for v in value)
    return value


def to_geopackage(frame: gpd.GeoDataFrame, columns: Iterable[str] | None = None) -> bytes:
    """A GeoPackage (layer "hotspots", EPSG:4326) with the properties of :func:`to_geojson`.

    Lists are joined into text ("engineering; wetenschapsgedreven"; sources
    as "001_...txt §3.4; 003_...txt tabel").
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


# --- file names ---------------------------------------------------------------


def _safe_stem(text: str, limit: int) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    ascii_text = re.sub(r"[^a-z0-9_-]+", "-", ascii_text)
    ascii_text = re.sub(r"-{2,}", "-", re.sub(r"_{2,}", "_", ascii_text)).strip("-_")
    if len(ascii_text) > limit:
        cut = ascii_text[:limit]
        boundary = max(cut.rfind("_"), cut.rfind("-"))
        ascii_text = (cut[:boundary] if boundary > limit // 2 else cut).strip("-_")
    return ascii_text


def export_filename(view: ViewState, ext: str, today: dt.date, *, within_radius: bool = False) -> str:
    """``hotspots_<short filter summary>_<YYYY-MM-DD>.<ext>``, safe on every file system.

    The summary (:func:`hotspots.viewstate.summary`) names the active
    filters; "rond-<id>-<R>km" is added only when the rows are limited to the
    radius around the selected hotspot. ASCII letters, digits, ``-`` and
    ``_`` only, at most :data:`MAX_SUMMARY_LENGTH` characters of summary.

    Examples
    --------
    >>> export_filename(ViewState(), "csv", dt.date(2025, 3, 1))
    'hotspots_alle_2025-03-01.csv'
    """
    if not isinstance(today, dt.date):
        raise TypeError(f"today must be a date, got {type(today).__name__}")
    if not isinstance(ext, str) or not re.fullmatch(r"[a-z0-9]+(?:[.-][a-z0-9]+)*", ext):
        raise ValueError(f"ext must be a plain extension such as 'csv', got {ext!r}")
    stem = summary(view.with_(hotspot=None))
    if within_radius and view.hotspot:
        around = summary(ViewState(hotspot=view.hotspot, radius_km=view.radius_km))
        stem = around if stem == "alle" else f"{stem}_{around}"
    stem = _safe_stem(stem, MAX_SUMMARY_LENGTH) or "alle"
    return f"hotspots_{stem}_{today.isoformat()}.{ext}"
