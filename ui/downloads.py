"""A row of download buttons, the same on the table page and on Samenwerking."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from hotspots import export

#: One file: button label, file extension (``"excel-nl.csv"``, ``"xlsx"``...), what it is for, and
#: a function that makes its bytes.
Download = tuple[str, str, str, Callable[[], bytes]]


def download_row(
    downloads: Sequence[Download],
    file_name: Callable[[str], str],
    data: Callable[[str, Callable[[], bytes]], bytes],
    key_prefix: str,
) -> None:
    """One button per file, side by side.

    ``file_name(ext)`` names the file; ``data(ext, build)`` gives its bytes (a
    page caches them: files are made when the page is drawn, as a file made
    on click can be gone before the browser asks for it under load).
    """
    for column, (label, ext, description, build) in zip(st.columns(len(downloads)), downloads, strict=True):
        name = file_name(ext)
        column.download_button(
            label,
            data=data(ext, build),
            file_name=name,
            mime=export.MIME_TYPES[ext.rsplit(".", 1)[-1]],
            on_click="ignore",
            icon=":material/download:",
            help=f"{description} Bestand: `{name}`",
            width="stretch",
            key=f"{key_prefix}{ext}",
        )
