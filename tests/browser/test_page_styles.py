"""Real browser: the pages' stylesheets are kept in the page, one copy each (static/app/styles.js).

Every run sends each stylesheet's marker with its text (ui/assets.py,
stylesheet); the styles stay applied through reruns, and a page's own
styles apply on that page only, again at once when the visitor comes back.
"""

from __future__ import annotations

from playwright.sync_api import expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from hotspots.assets import STATIC_DIR

TIMEOUT_MS = 60_000
LAYOUT_CSS = (STATIC_DIR / "app" / "layout.css").read_text(encoding="utf-8")
OVER_CSS = (STATIC_DIR / "app" / "over.css").read_text(encoding="utf-8")


def _record(page) -> list[bytes]:
    frames: list[bytes] = []
    page.on(
        "websocket",
        lambda ws: ws.on(
            "framereceived", lambda payload: frames.append(payload) if isinstance(payload, bytes) else None
        ),
    )
    return frames


def _finished(frames: list[bytes], start: int) -> bool:
    """Whether a script run has finished since frame ``start``."""
    for data in frames[start:]:
        msg = ForwardMsg()
        msg.ParseFromString(data)
        if msg.WhichOneof("type") == "script_finished":
            return True
    return False


def _wait_for_run(page, frames: list[bytes], start: int) -> None:
    for _ in range(TIMEOUT_MS // 100):
        if _finished(frames, start):
            return
        page.wait_for_timeout(100)
    raise AssertionError("no script run finished")


def _kept(page, name: str):
    """Whether styles.js keeps static/app/``name`` in the page, and whether it is on."""
    return page.evaluate(
        """(name) => {
            const kept = [...document.querySelectorAll("[data-hk-kept]")]
                .filter((e) => e.getAttribute("data-hk-kept").split("?")[0].endsWith("/" + name));
            return kept.map((e) => ({tag: e.tagName, on: !e.disabled}));
        }""",
        name,
    )


def _text_of_marker(page, name: str) -> str | None:
    return page.evaluate(
        """(name) => {
            const marker = [...document.querySelectorAll("style[data-hk-sheet]")]
                .find((e) => e.getAttribute("data-hk-sheet").split("?")[0].endsWith("/" + name));
            return marker ? marker.textContent : null;
        }""",
        name,
    )


def test_a_rerun_keeps_the_styles_and_one_copy_of_them(streamlit_server, page):
    frames = _record(page)
    page.goto(streamlit_server())
    expect(page.locator('[data-testid="stSidebar"]').get_by_role("textbox", name="Zoeken")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    # the run sent layout.css's text; styles.js keeps a copy, not a download
    assert any(LAYOUT_CSS.encode() in data for data in frames)
    page.wait_for_function("() => window.hkModules && window.hkModules.styles")
    assert _kept(page, "layout.css") == [{"tag": "STYLE", "on": True}]
    for _ in range(2):
        start = len(frames)
        page.locator("body").press("r")  # Streamlit's rerun key
        _wait_for_run(page, frames, start)
        assert b"data-hk-sheet" in b"".join(frames[start:])  # the marker, with the text (ui/assets.py)
        assert _text_of_marker(page, "layout.css") == LAYOUT_CSS
        # layout.css still applies: its custom properties and the map's height
        assert page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--hk-header')") == "3.75rem"
        assert _kept(page, "layout.css") == [{"tag": "STYLE", "on": True}]


def test_a_pages_own_styles_apply_on_that_page_only_and_come_back(streamlit_server, page):
    frames = _record(page)
    page.goto(streamlit_server())
    expect(page.locator('[data-testid="stSidebar"]').get_by_role("textbox", name="Zoeken")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    page.get_by_role("link", name="Over de gegevens").click()
    legend = page.locator(".hk-over-legend").first
    expect(legend).to_be_visible(timeout=TIMEOUT_MS)
    expect(legend).to_have_css("flex-direction", "column")  # over.css
    assert _kept(page, "over.css") == [{"tag": "STYLE", "on": True}]
    # the map page: over.css is off
    page.get_by_role("link", name="Kaart").first.click()
    expect(page.locator(".hk-over-legend")).to_have_count(0, timeout=TIMEOUT_MS)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-hk-kept]')]"
        ".some((e) => e.getAttribute('data-hk-kept').includes('/app/over.css') && e.disabled)"
    )
    assert _kept(page, "layout.css") == [{"tag": "STYLE", "on": True}]
    # back: on again at once, still one copy
    start = len(frames)
    page.get_by_role("link", name="Over de gegevens").click()
    expect(legend).to_be_visible(timeout=TIMEOUT_MS)
    expect(legend).to_have_css("flex-direction", "column")
    assert _kept(page, "over.css") == [{"tag": "STYLE", "on": True}]
    _wait_for_run(page, frames, start)
    assert _text_of_marker(page, "over.css") == OVER_CSS
