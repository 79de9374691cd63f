"""Table & export: the filtered hotspots as a table, and as CSV, Excel, GeoJSON and GeoPackage files."""

from __future__ import annotations

import datetime as dt
from functools import partial
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from hotspots import export, glossary
from hotspots.viewstate import ViewState, cache_key
from ui import changes, context
from ui.downloads import download_buttons
from ui.text import filter_html, md

ctx = context.current()
view = ctx.view
selected = ctx.selected

K_WITHIN, K_COLUMNS, K_EXCLUDED = "t_within", "t_columns", "t_excluded_columns"
LAST_CHANGED = "Laatst gewijzigd"
LAST_CHANGED_HELP = "Wanneer de hotspot voor het laatst is gewijzigd op de pagina Beheer."


def _now() -> dt.datetime:
    """Dutch local time for the export date; the server may run in UTC."""
    try:
        return dt.datetime.now(ZoneInfo("Europe/Amsterdam"))
    except ZoneInfoNotFoundError:
        return dt.datetime.now().astimezone()


def _remember_excluded(options: list[str]) -> None:
    chosen = set(st.session_state[K_COLUMNS])
    st.session_state[K_EXCLUDED] = [c for c in options if c not in chosen]


def _workbook(table, rows, columns, view: ViewState, source: str, hotspot_name, within: bool, moment) -> bytes:
    sections = export.explanation(
        view,
        rows,
        columns=columns,
        source=source,
        exported_at=moment,
        hotspot_name=hotspot_name,
        within_radius=within,
    )
    return export.to_xlsx(table, sections)


# 32 views: each holds two small frames (~0.14 MB together with 25 hotspots).
@st.cache_resource(max_entries=32, show_spinner=False)
def _rows_and_table(data_key: tuple, view_key: tuple, within: bool, _shown, _around, _within_km):
    """The table's rows and its full table, once per data version, view and "within" choice (shared: read only).

    ``view_key`` (:func:`hotspots.viewstate.cache_key`) determines the
    filtered hotspots ``_shown``, the selected hotspot's position ``_around``
    and the radius ``_within_km``; those are not hashed.
    """
    rows = export.table_rows(_shown, around=_around, within_km=_within_km)
    return rows, export.table(rows)


@st.cache_resource(max_entries=200, show_spinner=False)
def _export_file(
    ext: str, data_key: tuple, view_key: tuple, columns: tuple, within: bool, minute: str, _build
) -> bytes:
    """The file's bytes, made once per data version, view and columns (and minute for the workbook's time).

    Called on the download click (ui/downloads.py: Streamlit's deferred
    download, on a thread of its own). The key's arguments determine
    ``_build``'s rows and columns; ``_build`` itself is not hashed. Shared
    by every session: bytes cannot be changed.
    """
    return _build()


st.title("Tabel & export")
st.html(filter_html(view))
st.caption(
    "Dezelfde hotspots als op de kaart, met de filters in de zijbalk. "
    "Download ze voor Excel, LibreOffice of QGIS; elk bestand bevat precies de rijen en kolommen van de tabel."
)

around = None
within = False
hotspot_name = None
if selected is None:
    st.caption(
        ":material/info: Kies een hotspot bij **Geselecteerde hotspot** in de zijbalk voor een kolom met "
        "de afstand tot die hotspot."
    )
else:
    hotspot_name = f"{selected['name']} ({selected['place']})"
    around = (selected.geometry.x, selected.geometry.y)
    within = st.checkbox(
        f"Alleen hotspots binnen {view.radius_km} km van {md(selected['name'])}",
        key=K_WITHIN,
        help="De straal stel je in de zijbalk in (Nabijheid).",
    )

view_key = cache_key(view)
rows, full_table = _rows_and_table(
    ctx.data_key, view_key, within, ctx.shown, around, view.radius_km if within else None
)
options = export.available_columns(full_table)
# Remember what the user left out rather than what they chose: then a column
# that appears later ("Afstand (km)" once a hotspot is selected) is in by
# default, and the columns keep the table's order.
st.session_state[K_COLUMNS] = [c for c in options if c not in st.session_state.get(K_EXCLUDED, ())]
chosen = st.multiselect(
    "Kolommen in de export",
    options=options,
    key=K_COLUMNS,
    on_change=_remember_excluded,
    args=(options,),
    placeholder="geen kolommen gekozen",
    help="De tabel hieronder toont dezelfde kolommen als de downloads.",
    select_all=False,  # its "Select all" is English
)


def _show_table(table, rows) -> None:
    """The count, the table and how it is sorted."""
    noun = "hotspot" if len(table) == 1 else "hotspots"
    st.markdown(f"**{len(table)} {noun} in de tabel**")
    if within and selected["id"] not in set(rows["id"]):
        st.caption(f"{md(selected['name'])} zelf valt buiten de filters en staat niet in de tabel.")

    number = st.column_config.NumberColumn
    text = st.column_config.TextColumn
    flags = {column: text(help=glossary.TYPE_FLAGS_COLUMN) for column in export.TYPE_FLAGS}
    flags |= {column: text(help=glossary.CHAIN_FLAGS_COLUMN) for column in export.CHAIN_FLAGS}
    last = changes.last_changes()
    if last and len(rows) == len(table):  # on screen only: the exports keep their columns
        table = table.assign(**{LAST_CHANGED: [changes.when(last[i].time) if i in last else "" for i in rows["id"]]})
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            export.NAME: text(pinned=True),
            export.DISTANCE: number(format="%.1f", help=glossary.DISTANCE),
            export.TYPE: text(help=glossary.TYPE_VALUES_COLUMN),
            export.PHASE: text(help=glossary.PHASE_VALUES_COLUMN),
            export.CHAINS: text(help=glossary.CHAINS_COLUMN),
            export.DV: text(help=glossary.DIGITAAL_VERBINDEN),
            export.ANCHORS: text(help=glossary.ANCHORS_COLUMN),
            export.FOCUS: text(width="large"),
            export.SOURCES: text(help=f"{glossary.SOURCES_COLUMN} Zie 'Over de gegevens'."),
            export.ESTIMATED: text(help=glossary.ESTIMATED_COLUMN),
            export.LON: number(format="%.5f", help="WGS 84"),
            export.LAT: number(format="%.5f", help="WGS 84"),
            **({LAST_CHANGED: text(help=LAST_CHANGED_HELP)} if LAST_CHANGED in table.columns else {}),
            **flags,
        },
    )
    order = f"op afstand tot {md(selected['name'])}, dan op naam" if around is not None else "op naam"
    st.caption(
        f"Gesorteerd {order}. Een klik op een kolomkop sorteert alleen de weergave; de downloads houden deze volgorde."
    )


def _show_downloads(table, rows, chosen: list[str]) -> None:
    st.header("Downloaden")
    moment = _now()
    today = moment.date()
    formats = export.FORMATS
    downloads = [
        formats["excel-nl.csv"].download(
            "Voor Excel met Nederlandse instellingen: puntkomma's, decimale komma, UTF-8. "
            "Met een ja/nee-kolom per type en per productketen om op te filteren.",
            partial(formats["excel-nl.csv"].writer, table),
        ),
        formats["csv"].download(
            "Gewone CSV (komma's, decimale punt, UTF-8) voor andere programma's, met dezelfde kolommen.",
            partial(formats["csv"].writer, table),
        ),
        formats["xlsx"].download(
            "Werkmap met de tabel en een blad Toelichting (filters, bronnen, betekenis van de waarden).",
            partial(
                _workbook, table, rows, list(table.columns), view, ctx.data.path.name, hotspot_name, within, moment
            ),
        ),
        formats["geojson"].download(
            "Kaartgegevens (RFC 7946, WGS 84) voor QGIS en webkaarten, met de kolommen van de tabel.",
            partial(formats["geojson"].writer, rows, chosen),
        ),
        formats["gpkg"].download(
            "Kaartlaag 'hotspots' (EPSG:4326) voor QGIS en ArcGIS, met de kolommen van de tabel.",
            partial(formats["gpkg"].writer, rows, chosen),
        ),
    ]
    minute = moment.strftime("%Y-%m-%d %H:%M")
    download_buttons(
        downloads,
        file_name=lambda ext: export.export_filename(view, ext, today, within_radius=within),
        # Only the workbook states the export time (its Toelichting sheet).
        data=lambda ext, build: _export_file(
            ext, ctx.data_key, view_key, tuple(chosen), within, minute if ext == "xlsx" else "", build
        ),
        key_prefix="download_",
    )


# No st.stop(): the frame draws the sidebar after the page (app.py), so the
# filters, and "Filters wissen" the message points to, must stay.
if rows.empty:
    reason = f" binnen {view.radius_km} km van {md(selected['name'])}" if within else ""
    st.warning(
        f"Geen hotspots{reason} bij deze filters, dus er is niets om te tonen of te downloaden. "
        "Pas de filters aan of kies **Filters wissen** in de zijbalk.",
        icon=":material/filter_alt_off:",
    )
elif not chosen:
    st.warning("Kies minstens één kolom voor de tabel en de downloads.", icon=":material/view_column:")
else:
    # The ja/nee columns per type and product chain come with their parent column.
    table = full_table[export.with_flags(chosen)]
    _show_table(table, rows)
    _show_downloads(table, rows, chosen)
