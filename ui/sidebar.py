"""The shared filters in the sidebar, kept in step with the URL.

On a session's first run the URL's query parameters set the widgets; after
that the widgets are the truth and every run writes the view back to the
URL, so the address bar can always be copied and shared.

Every widget key has a value in the session state before any widget is
drawn (:func:`init_defaults`, the URL, the widgets' own state), so the view
is known up front: :func:`read` works it out, the page draws the map, and
:func:`draw` puts the widgets in the sidebar afterwards, so the browser gets
the map's update first. On a session's first view of the map the widgets
wait one run longer, until the map is drawn (:mod:`ui.first_view`).
"""

from __future__ import annotations

import streamlit as st

from hotspots import glossary, mapview
from hotspots.filters import EITHER, FILTERS, MANY, ONE, Filter, FilterState
from hotspots.io import LoadResult
from hotspots.viewstate import (
    RADII_MODES,
    ViewState,
    parse_query_params,
    radius_choices,
    to_query_params,
)
from ui import cached, first_view, layout
from ui.text import md

K_QUERY, K_RADIUS, K_RADII, K_HOTSPOT = "f_q", "v_radius", "v_radii", "v_hotspot"
_URL_READ = "_url_read"
_NOTICES = "_url_notices"
_URL_VIEW = "_url_view"
#: The choice that means "no restriction" for one-value widgets (scope, Digitaal Verbinden).
ALL = "alle"

#: Help texts of the filters, by URL parameter (the glossary is the Over page's too).
HELP = {
    "type": glossary.TYPES_TOPIC.help(),
    "phase": glossary.PHASES_TOPIC.help(),
    "keten": f"{glossary.CHAINS_COLUMN} {glossary.CHAINS_TOPIC.help()} Geen productketen: hotspots zonder keten.",
    "dv": glossary.DIGITAAL_VERBINDEN,
}


def key(spec: Filter) -> str:
    """The session-state key of a filter's widget."""
    return f"f_{spec.param}"


def _widget_value(spec: Filter, chosen: frozenset[str]):
    if spec.widget == MANY:
        return [v for v in spec.slugs if v in chosen]
    return next(iter(chosen)) if len(chosen) == 1 else ALL


def _all_key(spec: Filter) -> str:
    """Where a filter that offers only the values the data holds keeps the values "every value" stood for."""
    return f"{key(spec)}__alle"


def _is_every(spec: Filter, chosen: frozenset[str], present: frozenset[str]) -> bool:
    """Whether ``chosen`` means every value of a filter that offers only the values the data holds.

    All values present, or exactly what "every value" was when the data held fewer: a
    hotspot of a new province (added on the Beheer page, or the last one of its province
    put back) then shows, rather than the filter keeping to the provinces of before.
    """
    return bool(present) and (chosen >= present or chosen == st.session_state.get(_all_key(spec)))


def _choice(spec: Filter, value, present: frozenset[str] = frozenset()) -> frozenset[str]:
    if spec.widget == MANY:
        chosen = frozenset(value or ())
        # A filter that offers only the values the data holds: all of those is every value.
        return spec.every if spec.only_present and _is_every(spec, chosen, present) else chosen
    return frozenset((value,)) if value in spec.vocabulary else spec.every


def _widget_values(view: ViewState) -> dict:
    f = view.filters
    return {
        **{key(spec): _widget_value(spec, f.chosen(spec.param)) for spec in FILTERS},
        K_QUERY: f.query,
        K_RADIUS: view.radius_km,
        K_RADII: view.radii,
        K_HOTSPOT: view.hotspot,
    }


def _set_widgets(view: ViewState) -> None:
    st.session_state.update(_widget_values(view))


def reset_filters() -> None:
    """Widget callback: every filter back to its default; radius, circle mode and selection stay."""
    s = st.session_state
    _set_widgets(ViewState(radius_km=int(s[K_RADIUS]), radii=s[K_RADII], hotspot=s.get(K_HOTSPOT)))


def select_hotspot(hotspot_id: str | None) -> None:
    """For callbacks of other widgets (the map): select a hotspot."""
    st.session_state[K_HOTSPOT] = hotspot_id


def select_clicked(map_key: str, markers) -> None:
    """``on_change`` of a map (``st_folium`` with key ``map_key``): a click on a marker selects
    that hotspot; other clicks change nothing. ``markers``: the hotspots on that map (only read)."""
    clicked = (st.session_state.get(map_key) or {}).get("last_object_clicked") or {}
    try:
        hotspot_id = mapview.hotspot_at(markers, float(clicked["lat"]), float(clicked["lng"]))
    except (KeyError, TypeError, ValueError):
        return
    if hotspot_id is not None:
        select_hotspot(hotspot_id)


def _view_from_widgets(present: dict[str, frozenset[str]]) -> ViewState:
    """The view the widgets hold; ``present``: per filter, the values the data holds."""
    s = st.session_state
    return ViewState(
        filters=FilterState.from_choices(
            {spec.param: _choice(spec, s[key(spec)], present[spec.param]) for spec in FILTERS},
            " ".join((s[K_QUERY] or "").split()),
        ),
        radius_km=int(s[K_RADIUS]),
        radii=s[K_RADII],
        hotspot=s[K_HOTSPOT],
    )


def _read_url_once(ids: list[str]) -> None:
    if st.session_state.get(_URL_READ):
        return
    view, notices = parse_query_params(st.query_params.to_dict(), ids)
    _set_widgets(view)
    st.session_state[_URL_READ] = True
    st.session_state[_NOTICES] = notices
    st.session_state[_URL_VIEW] = view


def _named(spec: Filter, slug: str) -> str:
    name = spec.name(slug)
    return f"{name[:1].upper()}{name[1:]}"


def _counted(spec: Filter, counts: dict[str, int]):
    """Option labels with their faceted counts; "Alles" of a one-value filter counts every value."""

    def format_option(slug: str) -> str:
        if slug == ALL:
            return f"{spec.all_label} ({sum(counts.values())})"
        return f"{_named(spec, slug)} ({counts.get(slug, 0)})"

    return format_option


def only_key(spec: Filter) -> str:
    """The session-state key of a many-value filter's "kies er één" pills."""
    return f"only_{spec.param}"


def _pick_only(spec: Filter) -> None:
    """Callback of the "kies er één" pills: that value alone; clicking it again brings every value back."""
    picked = st.session_state.get(only_key(spec))
    st.session_state[key(spec)] = [picked] if picked else list(spec.slugs)


def _filter_widget(spec: Filter, counts: dict[str, int], present: frozenset[str]) -> None:
    """One filter's widget. The counts are faceted: how many hotspots match the other filters and that value.

    A many-value filter is a multiselect (its option labels stay the same:
    Streamlit matches a multiselect's values by their labels, so a count in
    them would lose a choice) and, under it, "kies er één": pills with the
    counts that pick one value in one click.
    """
    sb = st.sidebar
    format_func = _counted(spec, counts)
    if spec.widget == ONE:
        sb.segmented_control(
            spec.label,
            options=[*spec.slugs, ALL],
            selection_mode="single",
            required=True,
            key=key(spec),
            format_func=format_func,
            help=HELP.get(spec.param),
        )
        return
    if spec.widget == EITHER:
        sb.radio(
            spec.label, options=[ALL, *spec.slugs], key=key(spec), format_func=format_func, help=HELP.get(spec.param)
        )
        return
    chosen = st.session_state.get(key(spec)) or []
    if spec.only_present and _is_every(spec, frozenset(chosen), present):
        # every value: the chips show the values the data holds
        chosen = st.session_state[key(spec)] = [v for v in spec.slugs if v in present]
        st.session_state[_all_key(spec)] = frozenset(chosen)
    options = [v for v in spec.slugs if not spec.only_present or v in present or v in chosen]
    sb.multiselect(
        spec.label,
        options=options,
        key=key(spec),
        format_func=lambda slug: _named(spec, slug),
        placeholder=f"geen {spec.label.lower()} gekozen",
        select_all=False,  # its "Select all" is English; "Filters wissen" brings every option back
        help=HELP.get(spec.param),
    )
    # The pill of the one chosen value shows as pressed; clicking it again brings every value back.
    st.session_state[only_key(spec)] = chosen[0] if len(chosen) == 1 else None
    sb.pills(
        f"{spec.label}: kies er één",
        options=options,
        selection_mode="single",
        key=only_key(spec),
        format_func=format_func,
        on_change=_pick_only,
        args=(spec,),
        help=(
            f"Eén klik toont alleen hotspots met die {spec.label.lower()}; nog een klik toont ze weer allemaal. "
            "Het getal: hoeveel hotspots bij de andere filters die waarde hebben."
        ),
    )


def _choose_suggested(spec: Filter, slug: str) -> None:
    """Callback of a suggestion: every filter back to all, no search text, and that one value."""
    s = st.session_state
    _set_widgets(ViewState(radius_km=int(s[K_RADIUS]), radii=s[K_RADII], hotspot=s.get(K_HOTSPOT)))
    s[key(spec)] = [slug] if spec.widget == MANY else slug


def _suggest(frame, data_key: tuple, query: str) -> None:
    """For a search that finds nothing: the filter values whose label it names, one click each."""
    found = cached.suggestions(data_key, frame, query)
    if not found:
        return
    st.sidebar.caption(f"Geen hotspots met “{md(query)}” bij deze filters. Bedoelt u een filter?")
    for i, suggestion in enumerate(found):
        st.sidebar.button(
            suggestion.text,
            key=f"suggest_{i}",
            on_click=_choose_suggested,
            args=(suggestion.spec, suggestion.slug),
            icon=":material/filter_alt:",
            help="Zet alle andere filters en de zoektekst terug en kiest alleen deze waarde.",
        )


def read(result: LoadResult, data_key: tuple, page_params: tuple[str, ...] = ()):
    """The view the widgets hold, without drawing them.

    Returns the view, the matching hotspots and this run's URL notices, and
    writes the view to the URL, keeping the parameters the current page reads
    itself (``page_params``, e.g. ``koppel``).
    """
    choices = cached.hotspot_choices(data_key, result.frame)
    _read_url_once(list(choices.ids))
    # A hotspot that vanished from the data (file edited) is no longer selectable.
    if st.session_state.get(K_HOTSPOT) is not None and st.session_state[K_HOTSPOT] not in choices.labels:
        st.session_state[K_HOTSPOT] = None
    view = _view_from_widgets(cached.present_values(data_key, result.frame))
    shown = cached.shown(data_key, result.frame, view.filters)

    current = st.query_params.to_dict()
    wanted = {**to_query_params(view), **{k: v for k, v in current.items() if k in page_params}}
    if current != wanted:
        st.query_params.from_dict(wanted)
    # The URL notices stay until the user changes the view (reruns caused by
    # the map reporting its state must not wipe them before they are read).
    if view != st.session_state.get(_URL_VIEW):
        st.session_state[_NOTICES] = []
    return view, shown, st.session_state[_NOTICES]


def count_markdown(result: LoadResult, shown) -> str:
    """The sidebar's headline: how many hotspots match the filters."""
    return f"**{len(shown)} van {len(result.frame)} hotspots**"


def draw(result: LoadResult, shown, notices: list[str], *, data_key: tuple) -> None:
    """Draw the shared filters, with the number of matching hotspots on top.

    ``notices`` (what the URL held that was ignored) go right under the
    count: in the sidebar they never push the map down the page.
    """
    first_view.widgets_drawn()
    frame = result.frame
    sb = st.sidebar
    sb.container(key=layout.COUNT_KEY).markdown(count_markdown(result, shown))
    for notice in notices:
        sb.info(md(notice), icon=":material/link_off:")

    sb.text_input(
        "Zoeken",
        key=K_QUERY,
        placeholder="naam, plaats, keten of type",
        help="Zoekt in naam, plaats, ankers, focus, provincie, type, fase en productketen.",
    )
    query = st.session_state.get(K_QUERY) or ""
    if query.strip() and shown.empty:
        _suggest(frame, data_key, query)
    present = cached.present_values(data_key, frame)
    counts = cached.facet_counts(data_key, frame, _view_from_widgets(present).filters)
    for spec in FILTERS:
        _filter_widget(spec, counts[spec.param], present[spec.param])

    sb.divider()
    sb.markdown("**Nabijheid**")
    sb.slider(
        "Straal (km)",
        min_value=radius_choices()[0],
        max_value=radius_choices()[-1],
        step=radius_choices()[1] - radius_choices()[0],
        key=K_RADIUS,
        help=glossary.RADIUS_SHORT,
    )
    sb.radio("Cirkels tekenen", options=list(RADII_MODES), key=K_RADII, format_func=RADII_MODES.get)
    choices = cached.hotspot_choices(data_key, frame)
    names = choices.labels
    sb.selectbox(
        "Geselecteerde hotspot",
        options=choices.by_name,
        key=K_HOTSPOT,
        format_func=lambda i: "— geen —" if i is None else names[i],
        placeholder="— geen —",  # shown for no selection (Streamlit's own would be English)
        help="Of klik op een hotspot op de kaart.",
    )
    sb.button("Filters wissen", on_click=reset_filters, width="stretch")


def init_defaults() -> None:
    """Give every widget key a value before any widget is drawn."""
    for key, value in _widget_values(ViewState()).items():
        st.session_state.setdefault(key, value)
