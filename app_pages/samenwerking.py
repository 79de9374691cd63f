"""Samenwerking: which shown hotspots are kansrijke partners, on the map with the reasons, and the network."""

from __future__ import annotations

import datetime as dt
import html
from functools import partial
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd
import streamlit as st

from hotspots import export, mapview, partners
from hotspots.mapcontent import map_content
from ui import cached, context, map_screen
from ui.downloads import download_buttons
from ui.text import decimal, md

#: The ``st_folium`` key of this page's map (the map page's is ui.first_view.MAP_KEY).
MAP_KEY = "samenwerking"
#: Hotspots in the "Aantal partners" list; names per group in "Netwerken".
TOP_PARTNER_COUNTS = 10
GROUP_NAMES_SHOWN = 12
MAX_GROUPS_SHOWN = 10
#: Partners listed for a selected hotspot (strongest first).
MAX_PARTNERS_LISTED = 100
#: Links in the table and its downloads: the strongest, so a file stays quick to make and to open.
MAX_TABLE_LINKS = 20_000

K_KOPPEL = "sw_koppel"  # the widget
_KINDS = "_sw_kinds"  # the choice, kept while the widget is not drawn (another page)
_KOPPEL_NOTICES = "_sw_koppel_notices"
_REFUSED_EMPTY = "_sw_koppel_refused"
KIND_LABELS = {kind: term.label[:1].upper() + term.label[1:] for kind, term in partners.KIND_TERMS.items()}


def _read_kinds() -> tuple[frozenset[str], list[str]]:
    """The chosen link kinds and the notices about the URL's ``koppel``.

    The URL is read on the page's first run in the session; from then on
    the widget is the truth, and every run writes it back to the URL.
    """
    state = st.session_state
    if _KINDS not in state:
        kinds, notices = partners.parse_kinds(st.query_params.get_all("koppel") or None)
        state[_KINDS] = [kind for kind in partners.KINDS if kind in kinds]
        state[_KOPPEL_NOTICES] = notices
    if K_KOPPEL not in state:
        state[K_KOPPEL] = list(state[_KINDS])
    kinds = frozenset(state[_KINDS])
    wanted = partners.kinds_param(kinds)
    if wanted is None:
        if "koppel" in st.query_params:
            del st.query_params["koppel"]
    elif st.query_params.get_all("koppel") != [wanted]:
        st.query_params["koppel"] = wanted
    return kinds, state[_KOPPEL_NOTICES]


def _kinds_changed() -> None:
    """Widget callback: keep the new choice; an empty one is refused (the last kind stays)."""
    state = st.session_state
    chosen = state[K_KOPPEL] or []
    if not chosen:
        state[K_KOPPEL] = list(state[_KINDS])
        state[_REFUSED_EMPTY] = True
        return
    state[_KINDS] = [kind for kind in partners.KINDS if kind in chosen]
    state[_KOPPEL_NOTICES] = []


def partner_list(partner_frame: pd.DataFrame, names: dict[str, str]) -> str:
    """The partners (rows of :func:`hotspots.partners.partners_of`) as a numbered Markdown list.

    Each item: the name in bold, the distance and the score, and on the next
    line the reasons.
    """
    return "\n".join(
        f"{n}. **{md(names[row.partner])}** · {decimal(row.distance_km, 1)} km · score {decimal(row.score, 2)}"
        f"  \n   {md(row.reasons)}"
        for n, row in enumerate(partner_frame.itertuples(index=False), start=1)
    )


def _now() -> dt.datetime:
    """Dutch local time for the export date; the server may run in UTC."""
    try:
        return dt.datetime.now(ZoneInfo("Europe/Amsterdam"))
    except ZoneInfoNotFoundError:
        return dt.datetime.now().astimezone()


@st.cache_resource(max_entries=32, show_spinner=False)
def _links_table(
    data_key: tuple, ids: tuple[str, ...], radius_km: int, kinds: tuple[str, ...], hotspot: str | None, _links, _frame
) -> pd.DataFrame:
    """The table of the links, shared: do not modify.

    With a selected ``hotspot``: its links, as its partners are listed (it
    as Hotspot A, strongest first); without: the (at most
    :data:`MAX_TABLE_LINKS` strongest) links between the hotspots on the map.
    """
    if hotspot is not None:
        return export.links_table(export.selection_links(_links, hotspot), _frame)
    return export.links_table(_links.head(MAX_TABLE_LINKS), _frame)


@st.cache_data(max_entries=200, show_spinner=False)
def _links_file(
    ext: str,
    data_key: tuple,
    ids: tuple[str, ...],
    radius_km: int,
    kinds: tuple,
    filters,
    hotspot: str | None,
    minute: str,
    _build,
) -> bytes:
    """A download's bytes, made on the download click (ui/downloads.py).

    Once per data version, hotspots on the map, radius, kinds, filters (the
    Toelichting names them), selected hotspot and minute (the Toelichting's time); ``_build``
    is not hashed.
    """
    return _build()


def _workbook(
    table: pd.DataFrame, frame, count: int, kinds, view, source: str, moment: dt.datetime, hotspot_name: str | None
) -> bytes:
    sections = export.links_explanation(
        view,
        frame,
        links_count=count,
        kinds=kinds,
        columns=list(table.columns),
        source=source,
        exported_at=moment,
        hotspot_name=hotspot_name,
    )
    return export.to_xlsx(table, sections, sheet_name=export.links_sheet_name(hotspot_name))


def _names(ids, names: dict[str, str], limit: int) -> str:
    shown = sorted((names[i] for i in ids), key=str.casefold)
    text = ", ".join(md(name) for name in shown[:limit])
    return text + (f" en nog {len(shown) - limit}" if len(shown) > limit else "")


ctx = context.current()
view = ctx.view
shown = ctx.shown
selected = ctx.selected
kinds, kind_notices = _read_kinds()
kinds_key = cached.kinds_key(kinds)

content = map_content(ctx.all, shown, view)
on_map = content.on_map
# The lines and the selection's partners are among the hotspots on the map (the shown ones, and
# the selection should the filters hide it); the network figures are those of the shown hotspots.
map_links = cached.partner_links(ctx.data_key, tuple(on_map["id"]), on_map, view.radius_km, kinds_key)
shown_key = (ctx.data_key, tuple(shown["id"]), shown, view.radius_km, kinds_key)
shown_links = map_links if len(on_map) == len(shown) else cached.partner_links(*shown_key)
names = dict(zip(on_map["id"], on_map["name"], strict=True))

kinds_text = ", ".join(partners.KIND_TERMS[kind].label for kind in partners.KINDS if kind in kinds)
map_screen.titlebar(
    view,
    "Kansrijke partners",
    f"<strong>{len(shown_links)}</strong> {'verbinding' if len(shown_links) == 1 else 'verbindingen'} "
    f"tussen {len(shown)} {'hotspot' if len(shown) == 1 else 'hotspots'} binnen "
    f"<strong>{view.radius_km} km</strong> · koppel: {html.escape(kinds_text)}",
)
map_column, details = map_screen.map_and_details()

with details:
    st.pills(
        "Koppel op",
        options=list(partners.KINDS),
        selection_mode="multi",
        key=K_KOPPEL,
        format_func=KIND_LABELS.get,
        on_change=_kinds_changed,
        help="Welke gedeelde kenmerken een koppeling maken. Minstens één.",
    )
    if st.session_state.pop(_REFUSED_EMPTY, False):
        st.caption("Kies minstens één soort koppeling; de laatste blijft gekozen.")
    for notice in kind_notices:
        st.info(md(notice), icon=":material/link_off:")
    with st.expander("Wanneer zijn hotspots kansrijke partners?"):
        st.markdown(md(partners.RULE_TEXT))
    st.caption(":material/table: De tabel van de verbindingen en de downloads staan onder de kaart.")
    if shown.empty:
        st.warning("Geen hotspots bij deze filters. Pas de filters aan of kies **Filters wissen** in de zijbalk.")

highlight = content.selected
mine = partners.partners_of(map_links, highlight) if highlight is not None else None
drawn = mapview.drawn_links(map_links, highlight=highlight)
if len(drawn) < len(map_links):
    details.caption(
        f"De {mapview.MAX_LINES} sterkste van de {len(map_links)} verbindingen staan op de kaart "
        "(met alle verbindingen van de geselecteerde hotspot); verfijn de filters om ze allemaal te zien."
    )

base = mapview.base_map(cluster=len(ctx.all) > mapview.CLUSTER_THRESHOLD)
mapview.LinksScript().add_to(base)
markers = mapview.hotspot_layer(
    on_map,
    selected=highlight,
    reach=[] if mine is None else mine["partner"],
    fit=content.fit.payload(),
)
lines = mapview.links_layer(on_map, drawn, highlight=highlight)
own = content.reference_ids  # the selection's rings (none when the ring mode is "geen")
rings = mapview.ring_layer(on_map, own, view.radius_km, reference_ids=own, label_ids=own)
map_screen.draw_map(map_column, lambda: (base, [rings, lines, markers]), MAP_KEY, on_map)

with details:
    if selected is not None:
        st.header(md(selected["name"]))
        if selected["id"] not in set(shown["id"]):
            st.caption("Deze hotspot valt buiten de huidige filters, maar blijft geselecteerd.")
        if mine is None or mine.empty:
            st.write(f"Geen kansrijke partners binnen {view.radius_km} km bij deze koppeling.")
        else:
            noun = "kansrijke partner" if len(mine) == 1 else "kansrijke partners"
            st.caption(f"{len(mine)} {noun} binnen {view.radius_km} km, sterkste eerst")
            st.markdown(partner_list(mine.head(MAX_PARTNERS_LISTED), names))
            if len(mine) > MAX_PARTNERS_LISTED:
                st.caption(f"En nog {len(mine) - MAX_PARTNERS_LISTED} zwakkere partners.")
        st.caption("Kies **— geen —** bij *Geselecteerde hotspot* in de zijbalk voor het hele netwerk.")
    else:
        st.caption("Klik op een hotspot op de kaart, of kies er een in de zijbalk, voor zijn kansrijke partners.")

        figures = cached.partner_network(*shown_key)  # only here: with many links it takes a while

        st.header("Netwerken")
        st.caption(partners.EXPLANATIONS["netwerken"])
        if not figures.groups:
            st.write("Geen netwerken: er zijn geen kansrijke partners bij deze filters.")
        else:
            lines_md = [
                f"{n}. **{len(group)} hotspots:** {_names(group, names, GROUP_NAMES_SHOWN)}"
                for n, group in enumerate(figures.groups[:MAX_GROUPS_SHOWN], start=1)
            ]
            st.markdown("\n".join(lines_md))
            if len(figures.groups) > MAX_GROUPS_SHOWN:
                st.caption(f"En nog {len(figures.groups) - MAX_GROUPS_SHOWN} kleinere netwerken.")

        st.header("Aantal partners")
        st.caption(partners.EXPLANATIONS["partners"])
        degree = sorted(
            ((count, hotspot_id) for hotspot_id, count in figures.degree.items() if count > 0),
            key=lambda item: (-item[0], names[item[1]].casefold()),
        )[:TOP_PARTNER_COUNTS]
        if degree:
            st.dataframe(
                pd.DataFrame({"Hotspot": [names[i] for _, i in degree], "Partners": [count for count, _ in degree]}),
                hide_index=True,
                width="stretch",
                height=min(38 + 35 * len(degree), 420),
            )
        else:
            st.write("Geen hotspot heeft kansrijke partners bij deze filters.")

        st.header("Verbinders")
        st.caption(partners.EXPLANATIONS["verbinders"])
        if figures.connectors:
            st.markdown("\n".join(f"- {md(names[i])}" for i in figures.connectors))
        else:
            st.write("Geen verbinders: geen hotspot ligt tussen twee andere die niet rechtstreeks partners zijn.")
        if figures.notice:
            st.caption(figures.notice)

with st.expander("Tabel van de verbindingen", expanded=False, icon=":material/table:"):
    map_ids = tuple(on_map["id"])
    link_table = _links_table(ctx.data_key, map_ids, view.radius_km, kinds_key, highlight, map_links, on_map)
    noun = "verbinding" if len(link_table) == 1 else "verbindingen"
    highlight_name = names.get(highlight) if highlight is not None else None
    if highlight_name is not None:
        st.markdown(f"**{len(link_table)} {noun} van {md(highlight_name)} in de tabel**, sterkste eerst")
        st.caption("De partners van de geselecteerde hotspot, zoals hierboven; de downloads houden zich hieraan.")
    else:
        st.markdown(f"**{len(link_table)} {noun} in de tabel**, sterkste eerst")
    if highlight_name is None and len(map_links) > len(link_table):
        st.caption(
            f"De {MAX_TABLE_LINKS} sterkste van de {len(map_links)} verbindingen; verfijn de filters voor de rest."
        )
    if link_table.empty:
        st.write("Geen verbindingen bij deze filters en koppeling, dus niets om te downloaden.")
    else:
        number = st.column_config.NumberColumn
        text = st.column_config.TextColumn
        st.dataframe(
            link_table,
            hide_index=True,
            width="stretch",
            column_config={
                export.LINK_TABLE_COLUMNS[0]: text(pinned=True),
                "Afstand (km)": number(format="%.1f", help="Over het aardoppervlak (WGS 84)."),
                "Score": number(format="%.2f", help="Zie 'Wanneer zijn hotspots kansrijke partners?'."),
            },
        )
        moment = _now()
        minute = moment.strftime("%Y-%m-%d %H:%M")
        formats = export.FORMATS
        downloads = [
            formats["excel-nl.csv"].download(
                "Voor Excel met Nederlandse instellingen: puntkomma's, decimale komma, UTF-8.",
                partial(formats["excel-nl.csv"].writer, link_table),
            ),
            formats["csv"].download(
                "Gewone CSV (komma's, decimale punt, UTF-8).", partial(formats["csv"].writer, link_table)
            ),
            formats["xlsx"].download(
                "Werkmap met de tabel en een blad Toelichting (de regel, straal, koppeling, filters, bronnen).",
                partial(
                    _workbook,
                    link_table,
                    on_map,
                    len(link_table),
                    kinds,
                    view,
                    ctx.data.path.name,
                    moment,
                    highlight_name,
                ),
            ),
        ]
        download_buttons(
            downloads,
            file_name=lambda ext: export.links_filename(view, kinds, ext, moment.date(), hotspot=highlight),
            data=lambda ext, build: _links_file(
                ext, ctx.data_key, map_ids, view.radius_km, kinds_key, view.filters, highlight, minute, build
            ),
            key_prefix="sw_download_",
        )
