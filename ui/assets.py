"""Serve Leaflet, its plugins and the app's own browser files from this app (static/), never from a CDN."""

from functools import lru_cache

import streamlit as st

from hotspots import assets


def localise(*elements) -> None:
    """Point every JS/CSS asset of the map and its layers at the vendored copies."""
    assets.localise(*elements, base_url=assets.vendor_url(st.get_option("server.baseUrlPath")))


def static_url(path: str) -> str:
    """The versioned URL of static/``path`` (cached by the browser until the file changes)."""
    return assets.own_url(path, st.get_option("server.baseUrlPath"))


def stylesheet(path: str) -> None:
    """Put the stylesheet static/``path`` on the page; a rerun sends a reference to it, not its text.

    A style-only ``st.html`` (``<style data-hk-sheet="<URL>">`` with the
    file's text), which Streamlit draws nowhere (its event container). The
    message is at least ``global.minCachedMessageSize`` (.streamlit/config.toml),
    so Streamlit's own message cache applies: a rerun whose request lists the
    message's hash among those the browser holds gets a reference of about
    100 bytes, the browser draws the same element from its cache and React
    leaves the ``<style>`` in the page untouched. The server refers only to
    what the browser said it holds, so there is no moment for the styles to go
    missing (tests/browser/test_page_styles.py). A page's own stylesheet
    leaves with the page's elements when the visitor moves on, and is there
    again with the page's first element when they come back.

    One moment without these styles remains, on a tab's first page: the
    browser code that draws ``st.html`` (as that for HTML in Markdown) is
    loaded when the first such element arrives, and Markdown drawn meanwhile
    shows in Streamlit's own styles. The theme's text colour keeps that state
    within WCAG AA too (captions at 4.8:1, .streamlit/config.toml).

    Streamlit's sanitizer drops a ``<style>`` whose text holds a ``<``, so
    these files never have one (tests/test_layout.py).
    """
    st.html(_style_element(path, st.get_option("server.baseUrlPath")))


@lru_cache(maxsize=16)
def _style_element(path: str, base_url_path: str) -> str:
    """The ``<style>`` element of static/``path``, read once per process like its URL's version."""
    url = assets.own_url(path, base_url_path)
    text = (assets.STATIC_DIR / path).read_text(encoding="utf-8")
    return f'<style data-hk-sheet="{url}">{text}</style>'
