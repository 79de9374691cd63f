"""The pages link their styles and scripts as files the app serves (static/app), never as text on every run."""

from __future__ import annotations

import hashlib
import re

import pytest

from hotspots import assets
from hotspots.assets import ROOT, STATIC_DIR
from ui import layout


def _html_bodies(at) -> list[str]:
    return [element.proto.body for element in at.get("html")]


def _linked(at) -> set[str]:
    """The static files the page's st.html elements link, as paths under static/."""
    found = set()
    for body in _html_bodies(at):
        found.update(re.findall(r'(?:@import url\("|<script src=")/app/static/([^"?]+)\?v=[0-9a-f]{12}"', body))
    return found


def test_own_url_is_versioned_by_the_files_digest():
    digest = hashlib.sha256((STATIC_DIR / "app" / "layout.css").read_bytes()).hexdigest()[:12]
    assert assets.own_url("app/layout.css") == f"/app/static/app/layout.css?v={digest}"
    assert assets.own_url("app/layout.js", "/kaart/").startswith("/kaart/app/static/app/layout.js?v=")
    with pytest.raises(FileNotFoundError):
        assets.own_url("app/missing.css")


def test_the_frame_links_its_files_and_sends_no_styles_or_script(app):
    at = app()
    assert {"app/layout.css", "app/layout.js", "a11y/page.js", "app/dutch-words.js"} <= _linked(at)
    for body in _html_bodies(at):
        if "<style>" in body:
            assert re.fullmatch(r'<style>@import url\("[^"]+"\);</style>', body), body[:200]
        if "<script" in body:
            assert re.fullmatch(r'(<script src="[^"]+"( data-narrow="\d+")?></script>)+', body), body[:200]
    assert f'data-narrow="{layout.NARROW_PX}"' in " ".join(_html_bodies(at))
    # the same tags on a rerun: nothing new for the browser to load or run
    before = sorted(_html_bodies(at))
    at.run()
    assert sorted(_html_bodies(at)) == before


def test_the_presentation_page_links_its_styles(app):
    at = app(data=ROOT / "data" / "hotspots.geojson")
    at.switch_page("app_pages/presentatie.py")
    for key in list(at.query_params):
        del at.query_params[key]
    at.query_params["presentatie"] = "hotspots-zuid-holland"
    at.run()
    assert not at.exception and not at.error
    assert {"app/no-sidebar.css", "app/presenting.css"} <= _linked(at)
    for body in _html_bodies(at):
        assert "display: none" not in body


def test_the_over_page_links_its_legend_styles(app):
    at = app()
    at.switch_page("app_pages/over.py")
    at.run()
    assert not at.exception
    assert "app/over.css" in _linked(at)
    assert not [body for body in _html_bodies(at) if "hk-over-legend{" in body or "hk-over-legend {" in body]


def test_the_linked_files_have_no_markup():
    for path in (STATIC_DIR / "app").iterdir():
        assert "<" not in path.read_text(encoding="utf-8").replace("</", "") or path.suffix == ".js", path
