"""Loading the data file once per change of the file, not on every rerun."""

from __future__ import annotations

import html
from pathlib import Path

import streamlit as st

from hotspots.io import DATA_ENV, LoadResult, data_path, load_hotspots


@st.cache_data(show_spinner="Hotspots laden...", max_entries=4)
def _load(path: str, mtime_ns: int, size: int) -> LoadResult:
    # mtime and size are part of the cache key: an edited file is read again
    return load_hotspots(path)


def load() -> LoadResult:
    path = data_path()
    try:
        stat = Path(path).stat()
        key = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = (0, -1)
    return _load(str(path), *key)


def show_fatal(result: LoadResult) -> None:
    """A clear error page for a data file that cannot be used at all."""
    st.title("Hotspotkaart")
    st.error("De hotspotgegevens konden niet worden geladen, dus er is nog niets om te tonen.", icon=":material/error:")
    st.markdown("**Wat er mis is:**")
    for problem in result.problems:
        st.text(f"• {problem}")
    st.markdown(
        f"Controleer het bestand met `python -m hotspots validate`, of wijs met de omgevingsvariabele "
        f"`{DATA_ENV}` een ander bestand aan. Gebruikt bestand:"
    )
    st.code(html.escape(str(result.path)), language=None)


def show_rejected(result: LoadResult) -> None:
    """Name the rejected hotspots; the valid ones are shown as usual."""
    count = len(result.rejected_ids)
    if not count:
        return
    noun = "hotspot is" if count == 1 else "hotspots zijn"
    with st.expander(
        f":material/warning: {count} {noun} afgekeurd en niet getoond ({len(result.frame)} van {result.total_features} wel)",
        expanded=False,
    ):
        st.caption(f"Bestand: {result.path}")
        for problem in result.problems:
            st.text(f"• {problem}")
