"""The screen of the pages with a map (Kaart, Samenwerking): a title bar, then the map beside its detail panel.

One screen: the map and the detail panel side by side, as tall as the window
allows (static/app/layout.css). A click on a map partly below the fold would
make the browser scroll the page, under the presenter's mouse. The title
bar wraps, and its height (static/app/titlebar.js) leaves the map below the
rest of the window.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Hashable
from typing import Any

import branca.colormap
import folium
import folium.elements
import folium.plugins
import streamlit as st
import streamlit_folium
from streamlit.delta_generator import DeltaGenerator

from hotspots.viewstate import ViewState
from ui import sidebar
from ui.assets import localise
from ui.cached import Recent
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


#: What the map reports back to the app (a click on a marker selects it).
RETURNED = ("last_object_clicked", "last_object_clicked_count")

#: The component's arguments of recent views, by the caller's cache key: the same for every session.
_ARGS = Recent(64)


def folium_args(base: folium.Map, layers: list[Any], key: str) -> dict[str, Any]:
    """The arguments ``st_folium`` (streamlit-folium 0.27) gives its component for ``base`` with ``layers``.

    As ``st_folium(base, key=key, height=MAP_HEIGHT, use_container_width=True,
    feature_group_to_add=layers, render=False, returned_objects=RETURNED)``
    makes them, with streamlit-folium's own functions, but without drawing:
    the map's text (its script, header, the layers' script) is the same for
    every session with the same view, so :func:`draw_map` keeps it. ``key``
    (under ``"key"``) is the component's own key, a hash of the map's script
    and the caller's key, as streamlit-folium makes it.
    tests/test_kaart_page.py checks that the result equals what ``st_folium`` sends.
    Changes ``base`` and ``layers`` (streamlit-folium renames their ids).
    """
    localise(base, *layers)
    base.render()
    # as st_folium: html and header before the map's script, which renames the map's parts
    map_html = streamlit_folium._get_html(base)
    header = streamlit_folium._get_header(base)
    leaflet = streamlit_folium._get_map_string(base)
    m_id = streamlit_folium.get_full_id(base)
    (south, west), (north, east) = base.get_bounds()
    defaults = {
        "last_clicked": None,
        "last_object_clicked": None,
        "last_object_clicked_count": None,
        "last_object_clicked_tooltip": None,
        "last_object_clicked_popup": None,
        "all_drawings": None,
        "last_active_drawing": None,
        "bounds": {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}},
        "zoom": base.options.get("zoom"),
        "last_circle_radius": None,
        "last_circle_polygon": None,
        "selected_layers": None,
        "selected_tags": None,
        "last_geocoder_result": None,
    }
    feature_group = "".join(
        streamlit_folium._get_feature_group_string(layer, map=base, idx=idx) for idx, layer in enumerate(layers)
    )
    css_links: list[str] = []
    js_links: list[str] = []
    for element in _walk(base):
        if isinstance(element, branca.colormap.ColorMap):
            js_links[:0] = [
                "https://d3js.org/d3.v4.min.js",
                "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js",
            ]
        css_links.extend(href for _, href in getattr(element, "default_css", []))
        js_links.extend(src for _, src in getattr(element, "default_js", []))
    return {
        "script": leaflet,
        "header": header,
        "html": map_html,
        "id": m_id,
        "key": streamlit_folium.generate_js_hash(leaflet, key, False),
        "height": MAP_HEIGHT,
        "width": None,
        "returned_objects": list(RETURNED),
        "default": {k: v for k, v in defaults.items() if k in RETURNED},
        "zoom": None,
        "center": None,
        "feature_group": feature_group,
        "return_on_hover": False,
        "layer_control": None,
        "pixelated": False,
        "css_links": list(dict.fromkeys(css_links)),
        "js_links": list(dict.fromkeys(js_links)),
        "wrap_longitude": False,
    }


def _walk(element: Any):
    """The elements whose files streamlit-folium links, in its order (its ``st_folium.walk``)."""
    if isinstance(element, branca.colormap.ColorMap | folium.elements.JSCSSMixin):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def draw_map(
    map_column: DeltaGenerator,
    make: Callable[[], tuple[folium.Map, list[Any]]],
    key: str,
    on_map: Any,
    cache_key: Hashable | None = None,
) -> None:
    """The base map with the view's layers (``make()``: both) in ``map_column``, as ``st_folium`` draws them.

    The layers go as streamlit-folium's ``feature_group_to_add``. With a
    ``cache_key`` (it must determine what ``make`` returns, e.g. the data's
    version and the view) the component's arguments are made once for every
    session of the process (:func:`folium_args`): the map's text costs one
    dictionary look-up instead of building and rendering folium objects on
    every run.

    A click on a marker selects its hotspot (:func:`ui.sidebar.select_clicked`
    with ``key`` and ``on_map``, the hotspots on the map: shared, only read).
    """

    def args() -> dict[str, Any]:
        return folium_args(*make(), key)

    kwargs = args() if cache_key is None else _ARGS.get((cache_key, key, st.get_option("server.baseUrlPath")), args)
    hash_key = kwargs["key"]

    def on_change() -> None:  # as st_folium's: the map's value also under the caller's key
        st.session_state[key] = st.session_state.get(hash_key, {})
        sidebar.select_clicked(key, on_map)

    with map_column.container(key="hk-map"):
        streamlit_folium._component_func(**kwargs, on_change=on_change)
