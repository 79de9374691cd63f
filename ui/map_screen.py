"""The screen of the pages with a map (Kaart, Samenwerking): a title bar, then the map beside its detail panel.

One screen: the map and the detail panel side by side, as tall as the window
allows (static/app/layout.css). A click on a map partly below the fold would
make the browser scroll the page, under the presenter's mouse. The title
bar wraps, and its height (static/app/titlebar.js) leaves the map below the
rest of the window.
"""

from __future__ import annotations

import html
from functools import partial
from typing import Any

import folium
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit_folium import st_folium

from hotspots.viewstate import ViewState
from ui import sidebar
from ui.assets import localise
from ui.text import filter_html

# The iframe's height follows the window (static/app/layout.css); this is only the
# height streamlit-folium reports before the page's styles apply.
MAP_HEIGHT = 600


def titlebar(view: ViewState, title: str, summary: str, *, announce: str | None = None, skip: bool = False) -> None:
    """The title bar: ``title`` (h1), the ``summary`` line and the view's filters in words.

    ``summary`` is HTML: only numbers, vocabulary labels and escaped text go
    in it. ``announce`` is what a screen reader hears when it changes (the
    live region, static/a11y/page.js); ``skip`` adds a link past the map to
    the details (static/a11y/page.js moves the focus).
    """
    attributes = "" if announce is None else f' data-hk-announce="{html.escape(announce, quote=True)}"'
    link = (
        '<a class="hk-skip" href="#details" data-hk-skip-to=".st-key-hk-details">Kaart overslaan: naar de details</a>'
        if skip
        else ""
    )
    st.html(
        f'<div class="hk-titlebar"{attributes}><h1>{html.escape(title)}</h1>{link}<p>{summary}</p>'
        f"{filter_html(view)}</div>"
    )


def map_and_details() -> tuple[DeltaGenerator, DeltaGenerator]:
    """The map's column and the detail panel (a container in the column beside it)."""
    map_column, detail_column = st.container(key="hk-layout").columns([2.3, 1], gap="medium")
    return map_column, detail_column.container(key="hk-details")


def draw_map(map_column: DeltaGenerator, base: folium.Map, layers: list[Any], key: str, on_map: Any) -> None:
    """``base`` with the view's ``layers`` (sent as streamlit-folium's ``feature_group_to_add``) in ``map_column``.

    A click on a marker selects its hotspot (:func:`ui.sidebar.select_clicked`
    with ``key`` and ``on_map``, the hotspots on the map: shared, only read).
    """
    with map_column.container(key="hk-map"):
        localise(base, *layers)
        st_folium(
            base,
            key=key,
            height=MAP_HEIGHT,
            use_container_width=True,
            feature_group_to_add=layers,
            render=False,  # the whole HTML page is not needed: the map renders its parts (hotspots/mapview)
            returned_objects=["last_object_clicked", "last_object_clicked_count"],
            on_change=partial(sidebar.select_clicked, key, on_map),
        )
