"""Presenting: a deck of scenes full screen, stepped through with the keyboard or a clicker.

``/presentatie?presentatie=<id>&stap=<n>`` shows scene n (from 1) of a
shipped presentation (data/presentaties/<id>.json) or of a draft made on
the map page (ui/presentation_panel.py); ``?deck=<token>&stap=<n>`` a deck
shared as a link (ui/handout_ui.py). The whole deck is sent to the
browser once; stepping happens there (static/map/presentation.js),
without a rerun: the page is drawn once per visit. Without parameters, or
with one that does not work, the page lists the presentations.
"""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from hotspots import mapview
from hotspots.presentation import Presentation, PresentationError, available_presentations, load_presentation
from ui import context, handout_ui
from ui.assets import localise, stylesheet
from ui.presentation_panel import draft_by_key, session_draft
from ui.text import md

# The iframe's height follows the window (static/app/presenting.css); this is what streamlit-folium starts with.
MAP_HEIGHT = 720
MAP_KEY = "presentatie_kaart"


ctx = context.current()
# Only this page has no sidebar (static/app/no-sidebar.css).
stylesheet("app/no-sidebar.css")


def _presentation(requested: str) -> Presentation:
    """The shipped presentation, draft or shared deck in the URL; :class:`PresentationError` in Dutch otherwise."""
    if requested == handout_ui.LINK_ID:  # a shared link: the whole deck in the URL (deck=)
        return handout_ui.deck_from_link(ctx.all["id"])
    draft = draft_by_key(requested)
    if draft is not None:
        return draft
    if requested.startswith("concept-"):
        raise PresentationError(
            [
                "Deze presentatie was een concept van de kaartpagina en is niet meer beschikbaar "
                "(de app is opnieuw gestart, of het concept is te lang niet gebruikt). "
                "Download uw presentaties als JSON om ze te bewaren."
            ]
        )
    return load_presentation(requested, ctx.all["id"])


def _step(raw: str | None, total: int) -> int:
    """The 1-based step in the URL (1 when absent); :class:`PresentationError` when it is not one of the scenes."""
    if raw is None or raw.strip() == "":
        return 1
    try:
        step = int(raw.strip()) if len(raw.strip()) <= 6 else None
    except ValueError:
        step = None
    if step is None or not 1 <= step <= total:
        shown = raw if len(raw) <= 20 else raw[:19] + "…"
        raise PresentationError([f"Stap '{shown}' bestaat niet: deze presentatie heeft stap 1 tot en met {total}."])
    return step


def _listing() -> None:
    st.title("Presentaties")
    st.markdown(
        "Een presentatie toont scènes van de kaart schermvullend, met titel en toelichting. "
        "Volgende scène: **→**, **PageDown** of **spatie**; vorige: **←** of **PageUp**; "
        "**Home** en **End** voor de eerste en de laatste; **Esc** opent de kaart met de weergave van de scène."
    )
    draft = session_draft()
    if draft is not None:
        key, presentation = draft
        st.header("Uw presentatie")
        _entry(key, presentation, "Gemaakt op de kaartpagina; download hem daar als JSON om hem te bewaren.")
    st.header("Beschikbare presentaties")
    found = available_presentations()
    if not found:
        st.info("Er zijn geen presentaties meegeleverd.")
    for presentation_id, title, _path in found:
        try:
            presentation = load_presentation(presentation_id, ctx.all["id"])
        except PresentationError as error:
            st.markdown(f"**{md(title)}**")
            st.warning(
                "Deze presentatie kan niet worden geopend:\n" + "\n".join(f"- {md(p)}" for p in error.problems[:10])
            )
            continue
        _entry(presentation_id, presentation, presentation.description)
    st.caption("Een eigen presentatie maakt u op de kaartpagina, in het paneel **Presentatie** van de zijbalk.")


def _entry(key: str, presentation: Presentation, description: str) -> None:
    count = len(presentation.scenes)
    with st.container(border=True):
        st.markdown(f"**{md(presentation.title)}** · {count} {'scène' if count == 1 else 'scènes'}")
        if description:
            st.caption(md(description))
        st.page_link(
            "app_pages/presentatie.py",
            label="Presenteren",
            icon=":material/slideshow:",
            query_params={"presentatie": key, "stap": "1"},
        )


def _present(presentation: Presentation, url_id: str, step: int) -> None:
    # The address bar names the deck and the scene: also after st.page_link,
    # which leaves them out, and for a shared deck (deck=...): the browser
    # reads the first scene from it and keeps it in step (presentation.js).
    if st.query_params.get("presentatie") != url_id:
        st.query_params["presentatie"] = url_id
    st.query_params["stap"] = str(step)
    # presenting: no header or toolbar either, the map fills the window
    stylesheet("app/presenting.css")
    deck = mapview.deck_payload(presentation, ctx.all, url_id=url_id)
    with st.container(key="hk-presentation"):
        base = mapview.presentation_map(cluster=len(ctx.all) > mapview.CLUSTER_THRESHOLD)
        layer = mapview.presentation_layer(deck)
        localise(base, layer)
        st_folium(
            base,
            key=MAP_KEY,
            height=MAP_HEIGHT,
            use_container_width=True,
            feature_group_to_add=[layer],
            render=False,  # the whole HTML page is not needed: the map renders its parts (hotspots/mapview)
            returned_objects=[],  # nothing to report: a step never reruns the page
        )


requested = handout_ui.requested_id()
if not requested:
    _listing()
else:
    try:
        chosen = _presentation(requested)
        step = _step(st.query_params.get("stap"), len(chosen.scenes))
    except PresentationError as error:
        st.error("\n".join(f"- {md(problem)}" for problem in error.problems), icon=":material/error:")
        _listing()
    else:
        _present(chosen, requested, step)
