"""Hotspotkaart: the frame. Page config, data, shared sidebar filters and
navigation; the pages in app_pages/ draw the map, the table and the about page.

The page scripts live in ``app_pages/``, not ``pages/``: Streamlit treats a
``pages/`` folder beside the main script as its legacy multipage mode."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from hotspots.pages import PAGES
from ui import context, data, first_view, layout, presentation_panel, sidebar, turns

HERE = Path(__file__).resolve().parent


def main() -> None:
    """One script run: the frame, then the page."""
    # A sidebar wide enough for the filter labels with their counts.
    st.set_page_config(page_title="Hotspotkaart", page_icon="📍", layout="wide", initial_sidebar_state=340)

    layout.apply()
    snapshot = data.load()
    seen = data.stamp(snapshot)  # what this run shows: a fragment reruns the page when the data changes
    result = snapshot.result
    if result.fatal:
        st.navigation([st.Page(lambda: data.show_fatal(result), title="Hotspotkaart")], position="hidden").run()
        data.watch(seen)
        st.stop()

    # Made once per session (a page object costs path look-ups), not on every run: Streamlit
    # marks the one it returns, so sessions do not share them.
    pages = st.session_state.get("_hk_pages")
    if pages is None:
        pages = st.session_state["_hk_pages"] = {
            spec.url_path: st.Page(
                HERE / "app_pages" / spec.script,
                title=spec.title,
                icon=spec.icon,
                url_path=spec.url_path or None,
                default=not spec.url_path,
            )
            for spec in PAGES
        }
    page = st.navigation(list(pages.values()), position="top")
    spec = next(s for s in PAGES if pages[s.url_path].url_path == page.url_path)
    # A title per page (WCAG 2.4.2): the page's name first, as a browser tab shows it.
    st.set_page_config(page_title=f"{spec.title} · Hotspotkaart")

    sidebar.init_defaults()
    view, shown, notices = sidebar.read(result, snapshot.key, page_params=spec.params)
    context.publish(context.AppContext(data=result, view=view, shown=shown, data_key=snapshot.key))

    data.show_rejected(result)
    data.show_refused(snapshot)

    try:
        page.run()
    finally:
        # After the page, so the map's update reaches the browser first.
        if spec.url_path == "" and first_view.widgets_wait():
            first_view.draw_placeholder(sidebar.count_markdown(result, shown))
        elif spec.sidebar:
            sidebar.draw(result, shown, notices, data_key=snapshot.key)
            if spec.url_path == "":
                presentation_panel.draw(result, view)
        # Last: every few seconds' tick must not hold anything back (ui/data.py).
        data.watch(seen)


# One run at a time per process, first come first served (ui/turns.py): runs at the same time
# share one interpreter lock, take each as long as all of them together and finish together.
with turns.RUNS.turn():
    main()
