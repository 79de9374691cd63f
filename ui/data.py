"""The data file, shared by every session of the process and read again when it changes.

:class:`hotspots.livedata.LiveData` does the work (and keeps the last good
version when a replacement has problems); here it is one shared resource per
data file, so 240 sessions share one frame instead of each holding a copy.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from hotspots.editing.store import data_dir, prepare_data_folder
from hotspots.io import DATA_ENV, LoadResult, data_path
from hotspots.livedata import LiveData, Snapshot, Version, file_version
from ui.text import md


@st.cache_resource(show_spinner=False)
def _live(path: str) -> LiveData:
    return LiveData(path)


def load() -> Snapshot:
    """The data to show in this run (a cheap stat of the file; read only when it changed)."""
    prepare_data_folder()  # with $HOTSPOTS_DATA_DIR: made from the shipped data on first use
    return _live(str(data_path())).current()


#: Seconds between two looks at the data file by an open page (``HOTSPOTS_WATCH_S``; 0 switches it off).
#: By default 1 s when editing has a data folder (``HOTSPOTS_DATA_DIR``), else off: each look is a
#: fragment run of a few ms of server CPU, about 1 core for 240 idle viewers at 1 s (docs/deployment.md).
WATCH_S = float(os.environ.get("HOTSPOTS_WATCH_S", "").strip() or (1 if data_dir() is not None else 0))

Stamp = tuple[tuple[str, int, int, int, int], float | None, int, Version]


def stamp(snapshot: Snapshot) -> Stamp:
    """What a session has seen: the data in use, a refused newer file, and the data folder's git commits.

    The last is a ``stat`` of the folder's ``.git/refs/heads`` (a commit renames the branch's
    ref into place, which changes the folder): a save writes the file a moment before it
    commits, and the "last changed" texts follow the commit.
    """
    refused = snapshot.refused
    folder = data_dir()
    refs = file_version(folder / ".git" / "refs" / "heads") if folder is not None else (0, -1, 0, 0)
    return (snapshot.key, snapshot.refused_since, len(refused.problems) if refused else -1, refs)


def watch(seen: Stamp) -> None:
    """Show a saved change without the viewer doing anything.

    A fragment that runs every :data:`WATCH_S` seconds: two ``stat`` calls (the data
    file, through the shared :class:`~hotspots.livedata.LiveData`, and the git refs),
    and a full run (``st.rerun``) only when either changed since the run that drew this
    session's page. Each tick sends no element; a save (another session's, another
    process's or a file copied in) is on screen within a second plus one run.
    Called once per run, after the page (the frame, app.py).
    """
    if WATCH_S > 0:
        _watcher(seen)


@st.fragment(run_every=WATCH_S or None)
def _watcher(seen: Stamp) -> None:
    if stamp(load()) != seen:
        st.rerun()


def show_fatal(result: LoadResult) -> None:
    """A clear error page for a data file that cannot be used at all."""
    st.title("Hotspotkaart")
    st.error("De hotspotgegevens konden niet worden geladen, dus er is nog niets om te tonen.", icon=":material/error:")
    st.markdown("**Wat er mis is:**")
    for problem in result.problems[:20]:
        st.text(f"• {problem}")
    if len(result.problems) > 20:
        st.text(f"… en nog {len(result.problems) - 20}.")
    # The file's name, not the server's folders: a visitor may see this page.
    st.markdown(
        f"Controleer het bestand met `python -m hotspots validate`, of wijs met de omgevingsvariabele "
        f"`{DATA_ENV}` een ander bestand aan. Gebruikt bestand:"
    )
    st.code(html.escape(result.path.name), language=None)


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
        st.caption(f"Bestand: {md(result.path.name)}")
        for problem in result.problems[:20]:
            st.text(f"• {problem}")
        if len(result.problems) > 20:
            st.text(f"… en nog {len(result.problems) - 20}.")


def show_refused(snapshot: Snapshot) -> None:
    """Say that a newer data file was not used, and why; the last good data stays on screen."""
    refused = snapshot.refused
    if refused is None:
        return
    try:
        zone = ZoneInfo("Europe/Amsterdam")
    except ZoneInfoNotFoundError:
        zone = None
    since = dt.datetime.fromtimestamp(snapshot.refused_since or 0, tz=zone).strftime("%H:%M")
    with st.sidebar.expander(":material/warning: Nieuw gegevensbestand niet gebruikt", expanded=False):
        st.caption(
            f"Het gegevensbestand is om {since} vervangen, maar de nieuwe versie heeft problemen. "
            "De kaart toont de vorige versie tot het bestand hersteld is."
        )
        for problem in refused.problems[:20]:
            st.text(f"• {problem}")
        if len(refused.problems) > 20:
            st.text(f"… en nog {len(refused.problems) - 20}.")
