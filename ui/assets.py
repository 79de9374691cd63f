"""Serve Leaflet, its plugins and the app's own browser files from this app (static/), never from a CDN."""

import streamlit as st

from hotspots import assets


def localise(*elements) -> None:
    """Point every JS/CSS asset of the map and its layers at the vendored copies."""
    assets.localise(*elements, base_url=assets.vendor_url(st.get_option("server.baseUrlPath")))


def static_url(path: str) -> str:
    """The versioned URL of static/``path`` (cached by the browser until the file changes)."""
    return assets.own_url(path, st.get_option("server.baseUrlPath"))


#: The stylesheets (versioned URLs) whose text this session's browser has been sent.
_SENT = "_hk_stylesheets_sent"


def stylesheet(path: str) -> None:
    """Put the stylesheet static/``path`` on the page; its text on the session's first run only.

    Every run puts a marker on the page, ``<style data-hk-sheet="<URL>">``
    (style-only, so Streamlit draws it nowhere), and static/app/styles.js
    (linked by :mod:`ui.layout`) keeps the stylesheet in the page while a
    marker for it is there: a page's own styles go when the visitor goes to
    another page. The first run of a session holds the text in the marker,
    so the first view is styled at once (a linked stylesheet applies only
    once fetched: captions below AA contrast, the map not yet filling the
    window); later runs send the marker alone, some 80 bytes, where the
    text was sent again on every rerun. Streamlit's sanitizer drops a
    ``<style>`` whose text holds a ``<``, so these files never have one
    (tests/test_layout.py).
    """
    url = static_url(path)
    sent: set[str] = st.session_state.setdefault(_SENT, set())
    text = "" if url in sent else (assets.STATIC_DIR / path).read_text(encoding="utf-8")
    sent.add(url)
    st.html(f'<style data-hk-sheet="{url}">{text}</style>')
