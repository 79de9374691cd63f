"""Serve Leaflet and its plugins from this app (static/vendor), never from a CDN."""

import streamlit as st

from hotspots import assets


def localise(*elements) -> None:
    """Point every JS/CSS asset of the map and its layers at the vendored copies."""
    assets.localise(*elements, base_url=assets.vendor_url(st.get_option("server.baseUrlPath")))
