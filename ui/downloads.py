"""Downloads: one button per format, one click per file; the app's one way to offer a file.

Each button hands Streamlit a function, not bytes (``st.download_button``
with a callable ``data``: "deferred data generation"). The file is made
only when someone clicks, on a thread of Streamlit's own, for the view on
screen when the page was drawn; a viewer who never downloads costs nothing.
Before (until 7 Dec 2026) a file took three actions: choose the format,
"Bestand maken", then "Download", because a file made in the script run
had to exist before the button did. A page caches the bytes it makes, per
view and format, so a second click or a colleague's click on the same view
is quick.

Every download button of the app goes through :func:`download_button`:
it keeps a deferred file for its browser's fetch under load
(ui/deferred_files.py), and it is the tests' seam: :func:`watching` lists
the files offered while it is open (AppTest runs the app in the test's
process), so no test needs to patch Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import streamlit as st

from hotspots import export
from ui import deferred_files

#: One file: format label, file extension (``"excel-nl.csv"``, ``"xlsx"``...), what it is for, and
#: a function that makes its bytes.
Download = tuple[str, str, str, Callable[[], bytes]]


@dataclass(frozen=True)
class Offered:
    """A file a download button offers: what the visitor sees and gets."""

    label: str
    file_name: str
    mime: str
    data: bytes | str | Callable[[], bytes]

    @property
    def deferred(self) -> bool:
        """Made on the click (a callable), not with the page."""
        return callable(self.data)

    def content(self) -> bytes:
        """The file's bytes, as the visitor's click gets them (a deferred file is made now)."""
        data = self.data() if callable(self.data) else self.data
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)


_watchers: list[list[Offered]] = []


@contextmanager
def watching() -> Iterator[list[Offered]]:
    """The files offered while open, in the order their buttons were drawn (for tests)."""
    offered: list[Offered] = []
    _watchers.append(offered)
    try:
        yield offered
    finally:
        _watchers.remove(offered)


def download_button(
    label: str, data: bytes | str | Callable[[], bytes], *, file_name: str, mime: str, key: str, **options: Any
) -> None:
    """``st.download_button`` that does not rerun the app, with ``options`` (icon, help, width...).

    A callable ``data`` is called on the click only, on a thread of
    Streamlit's, never while the page is drawn; it must not use Streamlit
    commands (it runs outside the script).
    """
    deferred_files.install()  # once per process; see ui/deferred_files.py
    for offered in _watchers:
        offered.append(Offered(label, file_name, mime, data))
    st.download_button(label, data=data, file_name=file_name, mime=mime, key=key, on_click="ignore", **options)


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
            download_button(
                label,
                _deferred(data, ext, build),
                file_name=name,
                mime=export.mime_type(ext),
                key=f"{key_prefix}{ext}",
                icon=":material/download:",
                help=f"{description} Bestand: `{name}`",
                type="primary" if column is columns[0] else "secondary",
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
