"""Work done once per data version (and filter state), shared by every session of the process.

With a webinar's audience on the same link, most reruns ask for the same
few views; these results are computed once and shared (``st.cache_resource``:
no copy per session, so callers must not change them). Every key starts
with the data's version (:attr:`hotspots.livedata.Snapshot.key`), so a
replaced data file never serves stale results. The caches are small and
bounded: after the audience leaves, the memory they hold stays bounded too.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

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


class Recent:
    """The last ``size`` results by a hashable key, in front of a ``st.cache_resource`` function.

    A hit costs one dictionary look-up. Streamlit's own look-up hashes every
    argument with its hasher and inspects the function's signature on every
    call: ~0.3 ms, several times per rerun of every session. A miss asks the
    Streamlit cache, which computes a value once while other sessions wanting
    it wait. Keys start with the data's version, like the Streamlit caches'.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_SHOWN, _COUNTS, _PRESENT, _LAYERS, _CHOICES = Recent(64), Recent(64), Recent(8), Recent(128), Recent(8)


def shown(data_key: tuple, frame: gpd.GeoDataFrame, state: FilterState) -> gpd.GeoDataFrame:
    """The hotspots of ``frame`` that match ``state`` (shared: do not modify)."""
    return _SHOWN.get((data_key, state), lambda: _shown(data_key, frame, state))


@st.cache_resource(max_entries=64, show_spinner=False)
def _shown(data_key: tuple, _frame: gpd.GeoDataFrame, state: FilterState) -> gpd.GeoDataFrame:
    return filters.apply(_frame, state)


def facet_counts(data_key: tuple, frame: gpd.GeoDataFrame, state: FilterState) -> dict[str, dict[str, int]]:
    """:func:`hotspots.filters.facet_counts` for the filter labels: per value, the hotspots matching
    every other filter and that value (shared: do not modify)."""
    return _COUNTS.get((data_key, state), lambda: _facet_counts(data_key, frame, state))


@st.cache_resource(max_entries=64, show_spinner=False)
def _facet_counts(data_key: tuple, _frame: gpd.GeoDataFrame, state: FilterState) -> dict[str, dict[str, int]]:
    return filters.facet_counts(_frame, state)


def present_values(data_key: tuple, frame: gpd.GeoDataFrame) -> dict[str, frozenset[str]]:
    """Per filter, the values the data holds (the sidebar offers only those where a filter asks)."""
    return _PRESENT.get(data_key, lambda: _present_values(data_key, frame))


@st.cache_resource(max_entries=8, show_spinner=False)
def _present_values(data_key: tuple, _frame: gpd.GeoDataFrame) -> dict[str, frozenset[str]]:
    counts = filters.facet_counts(_frame, FilterState())
    return {param: frozenset(v for v, n in tally.items() if n) for param, tally in counts.items()}


@dataclass(frozen=True)
class HotspotChoices:
    """The hotspots as the sidebar's selectbox offers them: ids in name order, and each id's label."""

    ids: tuple[str, ...]
    by_name: tuple[str | None, ...]
    labels: dict[str, str]


def hotspot_choices(data_key: tuple, frame: gpd.GeoDataFrame) -> HotspotChoices:
    """The selectbox's options and labels ("name (place)"), made once per data version (shared: do not modify)."""

    def make() -> HotspotChoices:
        ids = tuple(frame["id"])
        labels = dict(zip(ids, frame["name"] + " (" + frame["place"] + ")", strict=True))
        return HotspotChoices(ids, (None, *sorted(ids, key=lambda i: labels[i].casefold())), labels)

    return _CHOICES.get(data_key, make)


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
    return _LAYERS.get((data_key, view), lambda: _map_layers(data_key, cache_key(view), all_hotspots, shown, view))


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
