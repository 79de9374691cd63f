"""The page frame's styles and scripts, files the app serves (static/app, static/a11y).

- static/app/layout.css: the map fills the screen at every size.
- static/app/layout.js: on a narrow screen (a tablet) the sidebar starts
  collapsed. Streamlit's ``initial_sidebar_state="auto"`` collapses it only
  below 768 px, and a tablet in portrait is 820 px wide; the script collapses
  it once per browser tab when the window is narrower than :data:`NARROW_PX`,
  unless the user has already touched the page; on a phone (narrower than
  :data:`PHONE_PX`) it closes the sidebar after a filter is changed there, so
  the map shows the result (tests/browser/test_phone.py).
- static/a11y/page.js: Dutch for screen readers, the map frame's name and
  the live region.
- static/app/dutch-words.js: Dutch for the words of Streamlit's file
  uploader (tests/browser/test_dutch_words.py).
- static/app/titlebar.js: the map page's title bar wraps (the filters in
  words); its height sets ``--hk-titlebar`` for the map's height.
- static/app/pagenav.js: below 768 px, where Streamlit moves its page links
  into the (closed) sidebar, a "Pagina's" menu in the top bar holds the
  pages of :data:`hotspots.pages.PAGES` (tests/browser/test_phone.py).

The scripts are linked with a versioned URL: the browser loads them once, a
rerun sends the same short tags and no script. The styles go into the page
on a session's first run, ahead of the page's text; a rerun sends a reference
to them (:func:`ui.assets.stylesheet`; tests/test_layout.py,
tests/browser/test_page_styles.py).
"""

from __future__ import annotations

import html
import json
from functools import lru_cache

import streamlit as st

from hotspots.assets import STATIC_DIR, own_url
from hotspots.pages import PAGES
from ui.assets import stylesheet

STYLE_FILE = STATIC_DIR / "app" / "layout.css"
#: The key of the sidebar's count of hotspots: bold and large (layout.css), but not a heading: the
#: sidebar comes before the page in the reading order, and the page's h1 must come first (WCAG 1.3.1).
COUNT_KEY = "hk-count"
#: Windows narrower than this start with the sidebar collapsed.
NARROW_PX = 1000
#: Windows narrower than this (phones) close the sidebar after a filter changes there.
PHONE_PX = 640


def page_menu() -> str:
    """The pages for the small screen's menu (static/app/pagenav.js), from :data:`hotspots.pages.PAGES`, as JSON."""
    return json.dumps([{"path": page.url_path, "title": page.title} for page in PAGES], ensure_ascii=False)


def apply() -> None:
    """Put the frame's styles on the page and link its scripts."""
    stylesheet("app/layout.css")
    # in the sidebar: an element in the main column would add a gap above the title
    st.sidebar.html(_scripts(st.get_option("server.baseUrlPath")), unsafe_allow_javascript=True)


@lru_cache(maxsize=4)
def _scripts(base_url_path: str) -> str:
    """The frame's script tags, made once per process (their URLs' versions are read once too)."""

    def url(path: str) -> str:
        return own_url(path, base_url_path)

    return (
        f'<script src="{url("app/layout.js")}" data-narrow="{NARROW_PX}" data-phone="{PHONE_PX}"></script>'
        f'<script src="{url("a11y/page.js")}"></script>'
        f'<script src="{url("app/dutch-words.js")}"></script>'
        f'<script src="{url("app/titlebar.js")}"></script>'
        f'<script src="{url("app/pagenav.js")}" data-pages="{html.escape(page_menu(), quote=True)}"></script>'
    )
