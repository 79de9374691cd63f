"""The map's component arguments (ui/map_screen.py): what st_folium sends, made once per view."""

from __future__ import annotations

import streamlit_folium

from hotspots import mapview
from hotspots.io import load_hotspots
from hotspots.mapview.markers import marker_group
from hotspots.mapview.rings import ring_group
from hotspots.viewstate import ViewState
from ui import cached, map_screen
from ui.assets import localise


def _map(frame, view):
    """A fresh base map and the view's layers, as the map page makes them."""
    shown = cached.shown(("test",), frame, view.filters)
    layers = cached.map_layers(("test",), frame, shown, view)
    return mapview.base_map(), [ring_group(layers.rings), marker_group(layers.markers)]


def test_the_arguments_are_those_st_folium_sends(monkeypatch):
    frame = load_hotspots().frame
    view = ViewState(hotspot=frame["id"].iloc[0], radius_km=40)
    sent = []
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: sent.append(kwargs))
    base, layers = _map(frame, view)
    localise(base, *layers)  # as the map page did before calling st_folium
    streamlit_folium.st_folium(
        base,
        key="kaart",
        height=map_screen.MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=layers,
        render=False,
        returned_objects=["last_object_clicked", "last_object_clicked_count"],
    )
    (expected,) = sent
    del expected["on_change"]
    ours = map_screen.folium_args(*_map(frame, view), "kaart")
    assert ours == expected
    # the layers are in it, with the view's data
    assert "hk.markers(" in ours["feature_group"] and "hk.rings(" in ours["feature_group"]
    assert frame["id"].iloc[0] in ours["feature_group"]


def test_the_arguments_are_made_once_per_cache_key(monkeypatch):
    frame = load_hotspots().frame
    drawn = []
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: drawn.append(kwargs))
    made = []

    def make(view):
        def build():
            made.append(view)
            return _map(frame, view)

        return build

    column = map_screen.st.container()
    one, two = ViewState(), ViewState(hotspot=frame["id"].iloc[0])
    for view in (one, one, two, one):
        map_screen.draw_map(column, make(view), "kaart", frame, cache_key=("test-once", view))
    assert made == [one, two]  # a hit makes nothing
    assert [d["key"] for d in drawn][0] == drawn[1]["key"] == drawn[3]["key"]
    assert drawn[0]["feature_group"] == drawn[3]["feature_group"] != drawn[2]["feature_group"]
    # without a cache key the map is made on every call
    map_screen.draw_map(column, make(one), "kaart", frame)
    assert made == [one, two, one]
