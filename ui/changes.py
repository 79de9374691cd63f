"""What changed, for viewers: the last change of each hotspot and the latest changes (Beheer's history).

Only when the app reads an editable data folder (``HOTSPOTS_DATA_DIR``, see
:mod:`hotspots.editing.store`); otherwise there is no history and nothing is shown.
Read once per version of the data (the git commit), shared by every session.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import streamlit as st

from hotspots.editing.store import Change, DataStore, EditError
from ui import editors

ZONE = ZoneInfo("Europe/Amsterdam")
MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def when(moment: dt.datetime) -> str:
    """Dutch date and time: '7 dec 2026 11:05' (Amsterdam time)."""
    local = moment.astimezone(ZONE)
    return f"{local.day} {MONTHS[local.month - 1]} {local.year} {local:%H:%M}"


@st.cache_resource(max_entries=4, show_spinner=False)
def _last_changes(folder: str, head: str) -> dict[str, Change]:
    return DataStore(folder).last_changes()


@st.cache_resource(max_entries=4, show_spinner=False)
def _latest(folder: str, head: str, count: int) -> list[Change]:
    return [change for change in DataStore(folder).history(limit=count + 1) if change.parent is not None][:count]


def _store_head() -> tuple[str, str] | None:
    try:
        store = editors.store()
        return (str(store.folder), store.head()) if store is not None else None
    except (EditError, OSError, KeyError, ValueError):  # an unreadable repository: no history to show
        return None


def last_changes() -> dict[str, Change]:
    """Each changed hotspot's latest change (hotspots unchanged since the first version are absent)."""
    found = _store_head()
    return _last_changes(*found) if found else {}


def latest(count: int = 10) -> list[Change]:
    """The latest changes, newest first (not the first version, the shipped data)."""
    found = _store_head()
    return _latest(*found, count) if found else []


def last_changed_text(change: Change) -> str:
    """'7 dec 2026 11:05 door Anne de Vries' (plain text: escape it for Markdown)."""
    return f"{when(change.time)} door {change.author}"
