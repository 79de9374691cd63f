"""Serve Leaflet, its plugins and the app's own browser files from this app (static/), never from a CDN."""

import streamlit as st

from hotspots import assets


def localise(*elements) -> None:
    """Point every JS/CSS asset of the map and its layers at the vendored copies."""
    assets.localise(*elements, base_url=assets.vendor_url(st.get_option("server.baseUrlPath")))


def static_url(path: str) -> str:
    """The versioned URL of static/``path`` (cached by the browser until the file changes)."""
    return assets.own_url(path, st.get_option("server.baseUrlPath"))


def stylesheet(path: str) -> None:
    """Put the stylesheet static/``path`` on the page, the same text on every run.

    In the page itself, not linked: a linked stylesheet (Streamlit's
    ``st.html`` keeps no ``<link>``, an ``@import`` would do) applies only
    once the browser has fetched it, and until then the page shows without
    it (captions below AA contrast, the map not yet filling the window).
    Streamlit's sanitizer drops a ``<style>`` whose text holds a ``<``, so
    these files never have one (tests/test_layout.py).
    """
    st.html(assets.STATIC_DIR / path)
