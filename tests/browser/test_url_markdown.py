"""Real browser: Markdown, images and LaTeX in the URL show as plain text in the app's notices.

The inputs of issue 21 (item 6): a link and an image in ``hotspot``, an image
as a parameter name, and the same in ``type``, ``scope``, ``phase`` and
``koppel`` on /samenwerking. The notice must show the text as written, with
no link or image in it, and the browser must fetch nothing from the hosts the
URL names.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import expect

TIMEOUT_MS = 30_000
HOSTILE = [
    ("/", "hotspot", "[Inloggen](http://127.0.0.1:8729/phish)"),
    ("/", "hotspot", "![x](http://127.0.0.1:8729/h.gif)"),
    ("/", None, "![p](//127.0.0.1:8729/p.gif)"),  # as a parameter name
    ("/", "type", "![t](http://127.0.0.1:8729/t.gif)"),
    ("/", "hotspot", "$\\sqrt{x}$ [y](http://127.0.0.1:8729/y)"),
    ("/samenwerking", "scope", "![s](http://127.0.0.1:8729/s.gif)"),
    ("/samenwerking", "phase", "[Inloggen](http://127.0.0.1:8729/phish)"),
    ("/samenwerking", "koppel", "![k](http://127.0.0.1:8729/k.gif)"),
]


@pytest.mark.parametrize(("path", "name", "value"), HOSTILE)
def test_url_text_is_shown_as_written(streamlit_server, page, network, path, name, value):
    network.block_external()
    query = f"{quote(value, safe='')}=1" if name is None else f"{name}={quote(value, safe='')}"
    page.goto(f"{streamlit_server()}{path}?{query}")
    shown = value.lower() if name in {"type", "scope", "phase", "koppel"} else value
    notice = page.locator('[data-testid="stAlertContainer"]', has_text="8729/")
    expect(notice.first).to_be_visible(timeout=TIMEOUT_MS)
    assert notice.count() == 1
    # The text as written, nothing made of it: no link, no image, no formula.
    # (ui.text.md puts an invisible word joiner into "://", which GFM would make a link)
    # (quoted as Python's repr, as every notice quotes a value: a backslash shows doubled)
    assert repr(shown) in notice.inner_text().replace("\u2060", "")
    assert notice.locator("a, img, .katex, math").count() == 0
    assert page.locator('a[href*="8729"], img[src*="8729"]').count() == 0
    # ... and the browser asked the named host for nothing.
    assert [r.url for r in network.requests if ":8729" in r.url] == []
