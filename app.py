"""Hotspotkaart: the frame. Page config, data, shared sidebar filters and
navigation; the pages in pages/ draw the map and the table."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from ui import context, data, sidebar

HERE = Path(__file__).resolve().parent

# A sidebar wide enough for the filter labels with their counts.
st.set_page_config(page_title="Hotspotkaart", page_icon="📍", layout="wide", initial_sidebar_state=340)

# Seeing a pages/ folder, a fresh server runs its very first script run in
# Streamlit's legacy multipage mode, in which the sidebar's widget state is
# lost when st.navigation takes over below. Leave that mode before drawing
# anything (st.navigation would switch it off too, but only after the widgets).
if PagesManager.uses_pages_directory:
    PagesManager.uses_pages_directory = False
    st.rerun()

result = data.load()
if result.fatal:
    # Through st.navigation, so Streamlit does not list the pages/ scripts.
    st.navigation([st.Page(lambda: data.show_fatal(result), title="Hotspotkaart")], position="hidden").run()
    st.stop()

sidebar.init_defaults()
view, shown, notices = sidebar.read(result)
context.publish(context.AppContext(data=result, view=view, shown=shown))

data.show_rejected(result)

map_page = st.Page(HERE / "pages" / "kaart.py", title="Kaart", icon=":material/map:", default=True)
page = st.navigation(
    [
        map_page,
        st.Page(HERE / "pages" / "tabel.py", title="Tabel & export", icon=":material/table_view:", url_path="tabel"),
        st.Page(HERE / "pages" / "over.py", title="Over de gegevens", icon=":material/info:", url_path="over"),
    ],
    position="top",
)
try:
    page.run()
finally:
    # After the page, so the map's update reaches the browser first.
    if page.url_path == map_page.url_path and sidebar.widgets_wait_for_the_map():
        sidebar.draw_placeholder(result, shown)
    else:
        sidebar.draw(result, shown, notices)
