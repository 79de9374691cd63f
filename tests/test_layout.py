"""The pages' styles and scripts are files in static/: scripts linked with a versioned URL, styles sent once a session.

Once: Streamlit's message cache (``global.minCachedMessageSize`` in
.streamlit/config.toml) sends a reference on a rerun; the browser side of it is
tests/browser/test_page_styles.py.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import tomllib

import pytest
from app_helpers import open_presentatie
from streamlit import config
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime import forward_msg_cache

from hotspots import assets
from hotspots.assets import ROOT, STATIC_DIR
from hotspots.pages import PAGES
from ui import layout


def _html_bodies(at) -> list[str]:
    return [element.proto.body for element in at.get("html")]


STYLE_MARKER = re.compile(r'<style data-hk-sheet="/app/static/([^"?]+)\?v=([0-9a-f]{12})">(.*)</style>', re.DOTALL)


def _styles(at) -> dict[str, str]:
    """The stylesheets the page's st.html elements name (path under static/) and the text each holds."""
    found = {}
    for body in _html_bodies(at):
        if match := STYLE_MARKER.fullmatch(body):
            path, version, text = match.groups()
            assert version == hashlib.sha256((STATIC_DIR / path).read_bytes()).hexdigest()[:12]
            assert text == (STATIC_DIR / path).read_text(encoding="utf-8"), path
            found[path] = text
    return found


def _linked(at) -> set[str]:
    """The static files the page's st.html elements link or name, as paths under static/."""
    found = set(_styles(at))
    for body in _html_bodies(at):
        found.update(re.findall(r'<script src="/app/static/([^"?]+)\?v=[0-9a-f]{12}"', body))
    return found


def test_own_url_is_versioned_by_the_files_digest():
    digest = hashlib.sha256((STATIC_DIR / "app" / "layout.css").read_bytes()).hexdigest()[:12]
    assert assets.own_url("app/layout.css") == f"/app/static/app/layout.css?v={digest}"
    assert assets.own_url("app/layout.js", "/kaart/").startswith("/kaart/app/static/app/layout.js?v=")
    with pytest.raises(FileNotFoundError):
        assets.own_url("app/missing.css")


def test_the_frame_links_its_scripts_and_holds_its_styles_from_static(app):
    at = app()
    assert {"app/layout.css", "app/layout.js", "a11y/page.js", "app/dutch-words.js"} <= _linked(at)
    for body in _html_bodies(at):
        if "<script" in body:
            assert re.fullmatch(
                r'(<script src="[^"]+"( data-narrow="\d+" data-phone="\d+"| data-pages="[^"]+")?></script>)+', body
            ), body[:200]
    assert f'data-narrow="{layout.NARROW_PX}" data-phone="{layout.PHONE_PX}"' in " ".join(_html_bodies(at))
    # the small screen's page menu (static/app/pagenav.js): every page of hotspots.pages.PAGES, as the browser reads it
    menu = re.search(r'<script src="[^"]+pagenav\.js[^"]*" data-pages="([^"]+)"', " ".join(_html_bodies(at)))
    assert menu is not None
    assert json.loads(html.unescape(menu.group(1))) == [{"path": p.url_path, "title": p.title} for p in PAGES]
    # the same tags on a rerun: nothing new for the browser to load or run
    before = sorted(_html_bodies(at))
    at.run()
    assert sorted(_html_bodies(at)) == before


def test_every_run_draws_the_same_stylesheet_element_and_a_pages_own_only_there(app):
    """The same element every run: Streamlit's message cache then sends it once (a reference after)."""
    at = app(map_reported=False)
    layout = (STATIC_DIR / "app" / "layout.css").read_text(encoding="utf-8")
    for _ in range(2):
        # the text itself, never an empty marker: a rerun that replaced the text with a marker
        # before a script had kept a copy left the page unstyled for a moment (23a327a)
        assert _styles(at)["app/layout.css"] == layout
        at.run()
    at.switch_page("app_pages/over.py").run()
    assert _styles(at)["app/over.css"] == (STATIC_DIR / "app" / "over.css").read_text(encoding="utf-8")
    at.switch_page("app_pages/kaart.py").run()
    assert "app/over.css" not in _styles(at)


def test_the_presentation_page_links_its_styles(app):
    at = app(data=ROOT / "data" / "hotspots.geojson")
    at = open_presentatie(at, presentatie="hotspots-zuid-holland")
    assert not at.exception and not at.error
    assert {"app/no-sidebar.css", "app/presenting.css"} <= _linked(at)


def test_the_over_page_links_its_legend_styles(app):
    at = app()
    at.switch_page("app_pages/over.py")
    at.run()
    assert not at.exception
    assert "app/over.css" in _linked(at)


def test_every_stylesheets_message_is_cached_by_streamlit():
    """Each stylesheet's message reaches the size from which Streamlit sends a rerun a reference."""
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))

    def cached(path, minimum) -> bool:
        path_in_static = path.relative_to(STATIC_DIR).as_posix()
        msg = ForwardMsg()
        msg.delta.new_element.html.body = (
            f'<style data-hk-sheet="{assets.own_url(path_in_static)}">{path.read_text(encoding="utf-8")}</style>'
        )
        previous = config.get_option("global.minCachedMessageSize")
        config.set_option("global.minCachedMessageSize", minimum)
        try:
            forward_msg_cache.populate_hash_if_needed(msg)
        finally:
            config.set_option("global.minCachedMessageSize", previous)
        return msg.metadata.cacheable

    for path in sorted((STATIC_DIR / "app").glob("*.css")):
        assert cached(path, settings["global"]["minCachedMessageSize"]), path.name
        assert not cached(path, 10e3), path.name  # Streamlit's default: sent with every run


def test_the_page_styles_survive_the_html_sanitizer():
    # DOMPurify drops a <style> element whose text contains "<" (so would Streamlit's st.html)
    for path in (STATIC_DIR / "app").glob("*.css"):
        assert "<" not in path.read_text(encoding="utf-8"), path
    assert ".st-key-hk-map iframe" in layout.STYLE_FILE.read_text(encoding="utf-8")
