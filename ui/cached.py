"""Work done once per data version (and filter state), shared by every session of the process.

With a webinar's audience on the same link, most reruns ask for the same
few views; these results are computed once and shared (``st.cache_resource``:
no copy per session, so callers must not change them). Every key starts
with the data's version (:attr:`hotspots.livedata.Snapshot.key`), so a
replaced data file never serves stale results. The caches are small and
bounded: after the audience leaves, the memory they hold stays bounded too.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import streamlit as st

from hotspots import filters, partners
from hotspots.filters import FilterState
from hotspots.mapcontent import MapContent, map_content
from hotspots.mapview import LayerJSON, layer_json
from hotspots.mapview.markers import marker_payload
from hotspots.mapview.rings import ring_payload
from hotspots.viewstate import ViewState, cache_key


@st.cache_resource(max_entries=64, show_spinner=False)
def shown(data_key: tuple, _frame: gpd.GeoDataFrame, state: FilterState) -> gpd.GeoDataFrame:
    """The hotspots of ``_frame`` that match ``state`` (shared: do not modify)."""
    return filters.apply(_frame, state)


@st.cache_resource(max_entries=64, show_spinner=False)
def facet_counts(data_key: tuple, _frame: gpd.GeoDataFrame, state: FilterState) -> dict[str, dict[str, int]]:
    """:func:`hotspots.filters.facet_counts` for the filter labels: per value, the hotspots matching
    every other filter and that value (shared: do not modify)."""
    return filters.facet_counts(_frame, state)


@st.cache_resource(max_entries=8, show_spinner=False)
def present_values(data_key: tuple, _frame: gpd.GeoDataFrame) -> dict[str, frozenset[str]]:
    """Per filter, the values the data holds (the sidebar offers only those where a filter asks)."""
    counts = filters.facet_counts(_frame, FilterState())
    return {param: frozenset(v for v, n in tally.items() if n) for param, tally in counts.items()}


@st.cache_resource(max_entries=32, show_spinner=False)
def suggestions(data_key: tuple, _frame: gpd.GeoDataFrame, query: str) -> list[filters.Suggestion]:
    """:func:`hotspots.filters.suggestions` (shared: do not modify)."""
    return filters.suggestions(_frame, query[:200])


def kinds_key(kinds) -> tuple[str, ...]:
    """Link kinds as a cache key: a tuple in the order of :data:`hotspots.partners.KINDS`."""
    chosen = set(kinds)
    return tuple(kind for kind in partners.KINDS if kind in chosen)


@st.cache_resource(max_entries=32, show_spinner=False)
def partner_links(
    data_key: tuple, ids: tuple[str, ...], _frame: gpd.GeoDataFrame, radius_km: int, kinds: tuple[str, ...]
) -> pd.DataFrame:
    """:func:`hotspots.partners.links` of ``_frame`` (whose ids are ``ids``), shared: do not modify."""
    return partners.links(_frame, radius_km, kinds)


@st.cache_resource(max_entries=32, show_spinner=False)
def partner_network(
    data_key: tuple, ids: tuple[str, ...], _frame: gpd.GeoDataFrame, radius_km: int, kinds: tuple[str, ...]
) -> partners.NetworkFigures:
    """:func:`hotspots.partners.network` of :func:`partner_links` (same arguments), shared."""
    return partners.network(_frame, partner_links(data_key, ids, _frame, radius_km, kinds))


@dataclass(frozen=True)
class MapLayers:
    """What the map page draws for one view: the decisions and the layers' browser data.

    The layers' data is kept as its JSON (:func:`~hotspots.mapview.layer_json`):
    one string instead of nested lists and dicts takes a fraction of the
    memory in a full cache, and is not serialised again on every run.
    """

    content: MapContent
    markers: LayerJSON
    rings: LayerJSON


def map_layers(data_key: tuple, all_hotspots: gpd.GeoDataFrame, shown: gpd.GeoDataFrame, view: ViewState) -> MapLayers:
    """The map content and the marker and ring payloads of ``view`` (shared: do not modify).

    ``view`` and the data's version determine ``shown`` (the filtered
    hotspots), so they are the key; the frames themselves are not hashed.
    """
    return _map_layers(data_key, cache_key(view), all_hotspots, shown, view)


@st.cache_resource(max_entries=128, show_spinner=False)
def _map_layers(
    data_key: tuple, view_key: tuple, _all: gpd.GeoDataFrame, _shown: gpd.GeoDataFrame, _view: ViewState
) -> MapLayers:
    """:func:`map_layers`, cached on ``view_key`` (:func:`hotspots.viewstate.cache_key` of ``_view``)."""
    content = map_content(_all, _shown, _view)
    reach = () if content.reach is None else tuple(content.reach["id"])
    markers = marker_payload(content.on_map, _view.hotspot, reach, content.fit.payload())
    rings = ring_payload(
        content.on_map, content.ring_ids, _view.radius_km, content.reference_ids, label_ids=content.reference_ids
    )
    return MapLayers(content, layer_json(markers), layer_json(rings))
