"""The map: hotspots by type and phase, radius rings, and the reach of a selected hotspot."""

from __future__ import annotations

import html

import streamlit as st

from hotspots import mapview, partners
from hotspots.describe import facts, place_text
from hotspots.mapcontent import MAX_RINGS_ALL, reach_summary
from hotspots.mapview.markers import marker_group
from hotspots.mapview.rings import ring_group
from hotspots.model import source_label
from hotspots.viewstate import RADII_MODES
from ui import cached, changes, context, first_view, handout_ui, map_screen, maplist
from ui.text import decimal, km, md

#: Hotspots of the reach list shown at once; the farther ones are in an expander.
REACH_LISTED = 10
#: Kansrijke partners listed for the selected hotspot (the Samenwerking page lists all).
TOP_PARTNERS = 5


ctx = context.current()
view = ctx.view
shown = ctx.shown
selected = ctx.selected

# Computed once per data version and view, shared by every session (ui/cached.py).
layers = cached.map_layers(ctx.data_key, ctx.all, shown, view)
content = layers.content
on_map, reach = content.on_map, content.reach

# The title bar: title, count and the filters in words; it wraps, and its height
# (static/app/titlebar.js) leaves the map below the rest of the window. Only numbers and vocabulary labels here
# (and, escaped, the selected hotspot's name in the announcement).
# What a screen reader hears when the count or the selection changes (the live region, static/a11y/page.js).
announce = f"{len(shown)} van {len(ctx.all)} hotspots op de kaart."
if selected is not None:
    announce += f" Geselecteerd: {selected['name']}, {len(reach)} binnen {view.radius_km} km."
map_screen.titlebar(
    view,
    "Innovatiehotspots in Zuid-Holland en Nederland",
    f"<strong>{len(shown)}</strong> van {len(ctx.all)} hotspots op de kaart · straal "
    f"<strong>{view.radius_km} km</strong> · cirkels: {html.escape(RADII_MODES[view.radii].lower())}",
    announce=announce,
    skip=True,  # past the list and the map, to the details
)
map_column, details = map_screen.map_and_details()
# Notices go with the details, so they never push the map down.
if shown.empty:
    details.warning("Geen hotspots bij deze filters. Pas de filters aan of kies **Filters wissen** in de zijbalk.")
if content.rings_capped:
    details.caption(
        f"Cirkels rond alle hotspots worden getekend tot {MAX_RINGS_ALL} hotspots; verfijn de filters om ze te zien."
    )

# The map as text, at the top of the sidebar: before the map's markers in the tab order,
# and costing the map none of its height (ui/maplist.py). Its place is taken here, its up to
# 150 buttons are sent after the map, so they never hold the map back. Not on a first view:
# the map is drawn before the sidebar's widgets.
list_slot = None if first_view.widgets_wait() else st.sidebar.container()

# The constant base map; `cluster` marks a large data set (wider marker groups when zoomed out).
# The map's first report (first_view.MAP_KEY) lets the sidebar draw its widgets.
cluster = len(ctx.all) > mapview.CLUSTER_THRESHOLD
map_screen.draw_map(
    map_column,
    lambda: (mapview.base_map(cluster=cluster), [ring_group(layers.rings), marker_group(layers.markers)]),
    first_view.MAP_KEY,
    on_map,
    cache_key=(ctx.data_key, view, cluster),  # they determine the layers (cached.map_layers)
)

if list_slot is not None:
    with list_slot:
        maplist.draw(on_map, None if selected is None else selected["id"], reach, view.radius_km)

with details:
    if selected is None:
        st.header("Details")
        st.info(
            f"Klik op een hotspot op de kaart, of kies er een in de zijbalk, voor de details en "
            f"de hotspots binnen {view.radius_km} km."
        )
    else:
        estimated = set(selected["estimated"])
        st.header(md(selected["name"]))
        st.markdown(md(place_text(selected)))
        if selected["id"] not in set(shown["id"]):
            st.caption("Deze hotspot valt buiten de huidige filters, maar blijft geselecteerd.")
        st.markdown(
            "\n".join(
                f"- **{fact.label}:** {md(fact.value)}{' _(inschatting)_' if fact.estimated else ''}"
                for fact in facts(selected)
            )
        )
        st.markdown(md(selected["focus"]))
        last_change = changes.last_changes().get(selected["id"])
        if last_change is not None:
            st.caption(
                f":material/history: Laatst gewijzigd op {md(changes.last_changed_text(last_change))}: "
                f"_{md(last_change.reason)}_"
            )
        with st.expander("Bronnen"):
            for source in selected["sources"]:
                st.markdown(f"- {md(source_label(source))}")
            if "location" in estimated:
                st.caption("De kaartlocatie is een inschatting: de campus of kernlocatie.")

        # What lies within the radius, whatever the filters: those the filters hide are marked.
        st.header(f"Binnen {view.radius_km} km")
        nearby = content.nearby
        listed, total = content.nearby_counts()
        if nearby is None or nearby.empty:
            st.write(f"Geen andere hotspots binnen {view.radius_km} km.")
        else:
            st.caption(reach_summary(listed, total))
            # A list, not a table: it wraps in the narrow panel, so name and distance
            # are always in view without scrolling sideways (a table needed that at 1366 px).
            lines = [
                f"{n}. **{md(row.name)}** ·\u00a0{km(row.distance_km)}"
                + ("" if row.shown else " · _buiten de filters_")
                + f"  \n   :gray[{md(row.place)}]"
                for n, row in enumerate(
                    nearby[["name", "place", "distance_km", "shown"]].itertuples(index=False), start=1
                )
            ]
            st.markdown("\n".join(lines[:REACH_LISTED]))
            if len(lines) > REACH_LISTED:
                with st.expander(f"Nog {len(lines) - REACH_LISTED} verder weg"):
                    st.markdown("\n".join(lines[REACH_LISTED:]))

        # A Markdown heading: it looks like st.header; the panel's headers (AppTest) stay the hotspot and its reach.
        st.markdown("## Kansrijke partners")
        partner_links = cached.partner_links(
            ctx.data_key, tuple(on_map["id"]), on_map, view.radius_km, cached.kinds_key(partners.KINDS)
        )
        top = partners.partners_of(partner_links, selected["id"], limit=TOP_PARTNERS)
        if top.empty:
            st.write(f"Geen getoonde hotspots binnen {view.radius_km} km die iets met deze hotspot delen.")
        else:
            partner_names = dict(zip(on_map["id"], on_map["name"], strict=True))
            st.caption(
                f"Binnen {view.radius_km} km met een gedeelde productketen, type of Digitaal Verbinden; sterkste eerst"
            )
            st.markdown(
                "\n".join(
                    f"{n}. **{md(partner_names[row.partner])}** · {decimal(row.distance_km, 1)} km  \n   {md(row.reasons)}"
                    for n, row in enumerate(top.itertuples(index=False), start=1)
                )
            )
        st.page_link(
            "app_pages/samenwerking.py",
            label="Alle partners op Samenwerking",
            icon=":material/hub:",
        )

with details:  # the current view as a PNG (ui/handout_ui.py)
    handout_ui.map_picture(ctx.all, shown, view, ctx.data_key)
