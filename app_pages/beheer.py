"""Beheer: staff keep the hotspots current: log in, edit with validation, see the history, restore.

The work is done in ``hotspots/editing`` (checks, git history, lock, conflicts);
this page only draws the forms and calls it. Who may save is checked again in
every save callback (``ui.editors.current_editor``), not only when the page is drawn.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import folium
import streamlit as st
from streamlit_folium import st_folium

from hotspots.editing import checks
from hotspots.editing.diff import field_changes, field_title
from hotspots.editing.ids import new_id
from hotspots.editing.store import (
    HISTORY_SCAN,
    Busy,
    Change,
    Conflict,
    DataStore,
    EditError,
    Invalid,
    features_by_id,
)
from hotspots.io import DATA_DIR_ENV
from hotspots.mapview.basemap import PDOK_ATTRIBUTION, PDOK_GRIJS, ZoomableMap
from hotspots.model import ESTIMABLE_FIELDS, PHASES, PRODUCT_CHAINS, SCOPES, TYPES
from hotspots.sources import SEED_TITLES
from hotspots.symbols import COUNTRIES_FILE
from ui import editors
from ui.assets import localise
from ui.changes import when
from ui.text import md

NEW = "__nieuw__"
PROVINCES = (
    "Zuid-Holland",
    "Noord-Holland",
    "Utrecht",
    "Zeeland",
    "Noord-Brabant",
    "Limburg",
    "Gelderland",
    "Overijssel",
    "Flevoland",
    "Drenthe",
    "Groningen",
    "Friesland",
)
#: Where a new hotspot starts on the map (Den Haag); the editor moves it.
NEW_POINT = (4.3007, 52.0705)
HISTORY_SHOWN = 30

HOW_TO = """
**Bewerken staat uit.** Deze pagina werkt pas als de beheerder van de app twee dingen instelt
(zie *Bewerken aanzetten* in de README):

1. **Inloggen** met de accounts van de organisatie: een `[auth]`-blok in `.streamlit/secrets.toml`
   (OpenID Connect, bijvoorbeeld Microsoft Entra ID), en daaronder een `[beheer]`-blok met de
   e-mailadressen (`editors`) en/of domeinen (`domains`) die mogen bewerken.
2. **Een gegevensmap** met geschiedenis: de omgevingsvariabele `HOTSPOTS_DATA_DIR`.

Tot dan verandert hier niets; de kaart toont de meegeleverde gegevens.
"""


def flash(kind: str, text: str) -> None:
    st.session_state["bh_flash"] = (kind, text)


def show_flash() -> None:
    """The last save's message, once, in a slot that is there in every run.

    Streamlit matches a run's elements to the ones on screen by their place: a
    message that is there in one run and gone in the next would move the form
    below it one place up, and every field would be drawn anew, losing what
    the editor is typing at that moment (a reason typed while the run after a
    save is under way).
    """
    slot = st.container()
    message = st.session_state.pop("bh_flash", None)
    if message:
        kind, text = message
        (slot.success if kind == "ok" else slot.error)(
            text, icon=":material/check:" if kind == "ok" else ":material/error:"
        )


# -- the page before editing ---------------------------------------------------------

st.title("Beheer")

if not editors.auth_configured():
    st.info(HOW_TO, icon=":material/lock:")
    st.stop()

store: DataStore | None = editors.store()
if store is None:
    st.warning(
        f"Inloggen is ingesteld, maar er is geen gegevensmap om in te bewerken. Zet de omgevingsvariabele "
        f"`{DATA_DIR_ENV}` op een map (zie de README); de app leest dan `hotspots.geojson` in die map.",
        icon=":material/folder_off:",
    )
    st.stop()

if not editors.logged_in():
    st.write("Log in met je account van de organisatie om hotspots toe te voegen, te wijzigen of te herstellen.")
    if st.button("Inloggen", icon=":material/login:", type="primary"):
        st.login()
    st.stop()

editor = editors.current_editor()
who = md(editors.user_email() or "onbekend")
if editor is None:
    st.warning(
        f"Je bent ingelogd als {who}, maar dit adres staat niet op de lijst van redacteuren. "
        "Vraag de beheerder van de app om je toe te voegen.",
        icon=":material/block:",
    )
    if st.button("Uitloggen", icon=":material/logout:"):
        st.logout()
    st.stop()

top_left, top_right = st.columns([4, 1], vertical_alignment="center")
top_left.caption(f"Ingelogd als **{md(editor.name)}** ({who}). Elke wijziging komt met jouw naam in de geschiedenis.")
if top_right.button("Uitloggen", icon=":material/logout:"):
    st.logout()

# -- state ------------------------------------------------------------------------


@st.cache_resource(max_entries=4, show_spinner=False)
def _index(folder: str, head: str) -> tuple[dict[str, dict[str, Any]], list[str], dict[str, str]]:
    """The hotspots of a version by id, the list's ids sorted by name, and each one's label in the list.

    Once per version of the data (a commit never changes), shared by every editor's session: only read.
    """
    by_id = features_by_id(DataStore(folder).document(head))
    names = {fid: str(f["properties"].get("name", fid)) for fid, f in by_id.items()}
    labels = {fid: f"{names[fid]} · {f['properties'].get('place', '')}" for fid, f in by_id.items()}
    return by_id, sorted(by_id, key=lambda i: names[i].casefold()), labels


head = store.head()
hotspots, sorted_ids, labels = _index(str(store.folder), head)
bases: dict[str, str] = st.session_state.setdefault("bh_bases", {})


def prefix(selection: str) -> str:
    """Widget keys of one edit: the hotspot and the version it started from (a new version gives a fresh form)."""
    if selection == NEW:
        return f"bh_new{st.session_state.setdefault('bh_new_count', 0)}_"
    return f"bh_{selection}_{bases.get(selection, head)[:12]}_"


def start_values(p: str, feature: dict[str, Any] | None) -> None:
    """Fill a fresh form's widgets once; afterwards they keep what was typed."""
    if st.session_state.get(p + "started"):
        return
    props = feature["properties"] if feature else {}
    lon, lat = feature["geometry"]["coordinates"][:2] if feature else NEW_POINT
    values = {
        "name": props.get("name", ""),
        "place": props.get("place", ""),
        "province": props.get("province", "Zuid-Holland"),
        "scope": props.get("scope", "zuid-holland"),
        "types": list(props.get("types", [])),
        "phase": props.get("phase", "opkomst"),
        "product_chains": list(props.get("product_chains", [])),
        "digitaal_verbinden": bool(props.get("digitaal_verbinden", False)),
        "anchors": "\n".join(props.get("anchors", [])),
        "focus": props.get("focus", ""),
        "estimated": list(props.get("estimated", [])),
        "lat": float(lat),
        "lon": float(lon),
        "reason": "",
    }
    sources = props.get("sources") or [{"seed": next(iter(SEED_TITLES)), "section": ""}]
    values["source_count"] = len(sources)
    for number, source in enumerate(sources):
        values[f"seed{number}"] = source.get("seed", "")
        values[f"section{number}"] = source.get("section", "")
    for key, value in values.items():
        st.session_state[p + key] = value
    st.session_state[p + "started"] = True


def form_feature(p: str, hotspot_id: str) -> dict[str, Any]:
    s = st.session_state
    sources = [
        {"seed": s.get(f"{p}seed{n}", ""), "section": s.get(f"{p}section{n}", "")} for n in range(s[p + "source_count"])
    ]
    return checks.build_feature(
        hotspot_id=hotspot_id,
        name=s[p + "name"],
        place=s[p + "place"],
        province=s[p + "province"],
        scope=s[p + "scope"],
        types=s[p + "types"],
        phase=s[p + "phase"],
        product_chains=s[p + "product_chains"],
        digitaal_verbinden=s[p + "digitaal_verbinden"],
        anchors=s[p + "anchors"].split("\n"),
        focus=s[p + "focus"],
        sources=sources,
        estimated=s[p + "estimated"],
        lon=s[p + "lon"] if s[p + "lon"] is not None else 0.0,
        lat=s[p + "lat"] if s[p + "lat"] is not None else 0.0,
    )


# -- saving (callbacks: they run before the page is drawn again) -------------------------


def _authorised() -> DataStore | None:
    """The store, when this session's user may save now (checked for every save)."""
    if editors.current_editor() is None:
        flash("error", "Niet opgeslagen: je bent niet (meer) ingelogd als redacteur.")
        return None
    return editors.store()


def _run_save(p: str, selection: str, feature: dict[str, Any] | None, base: str) -> None:
    target = _authorised()
    author = editors.current_editor()
    if target is None or author is None:
        return
    st.session_state.pop(p + "problems", None)
    try:
        saved = target.save(
            author=author,
            reason=st.session_state.get(p + "reason", ""),
            base=base,
            hotspot_id=None if selection == NEW else selection,
            feature=feature,
        )
    except Invalid as invalid:
        st.session_state[p + "problems"] = invalid.problems
        flash("error", "Niet opgeslagen: verbeter de velden met een melding. Wat je invulde staat er nog.")
        return
    except Conflict as conflict:
        st.session_state["bh_conflict"] = (selection, p, conflict)
        return
    except Busy as busy:
        flash("error", str(busy))
        return
    except (EditError, OSError) as error:
        flash("error", f"Niet opgeslagen: {md(error)}")
        return
    fid = saved.hotspot_id
    if feature is None:
        flash("ok", "Hotspot verwijderd. Hij staat nog in de geschiedenis en kan worden teruggezet.")
        st.session_state["bh_select"] = None
    else:
        flash("ok", "Opgeslagen: " + md("; ".join(saved.lines) or "geen wijziging"))
        if selection == NEW:
            st.session_state["bh_new_count"] = st.session_state.get("bh_new_count", 0) + 1
        if fid:
            st.session_state["bh_select"] = fid
    if fid:
        bases[fid] = saved.commit


def save(p: str, selection: str, base: str) -> None:
    ids = [i for i in hotspots if i != selection]
    hotspot_id = new_id(st.session_state[p + "name"], ids) if selection == NEW else selection
    _run_save(p, selection, form_feature(p, hotspot_id), base)


def remove(p: str, selection: str, base: str) -> None:
    _run_save(p, selection, None, base)


def keep_mine() -> None:
    selection, p, conflict = st.session_state.pop("bh_conflict")
    _run_save(p, selection, conflict.mine, conflict.head)


def keep_theirs() -> None:
    selection, _, conflict = st.session_state.pop("bh_conflict")
    bases[selection] = conflict.head
    flash("ok", "Je wijziging is niet opgeslagen; de hotspot is zoals de ander hem opsloeg.")


def restore_hotspot(hotspot_id: str, commit: str, reason: str) -> None:
    target = _authorised()
    author = editors.current_editor()
    if target is None or author is None:
        return
    try:
        saved = target.restore_hotspot(hotspot_id, commit, author=author, reason=reason)
    except EditError as error:
        flash("error", f"Niet hersteld: {md(error)}")
        return
    bases[hotspot_id] = saved.commit
    st.session_state["bh_select"] = hotspot_id if saved.lines != ("Verwijderd",) else None
    flash("ok", "Hersteld: " + md("; ".join(saved.lines)))


def restore_file(change: Change) -> None:
    target = _authorised()
    author = editors.current_editor()
    if target is None or author is None:
        return
    try:
        target.restore_file(
            change.commit, author=author, reason=f"Hele bestand hersteld naar {when(change.time)} ({change.short})"
        )
    except EditError as error:
        flash("error", f"Niet hersteld: {md(error)}")
        return
    bases.clear()
    flash("ok", f"Het hele bestand is hersteld naar de versie van {when(change.time)}.")


def move_point(p: str, map_key: str) -> None:
    """A click on the map puts the point there (the coordinates below follow)."""
    clicked = (st.session_state.get(map_key) or {}).get("last_clicked")
    if clicked and "lat" in clicked and "lng" in clicked:
        st.session_state[p + "lat"] = round(float(clicked["lat"]), 5)
        st.session_state[p + "lon"] = round(float(clicked["lng"]), 5)


# -- drawing ------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def _outline() -> str:
    return COUNTRIES_FILE.read_text(encoding="utf-8")


def location_base(lat: float, lon: float) -> folium.Map:
    """The map to place a point on: PDOK's grey base map over the country outline (shown when tiles fail)."""
    # folium's own viewport forbids zooming (WCAG 1.4.4); ZoomableMap's allows it
    location_map = ZoomableMap(location=[lat, lon], zoom_start=8, tiles=None, control_scale=True)
    folium.GeoJson(
        _outline(),
        name="Landen",
        style_function=lambda _: {"color": "#8a99a6", "weight": 1, "fillColor": "#eef2f4", "fillOpacity": 1},
        tooltip=None,
        control=False,
    ).add_to(location_map)
    folium.TileLayer(PDOK_GRIJS, attr=PDOK_ATTRIBUTION, name="PDOK", max_zoom=19).add_to(location_map)
    return location_map


def problems_of(p: str, *keys: str) -> None:
    problems = st.session_state.get(p + "problems") or {}
    for key in keys:
        for message in problems.get(key, []):
            st.error(f"{field_title(key) if key != 'reason' else 'Waarom'}: {md(message)}", icon=":material/error:")


def field_row(
    p: str,
    widget: Callable[..., Any],
    label: str,
    key: str,
    vocabulary: Mapping[str, Any] | None = None,
    also: tuple[str, ...] = (),
    **widget_args: Any,
) -> None:
    """One row of the form: the widget of field ``key`` (its values the ``vocabulary``'s, by their Dutch
    labels) and under it the problems found in that field (and in the fields ``also``)."""
    if vocabulary is not None:
        widget_args.update(options=list(vocabulary), format_func=lambda slug: vocabulary[slug].label)
    widget(label, key=p + key, **widget_args)
    problems_of(p, key, *also)


def change_lines(lines: tuple[str, ...] | list[str]) -> str:
    return "\n".join(f"- {md(line)}" for line in lines)


def draw_change(change: Change, *, hotspot_lines: bool = True) -> None:
    st.markdown(f"**{when(change.time)}** · {md(change.author)} · _{md(change.reason)}_")
    if hotspot_lines:
        for item in change.hotspots[:20]:
            st.markdown(f"{md(item.name)}:\n{change_lines(item.lines)}")
        if len(change.hotspots) > 20:
            st.caption(f"… en nog {len(change.hotspots) - 20} hotspots.")


def draw_conflict() -> None:
    selection, _, conflict = st.session_state["bh_conflict"]
    st.error(
        "**Iemand anders heeft deze hotspot gewijzigd** nadat jij begon. Er is niets overschreven. "
        "Kies welke versie blijft.",
        icon=":material/sync_problem:",
    )
    if conflict.their_change is not None:
        st.markdown(
            f"Gewijzigd door **{md(conflict.their_change.author)}** op {when(conflict.their_change.time)}: "
            f"_{md(conflict.their_change.reason)}_"
        )
    mine_column, theirs_column = st.columns(2)
    with mine_column:
        st.header("Jouw versie")
        if conflict.mine is None:
            st.markdown("Jij wilde deze hotspot **verwijderen**.")
        else:
            lines = field_changes(conflict.theirs, conflict.mine) or ["Gelijk aan de huidige versie"]
            st.markdown(change_lines(lines))
        st.button("Mijn versie opslaan", on_click=keep_mine, type="primary", key="bh_keep_mine")
    with theirs_column:
        st.header("Huidige versie")
        if conflict.theirs is None:
            st.markdown("De ander heeft deze hotspot **verwijderd**.")
        else:
            props = conflict.theirs["properties"]
            st.markdown(f"**{md(props['name'])}**, {md(props['place'])}; fase {md(PHASES[props['phase']].label)}")
        st.button("Huidige versie houden", on_click=keep_theirs, key="bh_keep_theirs")


show_flash()
if "bh_conflict" in st.session_state:
    draw_conflict()
    st.stop()

if st.session_state.get("bh_select") not in (None, NEW) and st.session_state["bh_select"] not in hotspots:
    st.session_state["bh_select"] = None
selection = st.selectbox(
    f"Hotspot ({len(hotspots)}): typ om te zoeken op naam of plaats",
    [NEW, *sorted_ids],
    index=None,
    format_func=lambda i: "＋ Nieuwe hotspot toevoegen" if i == NEW else labels[i],
    placeholder="Kies een hotspot om te wijzigen, of voeg er een toe",
    key="bh_select",
)

tab_edit, tab_all = st.tabs(["Hotspot", "Alle wijzigingen"])

with tab_all:
    st.caption(
        "Elke wijziging is een versie in de geschiedenis (git). Herstellen maakt een nieuwe versie: er verdwijnt niets."
    )
    for number, change in enumerate(store.history(limit=HISTORY_SHOWN)):
        with st.container(border=True):
            draw_change(change)
            removed = [h for h in change.hotspots if h.lines == ("Verwijderd",)]
            for item in removed:
                if item.hotspot_id not in hotspots and change.parent:
                    st.button(
                        f"Zet '{md(item.name)}' terug",
                        key=f"bh_undelete_{change.commit}_{item.hotspot_id}",
                        on_click=restore_hotspot,
                        args=(item.hotspot_id, change.parent, f"Teruggezet na verwijderen op {when(change.time)}"),
                    )
            if number > 0:
                st.button(
                    "Herstel het hele bestand naar deze versie",
                    key=f"bh_restore_file_{change.commit}",
                    on_click=restore_file,
                    args=(change,),
                )

with tab_edit:
    if selection is None:
        st.info("Kies hierboven een hotspot, of **Nieuwe hotspot toevoegen**.", icon=":material/arrow_upward:")
    else:
        if selection != NEW:
            bases.setdefault(selection, head)
        base = bases.get(selection, head)
        p = prefix(selection)
        current = None if selection == NEW else hotspots[selection]
        start_values(p, current)
        if selection == NEW:
            st.header("Nieuwe hotspot")
            st.caption("Het id wordt gemaakt uit de naam en blijft daarna hetzelfde, zodat links blijven werken.")
        else:
            st.header(md(str(hotspots[selection]["properties"].get("name", selection))))
            st.caption(f"id: {md(selection)} (blijft hetzelfde, ook als de naam verandert)")

        left, right = st.columns(2, gap="large")
        with left:
            field_row(p, st.text_input, "Naam", "name", also=("id",))
            field_row(p, st.text_input, "Plaats", "place")
            province_options = list(PROVINCES)
            if st.session_state[p + "province"] not in province_options:
                province_options.append(st.session_state[p + "province"])
            field_row(p, st.selectbox, "Provincie", "province", options=province_options)
            field_row(p, st.radio, "Schaal", "scope", SCOPES, horizontal=True)
            field_row(p, st.multiselect, "Type (één of twee)", "types", TYPES, max_selections=2)
            field_row(p, st.selectbox, "Fase", "phase", PHASES)
            field_row(p, st.multiselect, "Productketens", "product_chains", PRODUCT_CHAINS)
            st.checkbox("Digitaal Verbinden besproken", key=p + "digitaal_verbinden")
            field_row(p, st.text_area, "Ankers (één per regel)", "anchors", height=100)
            field_row(p, st.text_area, "Focus", "focus", height=120)
            field_row(
                p, st.multiselect, "Inschattingen: welke waarden de bronnen niet noemen", "estimated", ESTIMABLE_FIELDS
            )

            st.markdown("**Bronnen** (document en vindplaats)")
            for number in range(st.session_state[p + "source_count"]):
                seed_column, section_column = st.columns([2, 3])
                seeds = list(SEED_TITLES)
                if st.session_state.get(f"{p}seed{number}") not in seeds:
                    st.session_state[f"{p}seed{number}"] = seeds[0]
                seed_column.selectbox(
                    f"Document van bron {number + 1}",
                    seeds,
                    format_func=lambda s: f"{SEED_TITLES[s]} ({s[:3]})",
                    key=f"{p}seed{number}",
                )
                section_column.text_input(f"Vindplaats van bron {number + 1}", key=f"{p}section{number}")

            def add_source(p: str = p) -> None:
                count = st.session_state[p + "source_count"]
                st.session_state[f"{p}seed{count}"] = next(iter(SEED_TITLES))
                st.session_state[f"{p}section{count}"] = ""
                st.session_state[p + "source_count"] = count + 1

            st.button("Bron toevoegen", on_click=add_source, icon=":material/add:", key=p + "add_source")
            st.caption("Een bron met een lege vindplaats wordt weggelaten.")
            problems_of(p, "sources")

        with right:
            st.markdown("**Locatie**: klik op de kaart om het punt te plaatsen, of typ de coördinaten.")
            lat = st.session_state[p + "lat"] or 0.0
            lon = st.session_state[p + "lon"] or 0.0
            location_map = location_base(lat, lon)
            for radius, dash in ((80, None), (120, "6 6")):
                folium.Circle(
                    [lat, lon],
                    radius=radius * 1000,
                    color="#0072B2",
                    weight=2,
                    fill=False,
                    dash_array=dash,
                    tooltip=f"{radius} km",
                ).add_to(location_map)
            folium.CircleMarker(
                [lat, lon],
                radius=9,
                color="#FFFFFF",
                weight=2,
                fill=True,
                fill_color="#D55E00",
                fill_opacity=1,
                tooltip=html.escape(st.session_state[p + "name"] or "Nieuwe hotspot"),
            ).add_to(location_map)
            localise(location_map)
            map_key = p + "map"
            st_folium(
                location_map,
                key=map_key,
                height=420,
                use_container_width=True,
                returned_objects=["last_clicked"],
                on_change=partial(move_point, p, map_key),
            )
            st.caption("De cirkels tonen 80 en 120 km rond het punt.")
            lat_column, lon_column = st.columns(2)
            lat_column.number_input("Breedtegraad (N)", key=p + "lat", format="%.5f", step=0.001)
            lon_column.number_input("Lengtegraad (O)", key=p + "lon", format="%.5f", step=0.001)
            problems_of(p, "location")

        st.divider()
        st.text_input(
            "Waarom (verplicht; komt met je naam in de geschiedenis)",
            key=p + "reason",
            placeholder="Bijvoorbeeld: genoemd in het webinar van de ActieAgenda (bron 003, Actielijn 4)",
        )
        problems_of(p, "reason", "hotspot")
        st.button(
            "Toevoegen" if selection == NEW else "Opslaan",
            type="primary",
            icon=":material/save:",
            on_click=save,
            args=(p, selection, base),
            key=p + "save",
        )

        if selection != NEW:
            with st.expander("Hotspot verwijderen"):
                st.write(
                    "De hotspot verdwijnt van de kaart, maar blijft in de geschiedenis en kan worden teruggezet. "
                    "Vul hierboven bij **Waarom** in waarom hij weg moet."
                )
                sure = st.checkbox("Ja, verwijder deze hotspot", key=p + "sure")
                st.button(
                    "Verwijderen",
                    icon=":material/delete:",
                    disabled=not sure,
                    on_click=remove,
                    args=(p, selection, base),
                    key=p + "remove",
                )

            st.header("Geschiedenis van deze hotspot")
            st.caption(
                f"De wijzigingen in de laatste {HISTORY_SCAN} versies van het bestand; oudere staan in de "
                "geschiedenis van de gegevensmap (git log)."
            )
            for number, change in enumerate(store.history(selection, limit=HISTORY_SHOWN)):
                with st.container(border=True, key=f"bh_history_{number}"):
                    draw_change(change, hotspot_lines=False)
                    lines = next((h.lines for h in change.hotspots), ())
                    if lines:
                        st.markdown(change_lines(lines))
                    elif change.parent is None:
                        st.markdown("- Eerste versie")
                    if number > 0:
                        st.button(
                            "Herstel deze versie",
                            key=f"bh_restore_{selection}_{change.commit}",
                            on_click=restore_hotspot,
                            args=(
                                selection,
                                change.commit,
                                f"Herstel van de versie van {when(change.time)} ({change.short})",
                            ),
                        )
