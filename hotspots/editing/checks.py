"""Checking an edited hotspot before it is saved: problems per field, in Dutch.

The data file's own rules come from its schema (:func:`hotspots.model.validate_feature`,
whose messages :mod:`hotspots.schema_messages` words). Editing adds what a
hand-written file cannot be held to but a form must be: the point lies in the
Netherlands (the country's outline, not only the schema's rectangle), text
has a sensible length and no control characters, and the id is unique.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.prepared import PreparedGeometry, prep

from hotspots.model import FIELD_LABELS, validate_feature

OUTLINE_PATH = Path(__file__).resolve().parents[2] / "static" / "map" / "landen.geojson"
#: Points this close to the outline (degrees, ~2-3 km) still count: the outline is coarse (Vaals lies 0.024° outside it).
COAST_TOLERANCE = 0.03

#: Longest text per field (characters). A 10,000-character name is refused, not stored.
MAX_LENGTH = {"name": 150, "place": 100, "province": 60, "focus": 2000, "anchors": 200, "section": 500}
#: Most entries in a list field.
MAX_ITEMS = {"anchors": 30, "sources": 30}
#: Longest reason ("waarom") for a change.
MAX_REASON = 500

# The field key a Dutch label of hotspots.model.FIELD_LABELS stands for.
_KEY_OF_LABEL = {label: key for key, label in FIELD_LABELS.items()}
_KEY_OF_LABEL["geometrie"] = "location"

#: Format characters that reorder text (bidi overrides and isolates); letters of
#: right-to-left scripts are fine, these could make a name display as another.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")

Problems = dict[str, list[str]]


@lru_cache(maxsize=1)
def netherlands() -> PreparedGeometry:
    """The outline of the Netherlands (from the map's background layer), slightly widened."""
    with OUTLINE_PATH.open(encoding="utf-8") as handle:
        document = json.load(handle)
    outline: BaseGeometry = next(
        shape(feature["geometry"]) for feature in document["features"] if feature["properties"]["naam"] == "Nederland"
    )
    return prep(outline.buffer(COAST_TOLERANCE))


def in_netherlands(lon: float, lat: float) -> bool:
    """Whether a point (WGS 84) lies in the Netherlands (its land and coastal waters)."""
    return bool(netherlands().contains(Point(lon, lat)))


def text_problem(value: str, limit: int, *, multiline: bool = False) -> str | None:
    """What is wrong with one text value, or None."""
    if len(value) > limit:
        return f"is te lang: {len(value)} tekens, hoogstens {limit}"
    for char in value:
        if multiline and char in "\n\t":
            continue
        if unicodedata.category(char) == "Cc":
            return f"bevat een stuurteken (U+{ord(char):04X}); typ alleen gewone tekst"
        if char in BIDI_CONTROLS:
            return f"bevat een teken dat de leesrichting omdraait (U+{ord(char):04X}); laat het weg"
    return None


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Text as it is stored: surrounding spaces removed, Windows line ends made plain."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.strip() if multiline else " ".join(value.split(" ")).strip()


def build_feature(
    *,
    hotspot_id: str,
    name: str,
    place: str,
    province: str,
    scope: str,
    types: Iterable[str],
    phase: str,
    product_chains: Iterable[str],
    digitaal_verbinden: bool,
    anchors: Iterable[str],
    focus: str,
    sources: Iterable[Mapping[str, str]],
    estimated: Iterable[str],
    lon: float,
    lat: float,
) -> dict[str, Any]:
    """A GeoJSON feature from a form's values (texts cleaned, empty list entries dropped)."""
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(float(lon), 5), round(float(lat), 5)]},
        "properties": {
            "id": hotspot_id,
            "name": clean_text(name),
            "place": clean_text(place),
            "province": clean_text(province),
            "scope": scope,
            "types": list(types),
            "phase": phase,
            "product_chains": list(product_chains),
            "digitaal_verbinden": bool(digitaal_verbinden),
            "anchors": [clean_text(a) for a in anchors if a.strip()],
            "focus": clean_text(focus, multiline=True),
            "sources": [
                {"seed": str(s.get("seed", "")).strip(), "section": clean_text(str(s.get("section", "")))}
                for s in sources
                if str(s.get("seed", "")).strip() or str(s.get("section", "")).strip()
            ],
            "estimated": list(estimated),
        },
    }


def _add(problems: Problems, key: str, message: str) -> None:
    messages = problems.setdefault(key, [])
    if message not in messages:
        messages.append(message)


def check_feature(feature: Mapping[str, Any], other_ids: Iterable[str] = ()) -> Problems:
    """Every problem of an edited hotspot, per field key (``name``, ``location``...); empty when it can be saved.

    Parameters
    ----------
    feature : mapping
        The hotspot as a GeoJSON feature (see :func:`build_feature`).
    other_ids : iterable of str
        The ids of the other hotspots in the file (the id must not be one of them).
    """
    problems: Problems = {}
    for problem in validate_feature(feature, 0):
        key = _KEY_OF_LABEL.get(problem.field or "", problem.field or "hotspot")
        _add(problems, key, problem.message)
    props = feature.get("properties", {}) if isinstance(feature, Mapping) else {}
    for key in ("name", "place", "province", "focus"):
        value = props.get(key)
        if isinstance(value, str):
            message = text_problem(value, MAX_LENGTH[key], multiline=key == "focus")
            if message:
                _add(problems, key, message)
    anchors = props.get("anchors")
    if isinstance(anchors, list):
        if len(anchors) > MAX_ITEMS["anchors"]:
            _add(problems, "anchors", f"hoogstens {MAX_ITEMS['anchors']} ankers, niet {len(anchors)}")
        for anchor in anchors:
            message = text_problem(anchor, MAX_LENGTH["anchors"]) if isinstance(anchor, str) else None
            if message:
                _add(problems, "anchors", f"anker '{anchor[:40]}' {message}")
    sources = props.get("sources")
    if isinstance(sources, list):
        if len(sources) > MAX_ITEMS["sources"]:
            _add(problems, "sources", f"hoogstens {MAX_ITEMS['sources']} bronnen, niet {len(sources)}")
        for number, source in enumerate(sources, 1):
            section = source.get("section") if isinstance(source, Mapping) else None
            message = text_problem(section, MAX_LENGTH["section"]) if isinstance(section, str) else None
            if message:
                _add(problems, "sources", f"bron {number}: de vindplaats {message}")
    if props.get("id") in set(other_ids):
        _add(problems, "id", f"id '{props.get('id')}' is al in gebruik bij een andere hotspot")
    geometry = feature.get("geometry") if isinstance(feature, Mapping) else None
    coordinates = geometry.get("coordinates") if isinstance(geometry, Mapping) else None
    if (
        "location" not in problems
        and isinstance(coordinates, list)
        and len(coordinates) >= 2
        and all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in coordinates[:2])
        and not in_netherlands(float(coordinates[0]), float(coordinates[1]))
    ):
        _add(
            problems,
            "location",
            f"het punt ({coordinates[1]:.4f} N, {coordinates[0]:.4f} O) ligt buiten Nederland; "
            "kies een plek in Nederland",
        )
    return problems


def check_reason(reason: str) -> str | None:
    """What is wrong with the reason for a change, or None."""
    if not reason.strip():
        return "vul in waarom je dit wijzigt; dat komt in de geschiedenis"
    return text_problem(reason, MAX_REASON, multiline=True)
