"""What the frame (app.py) hands to every page: the data and the view."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import streamlit as st

from hotspots.io import LoadResult
from hotspots.viewstate import ViewState

_KEY = "_hotspotkaart_context"


@dataclass(frozen=True)
class AppContext:
    data: LoadResult
    view: ViewState
    shown: gpd.GeoDataFrame  # the hotspots that match the filters

    @property
    def all(self) -> gpd.GeoDataFrame:
        return self.data.frame

    @property
    def selected(self):
        """The selected hotspot's row (from all hotspots), or ``None``."""
        if not self.view.hotspot:
            return None
        rows = self.all[self.all["id"] == self.view.hotspot]
        return None if rows.empty else rows.iloc[0]


def publish(context: AppContext) -> None:
    st.session_state[_KEY] = context


def current() -> AppContext:
    """This run's context. Each page calls it once, at the top.

    The context is taken out of the session, so a page that runs without
    the frame having run first never sees a stale one. That happens when
    Streamlit, seeing a ``pages/`` folder, runs a page script directly in
    its legacy multipage mode (the first run of a fresh server when the URL
    names a page, and every ``AppTest`` rerun). Then the frame has not
    drawn the sidebar: switch the legacy mode off, as ``st.navigation``
    itself does, and run again through app.py.
    """
    context = st.session_state.pop(_KEY, None)
    if context is None:
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
        st.rerun()
    return context
