"""Helpers for AppTest runs of app.py."""

from __future__ import annotations


def report_map_drawn(at) -> None:
    """What streamlit-folium's first report does: the map's state under its key, and a rerun.

    In a browser that report brings the sidebar's widgets on a first view
    (ui/first_view.py); AppTest runs no components, so tests do it themselves.
    """
    from ui.first_view import MAP_KEY

    at.session_state[MAP_KEY] = {"last_object_clicked": None, "last_object_clicked_count": 0}
    at.run()
