"""What the Excel "Toelichting" sheet says: when, which filters, the sources, what the values mean.

The explanations of the vocabularies come from :mod:`hotspots.glossary` and
the references from :mod:`hotspots.sources`, so the sheet says what the
"Over de gegevens" page says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from hotspots import glossary
from hotspots.export import safety
from hotspots.export.table import CHAINS, TYPE
from hotspots.filters import FILTERS, Filter
from hotspots.sources import REFERENCES
from hotspots.viewstate import ViewState

Rows = tuple[tuple[str, str], ...]
# A seed file the data may cite (the schema allows any seed-like name) without a reference here.
_UNKNOWN_SOURCE = "Brondocument zonder bekende titel."


@dataclass(frozen=True)
class Section:
    """One block of the "Toelichting" sheet: a title and (term, explanation) rows."""

    title: str
    rows: Rows


def _choice_text(spec: Filter, chosen: frozenset[str]) -> str:
    if chosen == spec.every:
        return "alle"
    if not chosen:
        return "geen (dus geen hotspots)"
    return ", ".join(spec.name(v) for v in spec.slugs if v in chosen)


def filter_rows(view: ViewState, hotspot_name: str | None = None, within_radius: bool = False) -> Rows:
    """The active filters and radius in plain Dutch, as (term, value) rows.

    Parameters
    ----------
    view : ViewState
        The filters, radius and selected hotspot.
    hotspot_name : str, optional
        Name of the selected hotspot, as the sheet should show it.
    within_radius : bool
        Whether only hotspots within the radius are exported (said only
        when a hotspot is selected).

    Returns
    -------
    tuple of (str, str)
        One row per filter of :data:`hotspots.filters.FILTERS` ("Schaal",
        "Type", "Fase"...), then "Zoektekst", "Straal", "Geselecteerde hotspot" and, with a selected
        hotspot, "Alleen binnen de straal".
    """
    f = view.filters
    rows = [
        *((spec.label, _choice_text(spec, f.chosen(spec.param))) for spec in FILTERS),
        ("Zoektekst", f.query or "geen"),
        ("Straal", f"{view.radius_km} km"),
        ("Geselecteerde hotspot", hotspot_name or "geen"),
    ]
    if hotspot_name:
        only = f"ja, alleen hotspots binnen {view.radius_km} km van {hotspot_name}" if within_radius else "nee"
        rows.append(("Alleen binnen de straal", only))
    return tuple(rows)


def _format_time(moment: dt.datetime) -> str:
    text = moment.strftime("%Y-%m-%d %H:%M")
    zone = moment.tzname()
    return f"{text} ({zone})" if zone else text


def _references(frame: pd.DataFrame) -> Rows:
    cited = sorted({s.get("seed", "") for sources in frame["sources"] for s in sources} - {""})
    return tuple((seed, REFERENCES[seed].full if seed in REFERENCES else _UNKNOWN_SOURCE) for seed in cited)


def explanation(
    view: ViewState,
    frame: pd.DataFrame,
    *,
    columns: Sequence[str],
    source: str,
    exported_at: dt.datetime,
    hotspot_name: str | None = None,
    within_radius: bool = False,
) -> list[Section]:
    """The sections of the "Toelichting" sheet.

    Parameters
    ----------
    view : ViewState
        The filters, radius and selected hotspot of the export.
    frame : DataFrame
        The exported hotspots (for the count, the order and the sources they cite).
    columns : sequence of str
        The exported columns.
    source : str
        The data file's name.
    exported_at : datetime
        The moment of the export (shown as ``YYYY-MM-DD HH:MM``, with its zone).
    hotspot_name : str, optional
        Name of the selected hotspot.
    within_radius : bool
        Whether only hotspots within the radius are exported.

    Returns
    -------
    list of Section
        "Export", "Filters", "Ja/nee-kolommen" (when "Type" or
        "Productketens" is among ``columns``: the ja/nee columns that come
        with them), "Bronnen" (each cited document's full
        reference), the types, phases and product chains, "Digitaal
        Verbinden", "Ankers", "Inschattingen" (values carry no mark; the
        "Inschattingen" column lists the estimated fields) and "Veiligheid".
    """
    export_rows = (
        ("Gemaakt met", "Hotspotkaart, pagina Tabel & export"),
        ("Datum en tijd", _format_time(exported_at)),
        ("Aantal hotspots", str(len(frame))),
        ("Kolommen", ", ".join(columns)),
        ("Gegevensbestand", source),
        ("Volgorde", "op afstand, dan op naam" if "distance_km" in frame.columns else "op naam"),
    )
    flag_rows = (
        *((("Type: …", glossary.TYPE_FLAGS_COLUMN),) if TYPE in columns else ()),
        *((("Productketen: …", glossary.CHAIN_FLAGS_COLUMN),) if CHAINS in columns else ()),
    )
    return [
        Section("Export", export_rows),
        Section("Filters", filter_rows(view, hotspot_name, within_radius)),
        *([Section("Ja/nee-kolommen", flag_rows)] if flag_rows else []),
        Section("Bronnen", (*_references(frame), ("Kolom Bronnen", glossary.SOURCES_COLUMN))),
        Section(glossary.TYPES_TOPIC.title, glossary.TYPES_TOPIC.rows()),
        Section(glossary.PHASES_TOPIC.title, glossary.PHASES_TOPIC.rows()),
        Section(glossary.CHAINS_TOPIC.title, (*glossary.CHAINS_TOPIC.rows(), ("geen", glossary.NO_CHAIN))),
        Section("Digitaal Verbinden", (("besproken / niet besproken", glossary.DIGITAAL_VERBINDEN),)),
        Section("Ankers", (("Kolom Ankers", glossary.ANCHORS_COLUMN),)),
        Section(
            glossary.ESTIMATES_TOPIC.title,
            (
                ("Kolom Inschattingen", glossary.ESTIMATES_IN_COLUMN),
                ("Inschatting", glossary.ESTIMATE),
                *glossary.ESTIMATES_TOPIC.rows(),
            ),
        ),
        Section("Veiligheid", (("Apostrof vooraan", safety.NOTE),)),
    ]
