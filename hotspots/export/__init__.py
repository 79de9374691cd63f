"""The table of filtered hotspots, and that table as CSV, Excel, GeoJSON and GeoPackage bytes.

Every export holds exactly the rows of :func:`table_rows` (in that order)
and the columns the user chose, so a file always matches the table on the
page. The functions return bytes and never touch Streamlit.

One module per concern:

- :mod:`~hotspots.export.table`: which rows, in which order, and the table
  with Dutch headers (:func:`table_rows`, :func:`table`, :data:`COLUMNS`),
  with a ja/nee column per type and product chain (:func:`with_flags`).
- :mod:`~hotspots.export.safety`: text a spreadsheet would run as a
  formula, made inert (:func:`neutralise`).
- :mod:`~hotspots.export.spreadsheet`: CSV for Dutch Excel, plain CSV and
  Excel (:func:`to_csv_excel_nl`, :func:`to_csv`, :func:`to_xlsx`).
- :mod:`~hotspots.export.explanation`: the Excel "Toelichting" sheet
  (:func:`explanation`).
- :mod:`~hotspots.export.geofiles`: GeoJSON and GeoPackage
  (:func:`to_geojson`, :func:`to_geopackage`).
- :mod:`~hotspots.export.naming`: file names (:func:`export_filename`).
- :mod:`~hotspots.export.formats`: the formats' labels, extensions, MIME
  types and writers (:data:`FORMATS`).

Examples
--------
>>> rows = table_rows(shown, around=(lon, lat))  # doctest: +SKIP
>>> to_csv_excel_nl(table(rows)[columns])  # doctest: +SKIP
>>> to_geojson(rows, columns)  # doctest: +SKIP
"""

from hotspots.export.explanation import Section, explanation, filter_rows
from hotspots.export.formats import FORMATS, MIME_TYPES, ExportFormat, mime_type
from hotspots.export.geofiles import CRS, GPKG_LAYER, to_geojson, to_geopackage
from hotspots.export.links import (
    LINK_TABLE_COLUMNS,
    links_explanation,
    links_filename,
    links_sheet_name,
    links_table,
    selection_links,
)
from hotspots.export.naming import MAX_SUMMARY_LENGTH, export_filename
from hotspots.export.safety import is_formula_like, neutralise, neutralise_text
from hotspots.export.spreadsheet import to_csv, to_csv_excel_nl, to_xlsx
from hotspots.export.table import (
    ANCHORS,
    CHAIN_FLAGS,
    CHAINS,
    COLUMNS,
    DISTANCE,
    DV,
    ESTIMATED,
    FLAG_COLUMNS,
    FOCUS,
    ID,
    LAT,
    LON,
    NAME,
    NO,
    PHASE,
    PLACE,
    PROVINCE,
    SCOPE,
    SOURCES,
    TYPE,
    TYPE_FLAGS,
    YES,
    available_columns,
    table,
    table_rows,
    with_flags,
)

__all__ = [
    "ANCHORS",
    "CHAINS",
    "CHAIN_FLAGS",
    "COLUMNS",
    "CRS",
    "FORMATS",
    "ExportFormat",
    "mime_type",
    "DISTANCE",
    "DV",
    "ESTIMATED",
    "FLAG_COLUMNS",
    "FOCUS",
    "GPKG_LAYER",
    "ID",
    "LAT",
    "LINK_TABLE_COLUMNS",
    "LON",
    "MAX_SUMMARY_LENGTH",
    "MIME_TYPES",
    "NAME",
    "NO",
    "PHASE",
    "PLACE",
    "PROVINCE",
    "SCOPE",
    "SOURCES",
    "TYPE",
    "TYPE_FLAGS",
    "YES",
    "Section",
    "available_columns",
    "explanation",
    "export_filename",
    "filter_rows",
    "is_formula_like",
    "links_explanation",
    "links_filename",
    "links_sheet_name",
    "links_table",
    "selection_links",
    "neutralise",
    "neutralise_text",
    "table",
    "table_rows",
    "to_csv",
    "to_csv_excel_nl",
    "to_geojson",
    "to_geopackage",
    "to_xlsx",
    "with_flags",
]
