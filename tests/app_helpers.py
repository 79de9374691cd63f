"""Helpers for AppTest runs of app.py."""

from __future__ import annotations

#: The presentation page's script (app.py's navigation).
PRESENTATIE_PAGE = "app_pages/presentatie.py"


def report_map_drawn(at) -> None:
    """What streamlit-folium's first report does: the map's state under its key, and a rerun.

    In a browser that report brings the sidebar's widgets on a first view
    (ui/first_view.py); AppTest runs no components, so tests do it themselves.
    """
    from ui.first_view import MAP_KEY

    at.session_state[MAP_KEY] = {"last_object_clicked": None, "last_object_clicked_count": 0}
    at.run()


def open_presentatie(at, **params):
    """Switch ``at`` to the presentation page with exactly these URL parameters (no others), and run it."""
    at.switch_page(PRESENTATIE_PAGE)
    for key in list(at.query_params):
        del at.query_params[key]
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _text(html_body: str) -> str:
    import re

    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html_body)).strip()


def titlebar(at) -> tuple[str, str]:
    """The map page's title bar (st.html): its heading and its summary line, as text (the filter line: filter_line)."""
    import re

    for element in at.main.html:
        match = re.search(
            r'<div class="hk-titlebar"[^>]*><h1>(.*?)</h1>(?:<a [^>]*>[^<]*</a>)?<p>(.*?)</p>',
            element.value,
            re.S,
        )
        if match:
            return _text(match.group(1)), _text(match.group(2))
    raise AssertionError("no title bar on this page")


def filter_line(at) -> str:
    """The title bar's line with the active filters in words (ui/text.py filter_html), as text."""
    import re

    for element in at.main.html:
        match = re.search(r'<p class="hk-filters">(.*?)</p>', element.value, re.S)
        if match:
            return _text(match.group(1))
    raise AssertionError("no filter line on this page")
