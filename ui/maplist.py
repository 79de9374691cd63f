"""The map as text: a list of the hotspots on the map, before the map (WCAG 1.1.1, 2.1.1, 2.4.1).

One collapsed expander at the top of the sidebar, which comes before the
map in the page's order (the map keeps its full height): its header is one tab stop, so a
keyboard user passes the map's many markers by leaving it closed or by
choosing from it; a screen reader user reads name, place, type, phase and
state of each hotspot. Each item is a button that selects its hotspot, as a
click on its marker does (``sidebar.select_hotspot``).

The selected hotspot comes first, then those within the radius (nearest
first), then the others by name. A very large view lists
:data:`MAX_LISTED` buttons and says where the rest is (Tabel & export).

The buttons are sent only while the list is open (a lazy expander: opening
it reruns the page, which fills it). Up to 150 buttons with Markdown labels,
drawn again on every run, held the map back: the browser draws them on the
thread the Leaflet map runs on, and a filter change at 1,000 hotspots took
about 4x as long until the map showed it (``benchmarks/map_browser.py``).
Whether the list is open is kept in the session (:data:`OPEN`), so it stays
open when a new count gives it a new label.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from hotspots.describe import facts, place_text
from ui import sidebar
from ui.text import md

#: Buttons at most: each is a widget Streamlit sends and keeps on every run.
MAX_LISTED = 150
#: Session key: whether the visitor opened the list (its buttons are drawn only then).
OPEN = "hk-maplist-open"
#: The expander's own widget key.
_EXPANDER = "hk-maplist-expander"


def _remember_open() -> None:
    st.session_state[OPEN] = bool(st.session_state.get(_EXPANDER))


def _order(on_map: pd.DataFrame, selected: str | None, reach: pd.DataFrame | None) -> list[str]:
    reach_ids = [] if reach is None else [i for i in reach["id"] if i != selected]
    first = ([selected] if selected is not None else []) + reach_ids
    rest = on_map[~on_map["id"].isin(first)].sort_values("name", key=lambda s: s.str.casefold())["id"].tolist()
    return [i for i in first if i in set(on_map["id"])] + rest


def item_label(record: dict, state: str) -> str:
    """One line: 'RoboValley / FRAIM · Delft, Zuid-Holland · Engineering · Groei · geselecteerd' (as Markdown)."""
    kind, phase = (f.value for f in facts(record)[:2])
    parts = [f"**{md(record['name'])}**", md(place_text(record)), md(kind), md(phase)]
    if state:
        parts.append(f"_{state}_")
    return " · ".join(parts)


def draw(on_map: pd.DataFrame, selected: str | None, reach: pd.DataFrame | None, radius_km: int) -> None:
    """The expander with one button per hotspot on the map (see the module docstring)."""
    count = len(on_map)
    noun = "hotspot" if count == 1 else "hotspots"
    if st.session_state.get(OPEN):
        # a new count is a new label, so a new expander: it opens as the visitor left it
        # (``expanded`` stays False: it is part of the element's id, and a new id would lose the focus)
        st.session_state[_EXPANDER] = True
    with st.container(key="hk-maplist"):
        listing = st.expander(f"Lijst van de {count} {noun} op de kaart", key=_EXPANDER, on_change=_remember_open)
    with listing:
        if not listing.open:
            return
        if on_map.empty:
            st.caption("Geen hotspots bij deze filters.")
            return
        order = _order(on_map, selected, reach)[:MAX_LISTED]
        reach_ids = set() if reach is None else set(reach["id"])
        # the listed rows as dicts in one go (a .loc per row cost ~0.3 s per run at 150 rows)
        records = on_map.set_index("id", drop=False).loc[order].to_dict("records")
        st.caption("Kies een hotspot voor de details en de hotspots binnen de straal, zoals een klik op de kaart.")
        for hotspot_id, record in zip(order, records, strict=True):
            state = (
                "geselecteerd"
                if hotspot_id == selected
                else (f"binnen {radius_km} km" if hotspot_id in reach_ids else "")
            )
            st.button(
                item_label(record, state),
                key=f"hk-list-{hotspot_id}",
                on_click=sidebar.select_hotspot,
                args=(hotspot_id,),
                type="tertiary",
            )
        if count > MAX_LISTED:
            st.caption(
                f"De eerste {MAX_LISTED} van {count}: de geselecteerde, die binnen de straal en de rest op naam. "
                "Verfijn de filters, of zie alle hotspots op Tabel & export."
            )
