"""Downloads on the table page and on Samenwerking: one button per format, one click per file.

Each button hands Streamlit a function, not bytes (``st.download_button``
with a callable ``data``: "deferred data generation"). The file is made
only when someone clicks, on a thread of Streamlit's own, for the view on
screen when the page was drawn; a viewer who never downloads costs nothing.
Before (until 7 Dec 2026) a file took three actions: choose the format,
"Bestand maken", then "Download", because a file made in the script run
had to exist before the button did. A page caches the bytes it makes, per
view and format, so a second click or a colleague's click on the same view
is quick.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from hotspots import export

#: One file: format label, file extension (``"excel-nl.csv"``, ``"xlsx"``...), what it is for, and
#: a function that makes its bytes.
Download = tuple[str, str, str, Callable[[], bytes]]


def download_buttons(
    downloads: Sequence[Download],
    file_name: Callable[[str], str],
    data: Callable[[str, Callable[[], bytes]], bytes],
    key_prefix: str,
) -> None:
    """A download button per format, side by side, each with what the file is for below it.

    ``file_name(ext)`` names the file; ``data(ext, build)`` gives its bytes (a
    page caches them); it is called on the click only, never while the page
    is drawn, and must not use Streamlit commands (it runs outside the script).
    """
    columns = st.columns(len(downloads), gap="small")
    for column, (label, ext, description, build) in zip(columns, downloads, strict=True):
        name = file_name(ext)
        with column:
            st.download_button(
                label,
                data=_deferred(data, ext, build),
                file_name=name,
                mime=export.mime_type(ext),
                on_click="ignore",
                icon=":material/download:",
                help=f"{description} Bestand: `{name}`",
                type="primary" if column is columns[0] else "secondary",
                key=f"{key_prefix}{ext}",
                width="stretch",
            )
    lines = [f"**{label}**: {description}" for label, _, description, _ in downloads]
    st.caption(
        "Eén klik per bestand: het wordt gemaakt als u klikt, met precies wat u nu ziet.  \n" + "  \n".join(lines)
    )


def _deferred(
    data: Callable[[str, Callable[[], bytes]], bytes], ext: str, build: Callable[[], bytes]
) -> Callable[[], bytes]:
    def make() -> bytes:
        return data(ext, build)

    return make
