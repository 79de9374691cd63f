"""The table of kansrijke partners (links), its Excel "Toelichting" and its file names.

:func:`links_table` turns :func:`hotspots.partners.links` into the table
the Samenwerking page shows and the files hold, strongest first, with Dutch
headers and labels. The files themselves are made by the same functions as
the hotspot table's (:mod:`hotspots.export.spreadsheet`: text neutralised,
numbers as numbers); :func:`links_explanation` gives the "Toelichting"
sheet, which states the rule, the radius and the kinds of link.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from hotspots import partners
from hotspots.export._frames import require_frame
from hotspots.export.explanation import Section, _format_time, explanation
from hotspots.export.naming import _safe_stem, export_filename
from hotspots.export.spreadsheet import sheet_title
from hotspots.model import PRODUCT_CHAINS, TYPES, label
from hotspots.viewstate import ViewState

NAME_A, NAME_B, ID_A, ID_B = "Hotspot A", "Hotspot B", "id A", "id B"
LINK_DISTANCE, SHARED_CHAINS, SHARED_TYPES = "Afstand (km)", "Gedeelde productketens", "Gedeelde typen"
BOTH_DV, SCORE, ESTIMATES_ONLY = "Beide Digitaal Verbinden", "Score", "Alleen inschattingen"
#: The headers of :func:`links_table`, in order.
LINK_TABLE_COLUMNS = (
    NAME_A, NAME_B, ID_A, ID_B, LINK_DISTANCE, SHARED_CHAINS, SHARED_TYPES, BOTH_DV, SCORE, ESTIMATES_ONLY,
)  # fmt: skip


def _yes_no(values: Iterable[bool]) -> list[str]:
    return ["ja" if bool(v) else "nee" for v in values]


def _labels(column: pd.Series, vocabulary) -> list[str]:
    # few distinct tuples: label each once
    cache: dict[tuple, str] = {}
    result = []
    for slugs in column:
        key = tuple(slugs)
        if key not in cache:
            cache[key] = ", ".join(label(vocabulary, s) for s in key)
        result.append(cache[key])
    return result


def links_table(links_frame: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """The links as a table with Dutch headers, in the order of ``links_frame`` (strongest first).

    Parameters
    ----------
    links_frame : DataFrame
        What :func:`hotspots.partners.links` returned for ``frame``.
    frame : DataFrame
        The hotspots (``id``, ``name``) the links were computed on.

    Returns
    -------
    DataFrame
        Columns :data:`LINK_TABLE_COLUMNS`: both names and ids, the distance
        (km, to 0.1), the shared product chains and types (Dutch labels,
        comma-separated; empty when none), "ja"/"nee" for both Digitaal
        Verbinden and for a link that rests only on estimates, and the score
        (to 0.01). One row per link; empty (same headers) when there are none.

    Examples
    --------
    >>> from hotspots.io import load_hotspots
    >>> frame = load_hotspots().frame
    >>> list(links_table(partners.links(frame, 100), frame).columns)[:4]
    ['Hotspot A', 'Hotspot B', 'id A', 'id B']
    """
    require_frame(links_frame, "links_frame")
    require_frame(frame, "frame")
    missing = [c for c in partners.LINK_COLUMNS if c not in links_frame.columns]
    if missing:
        raise ValueError(f"links_frame lacks the columns {missing}; pass what hotspots.partners.links returned")
    if "id" not in frame.columns or "name" not in frame.columns:
        raise ValueError(f"frame must have the columns 'id' and 'name', it has {list(frame.columns)}")
    names = pd.Series(frame["name"].astype(str).to_numpy(), index=frame["id"].to_numpy(dtype=object))
    if names.index.has_duplicates:
        raise ValueError("hotspot ids must be unique")
    a = links_frame["a"].to_numpy(dtype=object)
    b = links_frame["b"].to_numpy(dtype=object)
    unknown = sorted(set(a[~pd.Index(a).isin(names.index)]) | set(b[~pd.Index(b).isin(names.index)]))
    if unknown:
        raise ValueError(f"links_frame names hotspots that are not in frame: {unknown[:5]}")
    values = {
        NAME_A: names.reindex(a).to_numpy(dtype=object),
        NAME_B: names.reindex(b).to_numpy(dtype=object),
        ID_A: a,
        ID_B: b,
        LINK_DISTANCE: np.round(links_frame["distance_km"].to_numpy(dtype=float), 1),
        SHARED_CHAINS: _labels(links_frame["chains"], PRODUCT_CHAINS),
        SHARED_TYPES: _labels(links_frame["types"], TYPES),
        BOTH_DV: _yes_no(links_frame["dv"]),
        SCORE: np.round(links_frame["score"].to_numpy(dtype=float), 2),
        ESTIMATES_ONLY: _yes_no(links_frame["estimated_only"]),
    }
    return pd.DataFrame(
        {
            name: pd.Series(column, dtype="float64" if name in (LINK_DISTANCE, SCORE) else object)
            for name, column in values.items()
        }
    )


def selection_links(links_frame: pd.DataFrame, hotspot_id: str) -> pd.DataFrame:
    """The links of one hotspot, as the Samenwerking page lists its partners: strongest first, it as A.

    Parameters
    ----------
    links_frame : DataFrame
        What :func:`hotspots.partners.links` returned.
    hotspot_id : str
        The selected hotspot.

    Returns
    -------
    DataFrame
        The rows of ``links_frame`` that involve ``hotspot_id``, with
        ``hotspot_id`` in column ``a`` and its partner in ``b``, in the order
        of :func:`hotspots.partners.partners_of` (score descending, distance,
        partner id). Empty (same columns) when it has no links.
    """
    require_frame(links_frame, "links_frame")
    a = links_frame["a"].to_numpy(dtype=object)
    b = links_frame["b"].to_numpy(dtype=object)
    rows = np.flatnonzero((a == hotspot_id) | (b == hotspot_id))
    partner = np.where(a[rows] == hotspot_id, b[rows], a[rows])
    score = links_frame["score"].to_numpy(dtype=float)[rows]
    distance = links_frame["distance_km"].to_numpy(dtype=float)[rows]
    order = sorted(range(len(rows)), key=lambda i: (-score[i], distance[i], partner[i]))
    picked = links_frame.iloc[rows[order]].copy()
    picked["a"] = np.full(len(picked), hotspot_id, dtype=object)
    picked["b"] = partner[order]
    return picked.reset_index(drop=True)


def links_sheet_name(hotspot_name: str | None) -> str:
    """The links workbook's table sheet: "Verbindingen", or "Partners van <name>" for a selection."""
    return sheet_title(f"Partners van {hotspot_name}") if hotspot_name else "Verbindingen"


def kinds_text(kinds: Iterable[str]) -> str:
    """The chosen kinds of link in Dutch, e.g. ``productketen, Digitaal Verbinden``."""
    chosen = set(kinds)
    return ", ".join(partners.KIND_TERMS[kind].label for kind in partners.KINDS if kind in chosen)


def links_explanation(
    view: ViewState,
    frame: pd.DataFrame,
    *,
    links_count: int,
    kinds: Iterable[str],
    columns: Sequence[str],
    source: str,
    exported_at: dt.datetime,
    hotspot_name: str | None = None,
) -> list[Section]:
    """The "Toelichting" sheet of the links' Excel file.

    Parameters
    ----------
    view : ViewState
        The filters and radius (``view.radius_km``) of the links.
    frame : DataFrame
        The hotspots the links were computed on (for the sources they cite).
    links_count : int
        The number of links in the file.
    kinds : collection of str
        The kinds of link that count (:data:`hotspots.partners.KINDS`).
    columns : sequence of str
        The file's columns.
    source : str
        The data file's name.
    exported_at : datetime
        The moment of the export.
    hotspot_name : str, optional
        The selected hotspot, whose links alone the file holds (:func:`selection_links`).

    Returns
    -------
    list of Section
        "Export", "Kansrijke partners" (the rule of
        :data:`hotspots.partners.RULE_TEXT`, the radius, the kinds, the
        columns), then the filters, sources and meanings of
        :func:`hotspots.export.explanation`.
    """
    export_rows = (
        ("Gemaakt met", "Hotspotkaart, pagina Samenwerking"),
        ("Datum en tijd", _format_time(exported_at)),
        (
            "Inhoud",
            f"de kansrijke partners van {hotspot_name}, zoals op het scherm"
            if hotspot_name
            else "alle verbindingen tussen de hotspots op de kaart",
        ),
        ("Aantal verbindingen", str(links_count)),
        ("Aantal hotspots", str(len(frame))),
        ("Kolommen", ", ".join(columns)),
        ("Gegevensbestand", source),
        ("Volgorde", "sterkste eerst (hoogste score), dan op afstand"),
    )
    rule_rows = (
        ("Regel", partners.RULE_TEXT),
        ("Straal", f"{view.radius_km} km"),
        ("Soorten koppeling", kinds_text(kinds)),
        (SHARED_CHAINS, partners.KIND_TERMS["keten"].explanation + " Leeg: geen of niet meegeteld."),
        (SHARED_TYPES, partners.KIND_TERMS["type"].explanation + " Leeg: geen of niet meegeteld."),
        (BOTH_DV, partners.KIND_TERMS["dv"].explanation),
        (SCORE, "Hoe hoger, hoe kansrijker; zie de regel hierboven."),
        (ESTIMATES_ONLY, "ja: alles wat de twee hotspots delen, berust op ingeschatte gegevens."),
    )
    rest = explanation(view, frame, columns=columns, source=source, exported_at=exported_at, hotspot_name=hotspot_name)
    return [
        Section("Export", export_rows),
        Section("Kansrijke partners", rule_rows),
        *(section for section in rest if section.title != "Export"),
    ]


def links_filename(view: ViewState, kinds: Iterable[str], ext: str, today: dt.date, hotspot: str | None = None) -> str:
    """``verbindingen_<R>km[_<kinds>]_<filter summary>_<YYYY-MM-DD>.<ext>``; kinds only when not all count.

    With a selected ``hotspot`` (its links only): ``partners_<id>_<R>km...``.

    Examples
    --------
    >>> links_filename(ViewState(radius_km=100), {"keten", "dv"}, "csv", dt.date(2025, 3, 1))
    'verbindingen_100km_keten-dv_alle_2025-03-01.csv'
    """
    param = partners.kinds_param(kinds)
    prefix = f"verbindingen_{view.radius_km}km" + (f"_{param.replace(',', '-')}" if param else "")
    if hotspot:
        prefix = f"partners_{_safe_stem(hotspot, 40) or 'hotspot'}_{view.radius_km}km" + (
            f"_{param.replace(',', '-')}" if param else ""
        )
    return export_filename(view, ext, today, prefix=prefix)
