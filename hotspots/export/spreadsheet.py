"""The table as spreadsheet files: CSV for Dutch Excel, plain CSV and an Excel workbook.

Every cell of text goes through :func:`hotspots.export.safety.neutralise`
first, so no file can make a spreadsheet run a formula; numbers stay
numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.workbook import Workbook

from hotspots.export._frames import is_text_column, require_frame, require_rows
from hotspots.export.explanation import Section
from hotspots.export.safety import neutralise, neutralise_text
from hotspots.export.table import DISTANCE, LAT, LON

_NUMBER_FORMATS = {DISTANCE: "0.0", LON: "0.000000", LAT: "0.000000"}
# xlsxwriter would otherwise turn text that looks like a formula, number or link into one.
_WORKBOOK_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


def _csv(table_frame: pd.DataFrame, sep: str, decimal: str) -> str:
    require_frame(table_frame, "table")
    require_rows(table_frame)
    return neutralise(table_frame).to_csv(
        sep=sep, decimal=decimal, index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL
    )


def to_csv_excel_nl(table_frame: pd.DataFrame) -> bytes:
    """CSV for Excel with Dutch settings: ``;`` between fields, decimal comma, UTF-8 with BOM.

    The BOM makes Excel read UTF-8 (``Fryslân``); Dutch Excel splits on ``;``
    and reads ``19,6`` as a number. Text cells are neutralised.

    Parameters
    ----------
    table_frame : DataFrame
        The table (:func:`hotspots.export.table`), with the chosen columns.

    Returns
    -------
    bytes
        Header and one line per row, ``\\r\\n`` line ends.
    """
    return _csv(table_frame, sep=";", decimal=",").encode("utf-8-sig")


def to_csv(table_frame: pd.DataFrame) -> bytes:
    """Plain CSV (RFC 4180): ``,`` between fields, decimal point, UTF-8 without BOM; text neutralised."""
    return _csv(table_frame, sep=",", decimal=".").encode("utf-8")


def _width(values: Iterable[Any], header: str) -> int:
    longest = max((len(line) for value in values for line in str(value).splitlines() or [""]), default=0)
    return max(8, min(60, max(longest, len(header)) + 2))


#: Characters Excel refuses in a sheet name, and its longest sheet name.
_SHEET_FORBIDDEN = set("[]:*?/\\")
_SHEET_MAX = 31


def sheet_title(text: str) -> str:
    """``text`` as a valid Excel sheet name: forbidden characters dropped, at most 31 characters.

    >>> sheet_title("Partners van RoboValley / FRAIM")
    'Partners van RoboValley  FRAIM'
    """
    clean = "".join(ch for ch in text if ch not in _SHEET_FORBIDDEN).strip().strip("'")
    return clean[:_SHEET_MAX].rstrip() or "Tabel"


def _write_table(workbook: Workbook, table_frame: pd.DataFrame, sheet_name: str = "Hotspots") -> None:
    bold = workbook.add_format({"bold": True})
    number_formats = {c: workbook.add_format({"num_format": f}) for c, f in _NUMBER_FORMATS.items()}
    sheet = workbook.add_worksheet(sheet_title(sheet_name))
    safe = neutralise(table_frame)
    for col, column in enumerate(safe.columns):
        sheet.write_string(0, col, str(column), bold)
        values = safe[column]
        if is_text_column(values):
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


def _write_notes(workbook: Workbook, sections: Sequence[Section]) -> None:
    notes = workbook.add_worksheet("Toelichting")
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    top = workbook.add_format({"valign": "top"})
    notes.set_column(0, 0, 34)
    notes.set_column(1, 1, 100)
    notes.write_string(0, 0, "Toelichting bij de export van de Hotspotkaart", bold)
    row = 2
    for section in sections:
        notes.write_string(row, 0, neutralise_text(section.title), bold)
        row += 1
        for term, text in section.rows:
            notes.write_string(row, 0, neutralise_text(term), top)
            notes.write_string(row, 1, neutralise_text(text), wrap)
            row += 1
        row += 1


def to_xlsx(table_frame: pd.DataFrame, sections: Sequence[Section] = (), sheet_name: str = "Hotspots") -> bytes:
    """An Excel workbook: sheet ``sheet_name`` with the table, sheet "Toelichting" with ``sections``.

    The header row is bold and frozen, with an autofilter; columns are as
    wide as their content (up to 60 characters). Numbers are numeric cells
    (distance to 0.1 km, coordinates to 6 decimals); text is written as text
    only (never as a formula, number or link) and neutralised as in the CSV
    files.

    Parameters
    ----------
    table_frame : DataFrame
        The table (:func:`hotspots.export.table`), with the chosen columns.
    sections : sequence of Section
        The explanation, usually from :func:`hotspots.export.explanation`.
    sheet_name : str
        The table's sheet, named for what it holds (:func:`sheet_title` makes it valid).

    Returns
    -------
    bytes
        The ``.xlsx`` file.
    """
    require_frame(table_frame, "table")
    require_rows(table_frame)
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, _WORKBOOK_OPTIONS) as workbook:
        _write_table(workbook, table_frame, sheet_name)
        _write_notes(workbook, sections)
    return buffer.getvalue()
