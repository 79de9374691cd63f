"""Downloads on the table page and on Samenwerking: pick a format, make the file, download it.

A file is made only when asked for ("Bestand maken"), for the view on
screen, and only in the chosen format. With a webinar's audience browsing
the table, making every format for every view they passed by was most of
the server's work; and every file handed to a download button takes a lock
that all script runs of the process share (Streamlit's media file manager),
which under load held up every run, also of viewers who never download.
The made file stays ready while the view and format stay the same.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

import streamlit as st

from hotspots import export

#: One file: format label, file extension (``"excel-nl.csv"``, ``"xlsx"``...), what it is for, and
#: a function that makes its bytes.
Download = tuple[str, str, str, Callable[[], bytes]]
#: The label of the format choice.
FORMAT_LABEL = "Bestandsformaat"


def download_choice(
    downloads: Sequence[Download],
    file_name: Callable[[str], str],
    data: Callable[[str, Callable[[], bytes]], bytes],
    key_prefix: str,
    version: Hashable,
) -> None:
    """A format choice (the first is the default), a "Bestand maken" button, then the download.

    ``file_name(ext)`` names the file; ``data(ext, build)`` gives its bytes (a
    page caches them). ``version`` identifies what the file would hold (the
    data version, view, columns...): once it changes, the file is made again
    on request. The file is made in the run after "Bestand maken", not on the
    download click: a file made on click can be gone before the browser asks
    for it under load.
    """
    labels = [label for label, *_ in downloads]
    chosen = st.segmented_control(
        FORMAT_LABEL,
        options=labels,
        selection_mode="single",
        required=True,
        default=labels[0],
        key=f"{key_prefix}format",
        help="Kies het formaat; maak dan het bestand en download het.",
    )
    label, ext, description, build = downloads[labels.index(chosen) if chosen in labels else 0]
    name = file_name(ext)
    st.caption(f"{description} Bestand: `{name}`")
    wanted = (version, ext, name)
    made = f"{key_prefix}made"
    if st.session_state.get(made) != wanted:
        st.button(
            "Bestand maken",
            key=f"{key_prefix}make",
            icon=":material/description:",
            type="primary",
            on_click=st.session_state.__setitem__,
            args=(made, wanted),
            help="Maakt het bestand met precies de rijen en kolommen hierboven.",
        )
        return
    with st.spinner("Bestand maken..."):
        payload = data(ext, build)
    st.download_button(
        f"Download {label}",
        data=payload,
        file_name=name,
        mime=export.MIME_TYPES[ext.rsplit(".", 1)[-1]],
        on_click="ignore",
        icon=":material/download:",
        help=f"Bestand: `{name}`",
        type="primary",
        key=f"{key_prefix}file",
    )
