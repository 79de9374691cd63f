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
    # the data's version (hotspots.livedata.Snapshot.key): the first part of every cache key (ui/cached.py)
    data_key: tuple = ()

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

    The frame (app.py) publishes it before it runs the page through
    ``st.navigation``; taking it out of the session means a page never sees
    the context of an earlier run.
    """
    context = st.session_state.pop(_KEY, None)
    if context is None:
        raise RuntimeError("a page ran without the frame: start the app with `streamlit run app.py`")
    return context
