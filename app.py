"""Hotspotkaart: the frame. Page config, data, shared sidebar filters and
navigation; the pages in app_pages/ draw the map, the table and the about page.

The page scripts live in ``app_pages/``, not ``pages/``: Streamlit treats a
``pages/`` folder beside the main script as its legacy multipage mode."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import context, data, first_view, layout, sidebar

HERE = Path(__file__).resolve().parent

# A sidebar wide enough for the filter labels with their counts.
st.set_page_config(page_title="Hotspotkaart", page_icon="📍", layout="wide", initial_sidebar_state=340)

layout.apply()
snapshot = data.load()
result = snapshot.result
if result.fatal:
    st.navigation([st.Page(lambda: data.show_fatal(result), title="Hotspotkaart")], position="hidden").run()
    st.stop()

sidebar.init_defaults()
view, shown, notices = sidebar.read(result, snapshot.key)
context.publish(context.AppContext(data=result, view=view, shown=shown))

data.show_rejected(result)
data.show_refused(snapshot)

map_page = st.Page(HERE / "app_pages" / "kaart.py", title="Kaart", icon=":material/map:", default=True)
page = st.navigation(
    [
        map_page,
        st.Page(
            HERE / "app_pages" / "tabel.py", title="Tabel & export", icon=":material/table_view:", url_path="tabel"
        ),
        st.Page(HERE / "app_pages" / "over.py", title="Over de gegevens", icon=":material/info:", url_path="over"),
    ],
    position="top",
)
try:
    page.run()
finally:
    # After the page, so the map's update reaches the browser first.
    if page.url_path == map_page.url_path and first_view.widgets_wait():
        first_view.draw_placeholder(sidebar.count_markdown(result, shown))
    else:
        sidebar.draw(result, shown, notices, data_key=snapshot.key)
