"""The export formats, as one table: label, file extension, MIME type and writer.

The download buttons (``ui/downloads.py``) take the label and the MIME type
from here, the pages the extension and the writer; a page adds only what the
file is for and the rows it holds. A new format is a row here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ExportFormat:
    """One export format: what the user sees, the file's extension and type, and what writes it."""

    label: str
    extension: str
    mime: str
    writer_name: str  # a function of hotspots.export, looked up when called (so a test can replace it)

    @property
    def writer(self) -> Callable[..., bytes]:
        return getattr(importlib.import_module("hotspots.export"), self.writer_name)

    def download(self, description: str, build: Callable[[], bytes]) -> tuple[str, str, str, Callable[[], bytes]]:
        """A row for :func:`ui.downloads`: label, extension, what the file is for, and its bytes."""
        return (self.label, self.extension, description, build)


_FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("CSV (Excel NL)", "excel-nl.csv", "text/csv", "to_csv_excel_nl"),
    ExportFormat("CSV", "csv", "text/csv", "to_csv"),
    ExportFormat("Excel", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "to_xlsx"),
    ExportFormat("GeoJSON", "geojson", "application/geo+json", "to_geojson"),
    ExportFormat("GeoPackage", "gpkg", "application/geopackage+sqlite3", "to_geopackage"),
)
#: Every format by its extension.
FORMATS: dict[str, ExportFormat] = {f.extension: f for f in _FORMATS}
#: MIME type by the extension's last part ("csv" for "excel-nl.csv").
MIME_TYPES: dict[str, str] = {f.extension.rsplit(".", 1)[-1]: f.mime for f in _FORMATS}


def mime_type(extension: str) -> str:
    """The MIME type of a file ending in ``extension`` (``"excel-nl.csv"`` -> ``"text/csv"``)."""
    fmt: Any = FORMATS.get(extension)
    return fmt.mime if fmt else MIME_TYPES[extension.rsplit(".", 1)[-1]]
