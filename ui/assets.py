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
    """Put the stylesheet static/``path`` on the page, with its text, on every run.

    The marker ``<style data-hk-sheet="<URL>">`` (style-only, so Streamlit
    draws it nowhere) holds the text, and static/app/styles.js (linked by
    :mod:`ui.layout`) keeps a copy in the page while a marker for it is
    there: a page's own styles go when the visitor goes to another page.

    The text goes out on every run, some 5 kB. Sending it on a session's
    first run only was tried (23a327a) and lost the styles for a moment
    whenever a second run replaced the marker before styles.js had loaded:
    the fallback, a ``<link>`` to the file, applies only once fetched, and
    in that moment the captions fell below AA contrast (axe saw it on
    /tabel in a full-suite run). Streamlit's sanitizer drops a ``<style>``
    whose text holds a ``<``, so these files never have one
    (tests/test_layout.py).
    """
    url = static_url(path)
    text = (assets.STATIC_DIR / path).read_text(encoding="utf-8")
    st.html(f'<style data-hk-sheet="{url}">{text}</style>')
