"""Real browser: the pages' stylesheets go out once a session and apply at every moment.

ui/assets.py (stylesheet) draws each file with a style-only ``st.html``; the
message is large enough for Streamlit's message cache (.streamlit/config.toml,
``global.minCachedMessageSize``), so a rerun sends a reference, not the text,
and the browser keeps the very ``<style>`` element it has. A watcher put in
the page before Streamlit's own code (an animation-frame loop and a
MutationObserver) records every moment the styles are missing while the
page's text is shown. The one moment Streamlit leaves unstyled, a tab's first
page before the code drawing ``st.html`` has loaded, is checked with axe.
"""

from __future__ import annotations

from axe_check import page_violations, report
from browser_helpers import run_done
from playwright.sync_api import expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from hotspots.assets import STATIC_DIR

TIMEOUT_MS = 60_000
RERUNS = 10
STYLESHEETS = {path.name: path.read_text(encoding="utf-8") for path in (STATIC_DIR / "app").glob("*.css")}
SCRIPTS = {
    path.relative_to(STATIC_DIR).as_posix(): path.read_text(encoding="utf-8")
    for folder in ("app", "a11y", "map")
    for path in (STATIC_DIR / folder).glob("*.js")
}

#: Put in the page before any of its own scripts: records each animation frame and DOM change
#: at which an element the page's stylesheets style shows without those styles.
WATCH = """(checks) => {
    window.hkWatch = {frames: 0, seen: 0, unstyled: []};
    function look(kind) {
        for (const [selector, property, value] of checks) {
            const element = document.querySelector(selector);
            if (!element) continue;
            window.hkWatch.seen += 1;
            const actual = getComputedStyle(element).getPropertyValue(property).trim();
            if (actual !== value) {
                window.hkWatch.unstyled.push({kind, selector, property, actual,
                    sheets: document.querySelectorAll("style[data-hk-sheet]").length});
            }
        }
    }
    (function frame() { window.hkWatch.frames += 1; look("frame"); requestAnimationFrame(frame); })();
    new MutationObserver(() => look("change"))
        .observe(document, {childList: true, subtree: true, characterData: true});
}"""

#: layout.css: captions solid at 7:1 (Streamlit's own: 60 % opacity).
CAPTION = ['[data-testid="stMain"] [data-testid="stCaptionContainer"]', "opacity", "1"]
#: over.css: the legend's rows stacked.
LEGEND = [".hk-over-legend", "flex-direction", "column"]


def _record(page) -> list[bytes]:
    frames: list[bytes] = []
    page.on(
        "websocket",
        lambda ws: ws.on(
            "framereceived", lambda payload: frames.append(payload) if isinstance(payload, bytes) else None
        ),
    )
    return frames


def _messages(frames: list[bytes]) -> list[ForwardMsg]:
    messages = []
    for data in frames:
        msg = ForwardMsg()
        msg.ParseFromString(data)
        messages.append(msg)
    return messages


def _wait_for_finished_run(page, frames: list[bytes], start: int) -> None:
    """Until a run has finished (not one cut short by the next rerun) since frame ``start``."""

    def finished() -> bool:
        return any(
            m.WhichOneof("type") == "script_finished" and m.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY
            for m in _messages(frames[start:])
        )

    for _ in range(TIMEOUT_MS // 100):
        if finished():
            run_done(page, TIMEOUT_MS)
            return
        page.wait_for_timeout(100)  # polls the websocket frames Playwright has collected
    raise AssertionError("no script run finished")


def _watch(page, *checks: list[str]) -> None:
    page.add_init_script(f"({WATCH})({list(checks)!r})")


def _sheets(page) -> list[str]:
    """The stylesheets in the page, by file name."""
    return page.evaluate(
        """() => [...document.querySelectorAll("style[data-hk-sheet]")]
            .map((e) => e.getAttribute("data-hk-sheet").split("?")[0].split("/").pop())"""
    )


def _rerun_quickly(page, times: int) -> None:
    """Streamlit's rerun key, ``times`` times without waiting: each rerun cuts the last one short."""
    for _ in range(times):
        page.locator("body").press("r")


def _open_tabel(page, url: str) -> None:
    """The table page, its captions styled (once Streamlit's code for st.html has loaded; the run may end before) and its first run over."""
    page.goto(url + "/tabel")
    expect(page.locator(CAPTION[0]).first).to_have_css("opacity", "1", timeout=TIMEOUT_MS)
    run_done(page, TIMEOUT_MS)


def test_a_rerun_sends_no_stylesheet_or_script_again(streamlit_server, page):
    frames = _record(page)
    _open_tabel(page, streamlit_server())
    first = b"".join(frames)
    assert STYLESHEETS["layout.css"].encode() in first  # the first run sends the text
    assert not [name for name, text in SCRIPTS.items() if text.encode() in first]  # scripts are linked, never sent
    assert _sheets(page) == ["layout.css"]
    page.evaluate("document.querySelector('style[data-hk-sheet]').hkFirst = true")

    start = len(frames)
    _rerun_quickly(page, RERUNS)
    _wait_for_finished_run(page, frames, start)
    later = b"".join(frames[start:])
    assert len(later) > 0
    assert not [name for name, text in STYLESHEETS.items() if text.encode() in later]
    assert b"data-hk-sheet" not in later  # not even the element's tag: a reference to the cached message
    assert any(m.WhichOneof("type") == "ref_hash" for m in _messages(frames[start:]))
    assert not [name for name, text in SCRIPTS.items() if text.encode() in later]
    # the browser keeps the very element the first run drew: one copy, never replaced
    assert _sheets(page) == ["layout.css"]
    assert page.evaluate("document.querySelector('style[data-hk-sheet]').hkFirst === true")
    expect(page.locator(CAPTION[0]).first).to_have_css("opacity", "1")


def test_the_styles_apply_at_every_moment_through_quick_reruns(streamlit_server, page):
    _watch(page, CAPTION)
    frames = _record(page)
    _open_tabel(page, streamlit_server())
    # from here on the tab has Streamlit's code for st.html: no moment without the styles
    page.evaluate("window.hkWatch.unstyled = []; window.hkWatch.seen = 0")
    for _ in range(2):
        start = len(frames)
        _rerun_quickly(page, RERUNS)
        _wait_for_finished_run(page, frames, start)
    watch = page.evaluate("window.hkWatch")
    assert watch["seen"] > 20, watch  # the captions were there, frame after frame
    assert watch["unstyled"] == [], watch["unstyled"][:5]


def test_a_pages_own_styles_apply_on_that_page_only_and_at_once_when_back(streamlit_server, page):
    _watch(page, LEGEND, CAPTION)
    frames = _record(page)
    _open_tabel(page, streamlit_server())
    page.evaluate("window.hkWatch.unstyled = []")
    for _ in range(2):
        start = len(frames)
        page.get_by_role("link", name="Over de gegevens", exact=True).first.click()
        expect(page.locator(LEGEND[0]).first).to_be_visible(timeout=TIMEOUT_MS)
        _wait_for_finished_run(page, frames, start)
        assert _sheets(page) == ["layout.css", "over.css"]
        # the table page: over.css leaves with the page
        start = len(frames)
        page.get_by_role("link", name="Tabel & export", exact=True).first.click()
        expect(page.locator(LEGEND[0])).to_have_count(0, timeout=TIMEOUT_MS)
        _wait_for_finished_run(page, frames, start)
        assert _sheets(page) == ["layout.css"]
    watch = page.evaluate("window.hkWatch")
    assert watch["unstyled"] == [], watch["unstyled"][:5]


def test_a_first_view_before_the_styles_arrive_meets_aa(streamlit_server, page):
    """The moment Streamlit leaves unstyled, held open: its code for st.html never arrives.

    Until it has loaded, Streamlit draws Markdown (the captions) in its own
    styles; a full-suite run once checked /tabel in that moment. The theme
    (.streamlit/config.toml) keeps that state within WCAG AA as well.
    """
    page.route("**/static/js/Html.*.js", lambda route: route.abort())
    page.goto(streamlit_server() + "/tabel")
    expect(page.locator(CAPTION[0]).first).to_be_visible(timeout=TIMEOUT_MS)
    # the page as it settles otherwise: the sidebar's widgets drawn (their code loads as it comes, too)
    expect(page.get_by_role("textbox", name="Zoeken")).to_be_attached(timeout=TIMEOUT_MS)
    run_done(page, TIMEOUT_MS)
    assert _sheets(page) == []
    expect(page.locator(CAPTION[0]).first).to_have_css("opacity", "0.6")  # Streamlit's own caption
    violations = page_violations(page)
    assert not violations, f"{len(violations)} axe violations before the styles:\n{report(violations)}"
