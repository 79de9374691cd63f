"""What changed between two versions of a hotspot, as readable Dutch lines.

>>> old = {"properties": {"phase": "opkomst"}, "geometry": None}
>>> new = {"properties": {"phase": "groei"}, "geometry": None}
>>> field_changes(old, new)
['Fase: Opkomst → Groei']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hotspots.io import COLUMNS
from hotspots.model import (
    ESTIMABLE_FIELDS,
    FIELD_LABELS,
    PHASES,
    PRODUCT_CHAINS,
    SCOPES,
    TYPES,
    Term,
    label,
)

#: The order fields are listed in, as on the form.
FIELD_ORDER = (*(c for c in COLUMNS if c != "id"), "location")
_VOCABULARIES: dict[str, dict[str, Term]] = {
    "scope": SCOPES,
    "types": TYPES,
    "phase": PHASES,
    "product_chains": PRODUCT_CHAINS,
    "estimated": ESTIMABLE_FIELDS,
}
#: A value shown in a change line is cut to this many characters.
SHOWN = 80


def field_title(key: str) -> str:
    """The field's Dutch name with a capital ("Fase", "Digitaal Verbinden")."""
    name = FIELD_LABELS.get(key, key)
    return name[:1].upper() + name[1:]


def _short(text: str) -> str:
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def show_value(key: str, value: Any) -> str:
    """A field's value as the change list shows it."""
    if value is None:
        return "(leeg)"
    if key == "digitaal_verbinden":
        return "besproken" if value else "niet besproken"
    if key == "location":
        lon, lat = value[:2]
        return f"{lat:.4f} N, {lon:.4f} O"
    if key == "sources":
        return "; ".join(_short(f"{s.get('seed', '')} {s.get('section', '')}".strip()) for s in value) or "(geen)"
    vocabulary = _VOCABULARIES.get(key)
    if isinstance(value, list):
        items = [label(vocabulary, v) if vocabulary else str(v) for v in value]
        return _short(", ".join(items)) if items else "(geen)"
    if vocabulary:
        return label(vocabulary, str(value))
    return _short(str(value))


def _fields(feature: Mapping[str, Any] | None) -> dict[str, Any]:
    if not feature:
        return {}
    fields = dict(feature.get("properties") or {})
    geometry = feature.get("geometry")
    fields["location"] = list(geometry["coordinates"]) if isinstance(geometry, Mapping) else None
    return fields


def field_changes(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> list[str]:
    """The changed fields of one hotspot, one line each ("Fase: Opkomst → Groei").

    A hotspot that is new gives ``["Toegevoegd"]``, one that is gone ``["Verwijderd"]``.
    """
    if old is None and new is None:
        return []
    if old is None:
        return ["Toegevoegd"]
    if new is None:
        return ["Verwijderd"]
    before, after = _fields(old), _fields(new)
    lines = []
    for key in (*FIELD_ORDER, *sorted((set(before) | set(after)) - set(FIELD_ORDER) - {"id"})):
        if before.get(key) != after.get(key):
            lines.append(f"{field_title(key)}: {show_value(key, before.get(key))} → {show_value(key, after.get(key))}")
    return lines
