"""A session's first view of the map: the map first, the filter widgets one run later.

Why: the browser draws the sidebar's dozen Streamlit widgets on the same
thread as the Leaflet map, which held the map back by about 0.6 s. So on a
session's very first view of the map page the sidebar shows only the count
and "De filters worden geladen…", and the widgets follow when the map is drawn.

What it relies on: **streamlit-folium's first report**. ``st_folium`` (0.27)
sends the component's value once its Leaflet map is ready, even before the
user touches the map; Streamlit stores that value under the map's widget
key (:data:`MAP_KEY`) and reruns the script, and that rerun draws the
widgets. This is a side effect of streamlit-folium's defaults, not a
documented API, so two browser tests watch it (tests/browser/test_map.py):

* with the fallback set beyond the test's patience
  (``HOTSPOTS_FILTERS_FALLBACK_S``), the widgets still appear: only the
  map's report can have brought them, so the test fails if streamlit-folium
  stops sending it;
* with the map's script blocked, the widgets appear after
  :data:`FILTERS_FALLBACK_S` through the fallback fragment.
"""

from __future__ import annotations

import os

import streamlit as st

from ui import layout

#: The ``st_folium`` key of the map (app_pages/kaart.py).
MAP_KEY = "kaart"
#: Seconds after which the widgets come even if the map never reports.
FILTERS_FALLBACK_S = float(os.environ.get("HOTSPOTS_FILTERS_FALLBACK_S", "3"))

_WIDGETS_DRAWN = "_filter_widgets_drawn"
_FALLBACK_ARMED = "_filters_fallback_armed"


def widgets_wait() -> bool:
    """Whether this run leaves the filter widgets out of the sidebar.

    True only until the map has reported once (or the fallback fired) and
    as long as the widgets were never drawn in this session: a widget left
    out of a later run would lose its value.
    """
    return not (st.session_state.get(_WIDGETS_DRAWN) or st.session_state.get(MAP_KEY) is not None)


def widgets_drawn() -> None:
    """Note that the widgets are drawn: from now on they are drawn in every run."""
    st.session_state[_WIDGETS_DRAWN] = True


def draw_placeholder(count_markdown: str) -> None:
    """The sidebar while the map is drawn first: the count and a word on the filters."""
    st.sidebar.container(key=layout.COUNT_KEY).markdown(count_markdown)
    st.sidebar.caption("De filters worden geladen…")
    with st.sidebar:
        _filters_at_the_latest()


@st.fragment(run_every=FILTERS_FALLBACK_S)
def _filters_at_the_latest() -> None:
    # Runs with the page, and again FILTERS_FALLBACK_S later: if the map has
    # not reported by then, draw the filters anyway. Once that full run is
    # asked for, later ticks (a busy server may take a while to get to it)
    # ask for nothing more.
    if st.session_state.get(_WIDGETS_DRAWN) or st.session_state.get(MAP_KEY) is not None:
        return
    if st.session_state.get(_FALLBACK_ARMED):
        widgets_drawn()
        st.rerun()
    st.session_state[_FALLBACK_ARMED] = True
