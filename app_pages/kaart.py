"""The map: hotspots by type and phase, radius rings, and the reach of a selected hotspot."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from hotspots import geo, mapview
from hotspots.model import PHASES, PRODUCT_CHAINS, TYPES, label, labels, source_label
from hotspots.viewstate import RADII_MODES
from ui import context, sidebar
from ui.assets import localise
from ui.text import md

# Map top + height must fit a 1600x900 screen: a click focuses the map's
# iframe, and a browser scrolls a partly hidden focused iframe into view,
# which would make the page jump under the presenter's mouse.
MAP_HEIGHT = 600

ctx = context.current()
view = ctx.view
shown = ctx.shown
selected = ctx.selected

# The selected hotspot stays on the map even when the filters hide it.
on_map = shown
if selected is not None and selected["id"] not in set(shown["id"]):
    on_map = pd.concat([shown, ctx.all[ctx.all["id"] == selected["id"]]])

reach = None
if selected is not None:
    reach = geo.hotspots_within(on_map, selected["id"], view.radius_km)

# Rings: around the selection (default), around every shown hotspot, or none.
ring_ids: list[str] = []
reference_ids: list[str] = []
rings_capped = False
if view.radii != "geen":
    if selected is not None:
        reference_ids = [selected["id"]]
    if view.radii == "alle":
        ring_ids = list(on_map["id"])
        if len(ring_ids) > mapview.MAX_RINGS_ALL:
            ring_ids, rings_capped = ([selected["id"]] if selected is not None else []), True
    elif selected is not None:
        ring_ids = [selected["id"]]

st.markdown("#### Innovatiehotspots in Zuid-Holland en Nederland")
summary = f"**{len(shown)}** van {len(ctx.all)} hotspots op de kaart · straal **{view.radius_km} km** · cirkels: {RADII_MODES[view.radii].lower()}"
st.markdown(summary)

map_column, detail_column = st.columns([2.3, 1], gap="medium")


def _select_clicked(markers) -> None:
    """Map callback: a click on a marker selects that hotspot; other clicks change nothing."""
    clicked = (st.session_state.get(sidebar.MAP_KEY) or {}).get("last_object_clicked") or {}
    try:
        hotspot_id = mapview.hotspot_at(markers, float(clicked["lat"]), float(clicked["lng"]))
    except (KeyError, TypeError, ValueError):
        return
    if hotspot_id is not None:
        sidebar.select_hotspot(hotspot_id)


with map_column:
    if shown.empty:
        st.warning("Geen hotspots bij deze filters. Pas de filters aan of kies **Filters wissen** in de zijbalk.")
    if rings_capped:
        st.caption(
            f"Cirkels rond alle hotspots worden getekend tot {mapview.MAX_RINGS_ALL} hotspots; "
            "verfijn de filters om ze te zien."
        )
    # Markercluster is loaded with the map when the data set is large enough to need it.
    base = mapview.base_map(cluster=len(ctx.all) > mapview.CLUSTER_THRESHOLD)
    markers = mapview.hotspot_layer(
        on_map,
        selected=view.hotspot,
        reach=[] if reach is None else reach["id"],
    )
    rings = mapview.ring_layer(on_map, ring_ids, view.radius_km, reference_ids=reference_ids, label_ids=reference_ids)
    localise(base, rings, markers)
    st_folium(
        base,
        key=sidebar.MAP_KEY,  # its first report lets the sidebar draw its widgets
        height=MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=[rings, markers],
        returned_objects=["last_object_clicked", "last_object_clicked_count"],
        on_change=partial(_select_clicked, on_map[["id", "geometry"]].copy()),
    )

with detail_column:
    if selected is None:
        st.subheader("Details")
        st.info(
            f"Klik op een hotspot op de kaart, of kies er een in de zijbalk, voor de details en "
            f"de hotspots binnen {view.radius_km} km."
        )
    else:
        estimated = set(selected["estimated"])

        def est(field: str) -> str:
            return " _(inschatting)_" if field in estimated else ""

        st.subheader(md(selected["name"]))
        st.markdown(f"{md(selected['place'])}, {md(selected['province'])}")
        if selected["id"] not in set(shown["id"]):
            st.caption("Deze hotspot valt buiten de huidige filters, maar blijft geselecteerd.")
        chains = labels(PRODUCT_CHAINS, selected["product_chains"])
        st.markdown(
            "\n".join(
                [
                    f"- **Type:** {md(', '.join(labels(TYPES, selected['types'])))}{est('types')}",
                    f"- **Fase:** {md(label(PHASES, selected['phase']))}{est('phase')}",
                    f"- **Productketens:** {md(', '.join(chains) or 'geen')}{est('product_chains')}",
                    f"- **Digitaal Verbinden:** {'besproken' if selected['digitaal_verbinden'] else 'niet besproken'}",
                    f"- **Ankers:** {md(', '.join(selected['anchors']) or '—')}",
                ]
            )
        )
        st.markdown(md(selected["focus"]))
        with st.expander("Bronnen"):
            for source in selected["sources"]:
                st.markdown(f"- {md(source_label(source))}")
            if "location" in estimated:
                st.caption("De kaartlocatie is een inschatting: de campus of kernlocatie.")

        st.subheader(f"Binnen {view.radius_km} km")
        if reach.empty:
            st.write(f"Geen andere getoonde hotspots binnen {view.radius_km} km.")
        else:
            st.caption(f"{len(reach)} {'hotspot' if len(reach) == 1 else 'hotspots'}, dichtstbijzijnde eerst")
            st.dataframe(
                pd.DataFrame(
                    {
                        "Hotspot": reach["name"].to_numpy(),
                        "Plaats": reach["place"].to_numpy(),
                        "Afstand (km)": reach["distance_km"].round(1).to_numpy(),
                    }
                ),
                hide_index=True,
                width="stretch",
                height=min(38 + 35 * len(reach), 420),
                column_config={"Afstand (km)": st.column_config.NumberColumn(format="%.1f")},
            )
