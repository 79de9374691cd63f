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
    """Link the stylesheet static/``path`` to the page: a short ``@import``, the same on every run.

    Streamlit's ``st.html`` keeps no ``<link>``; a ``<style>`` holding only an
    ``@import`` goes to its event container and takes no space. The browser
    loads the file once and caches it, so a rerun sends no styles again.
    """
    st.html(f'<style>@import url("{static_url(path)}");</style>')
