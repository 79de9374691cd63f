"""File names of the exports (their MIME types: :mod:`hotspots.export.formats`)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from hotspots.viewstate import ViewState, summary

MAX_SUMMARY_LENGTH = 60


def _safe_stem(text: str, limit: int) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    ascii_text = re.sub(r"[^a-z0-9_-]+", "-", ascii_text)
    ascii_text = re.sub(r"-{2,}", "-", re.sub(r"_{2,}", "_", ascii_text)).strip("-_")
    if len(ascii_text) > limit:
        # Cut at a word boundary when there is one in the second half.
        cut = ascii_text[:limit]
        boundary = max(cut.rfind("_"), cut.rfind("-"))
        ascii_text = (cut[:boundary] if boundary > limit // 2 else cut).strip("-_")
    return ascii_text


def export_filename(
    view: ViewState, ext: str, today: dt.date, *, within_radius: bool = False, prefix: str = "hotspots"
) -> str:
    """``<prefix>_<short filter summary>_<YYYY-MM-DD>.<ext>``, safe on every file system.

    Parameters
    ----------
    view : ViewState
        The filters and selected hotspot of the export.
    ext : str
        Extension without the dot, e.g. ``"csv"`` or ``"excel-nl.csv"``.
    today : date
        The date in the name.
    within_radius : bool
        Whether the rows are limited to the radius around the selected
        hotspot: adds "rond-<id>-<R>km".
    prefix : str
        What the file holds, e.g. ``"verbindingen"``: lower-case ASCII
        letters, digits, ``-`` and ``_``.

    Returns
    -------
    str
        ASCII letters, digits, ``-``, ``_`` and ``.`` only, with at most
        :data:`MAX_SUMMARY_LENGTH` characters of summary
        (:func:`hotspots.viewstate.summary`).

    Examples
    --------
    >>> export_filename(ViewState(), "csv", dt.date(2025, 3, 1))
    'hotspots_alle_2025-03-01.csv'
    """
    if not isinstance(today, dt.date):
        raise TypeError(f"today must be a date, got {type(today).__name__}")
    if not isinstance(ext, str) or not re.fullmatch(r"[a-z0-9]+(?:[.-][a-z0-9]+)*", ext):
        raise ValueError(f"ext must be a plain extension such as 'csv', got {ext!r}")
    if not isinstance(prefix, str) or not re.fullmatch(r"[a-z0-9]+(?:[_-][a-z0-9]+)*", prefix):
        raise ValueError(f"prefix must be lower-case ASCII such as 'hotspots', got {prefix!r}")
    stem = summary(view.with_(hotspot=None))
    if within_radius and view.hotspot:
        around = summary(ViewState(hotspot=view.hotspot, radius_km=view.radius_km))
        stem = around if stem == "alle" else f"{stem}_{around}"
    stem = _safe_stem(stem, MAX_SUMMARY_LENGTH) or "alle"
    return f"{prefix}_{stem}_{today.isoformat()}.{ext}"
