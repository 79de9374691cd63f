"""Work done once per data version (and filter state), shared by every session of the process.

With a webinar's audience on the same link, most reruns ask for the same
few views; these results are computed once and shared (``st.cache_resource``:
no copy per session, so callers must not change them). Every key starts
with the data's version (:attr:`hotspots.livedata.Snapshot.key`), so a
replaced data file never serves stale results. The caches are small and
bounded: after the audience leaves, the memory they hold stays bounded too.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from hotspots import filters, partners
from hotspots.filters import CHAIN_CHOICES, FilterState
from hotspots.model import PHASES, SCOPES, TYPES


@st.cache_resource(max_entries=64, show_spinner=False)
def shown(data_key: tuple, _frame: gpd.GeoDataFrame, state: FilterState) -> gpd.GeoDataFrame:
    """The hotspots of ``_frame`` that match ``state`` (shared: do not modify)."""
    return filters.apply(_frame, state)


@st.cache_resource(max_entries=8, show_spinner=False)
def option_counts(data_key: tuple, _frame: gpd.GeoDataFrame) -> dict[str, dict[str, int]]:
    """How many hotspots carry each scope, type, phase and product chain (for the filter labels)."""
    return {
        "scope": filters.option_counts(_frame, "scope", SCOPES),
        "types": filters.option_counts(_frame, "types", TYPES),
        "phase": filters.option_counts(_frame, "phase", PHASES),
        "product_chains": filters.option_counts(_frame, "product_chains", CHAIN_CHOICES),
    }


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
