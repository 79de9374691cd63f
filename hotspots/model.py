"""Vocabularies and validation rules of a hotspot record.

The rules themselves live in one place, ``data/hotspots.schema.json`` (JSON
Schema, so staff can validate edits in their editor). This module loads that
schema, validates with :mod:`jsonschema`, and turns its errors into plain
Dutch messages that name the feature and the field (worded as for
presentations, by :mod:`hotspots.schema_messages`). The few rules a schema
cannot express (unique ids across features) are checked here.

The vocabularies carry the Dutch labels and one-line explanations the
interface shows; their slugs must equal the schema's enums (a test checks).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from hotspots.schema_messages import field_path, quote, schema_message
from hotspots.sources import citation

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "data" / "hotspots.schema.json"

SEED_001 = "001_38567238ee4dba9b.txt"
SEED_003 = "003_35ad4f9a39bf573e.txt"


def source_label(source: dict) -> str:
    """A readable citation: the document's title, publisher and year, and the section (no file name).

    E.g. 'Regionale hotspots (advies) (Adviesraad voor wetenschap, technologie en innovatie (AWTI), Den Haag,
    2014), §3.4' (:func:`hotspots.sources.citation`).
    """
    return citation(source.get("seed", ""), source.get("section", ""))


@dataclass(frozen=True)
class Term:
    """One value of a vocabulary: its slug, Dutch label and explanation."""

    slug: str
    label: str
    explanation: str


def _vocabulary(*terms: Term) -> dict[str, Term]:
    return {term.slug: term for term in terms}


# Seed 001, chapter 3 (AWTI typology).
TYPES = _vocabulary(
    Term(
        "creatief-urbaan",
        "Creatief-urbaan",
        "In de stad, met veel kleine bedrijven en creatieve (symbolische) kennis; "
        "de gemeente is de natuurlijke partner.",
    ),
    Term(
        "engineering",
        "Engineering",
        "Op of rond het terrein van één of enkele grote ankerbedrijven, gebouwd op technische (synthetische) kennis.",
    ),
    Term(
        "wetenschapsgedreven",
        "Wetenschapsgedreven",
        "Rond een universiteit, onderzoeksinstituut of academisch ziekenhuis, "
        "gebouwd op wetenschappelijke (analytische) kennis.",
    ),
)

# Seed 001, section 2.4 (life cycle after Menzel & Fornahl).
PHASES = _vocabulary(
    Term("opkomst", "Opkomst", "De hotspot ontstaat: eerste bedrijven en kennisinstellingen vinden elkaar."),
    Term("groei", "Groei", "Het aantal bedrijven en de werkgelegenheid nemen snel toe."),
    Term("consolidatie", "Consolidatie", "De hotspot is volwassen en houdt zijn omvang vast."),
    Term("transitie", "Transitie", "Afname, of vernieuwing door nieuwe technologie of markten."),
)

# Seed 003, ActieAgenda Actielijn 1 "Nieuwe Productketens".
PRODUCT_CHAINS = _vocabulary(
    Term("waterstof", "Waterstof", "Technologie voor de waterstofeconomie."),
    Term(
        "lasersatcom",
        "LaserSatCom",
        "Lasersatellietcommunicatie: datacommunicatie via laserverbindingen met satellieten.",
    ),
    Term("robotica", "Robotica", "Robotica van kas tot klant."),
    Term("3d-printen", "3D-printen", "3D-printen (additive manufacturing) voor de maakindustrie."),
)

SCOPES = _vocabulary(
    Term("zuid-holland", "Zuid-Holland", "Hotspots in de provincie Zuid-Holland."),
    Term("nationaal", "Nationaal", "Hotspots elders in Nederland."),
)

# Fields that may be editorial estimates rather than stated in the seeds.
ESTIMABLE_FIELDS = _vocabulary(
    Term("types", "Type", "Het type is een inschatting."),
    Term("phase", "Fase", "De fase is een inschatting."),
    Term("product_chains", "Productketens", "De productketens zijn een inschatting."),
    Term(
        "location",
        "Locatie",
        "De kaartlocatie is gekozen op de campus of kernlocatie; de bronnen geven geen coördinaten.",
    ),
)

# Dutch names of the record's fields, used in messages and table headers.
FIELD_LABELS = {
    "id": "id",
    "name": "naam",
    "place": "plaats",
    "province": "provincie",
    "scope": "schaal",
    "types": "type",
    "phase": "fase",
    "product_chains": "productketens",
    "digitaal_verbinden": "Digitaal Verbinden",
    "anchors": "ankers",
    "focus": "focus",
    "sources": "bronnen",
    "estimated": "inschattingen",
    "geometry": "geometrie",
    "location": "locatie",
}

# Rough bounds of the Netherlands (WGS 84), as in the schema.
NL_LON = (3.2, 7.3)
NL_LAT = (50.7, 53.6)


def label(vocabulary: dict[str, Term], slug: str) -> str:
    """Dutch label of ``slug``, or the slug itself when it is unknown."""
    term = vocabulary.get(slug)
    return term.label if term else slug


def labels(vocabulary: dict[str, Term], slugs: Iterable[str]) -> list[str]:
    return [label(vocabulary, slug) for slug in slugs]


@dataclass(frozen=True)
class Problem:
    """One reason a data file or one of its hotspots was rejected.

    ``index`` is the 0-based position of the feature (``None`` for a problem
    with the file as a whole), ``feature_id`` its id where it has a usable one.
    """

    message: str
    index: int | None = None
    feature_id: str | None = None
    field: str | None = None

    @property
    def where(self) -> str:
        if self.index is None:
            return "bestand"
        where = f"hotspot {self.index + 1}"
        if self.feature_id:
            where += f" (id '{self.feature_id}')"
        return where

    def __str__(self) -> str:
        field = f", veld '{self.field}'" if self.field else ""
        return f"{self.where}{field}: {self.message}"


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    with SCHEMA_PATH.open(encoding="utf-8") as handle:
        schema = json.load(handle)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


@lru_cache(maxsize=1)
def _validators() -> tuple[jsonschema.Draft202012Validator, jsonschema.Draft202012Validator]:
    """Validators for the collection shell and for one feature."""
    schema = load_schema()
    shell = dict(schema)
    shell["properties"] = dict(schema["properties"])
    # Features are validated one by one, so one bad hotspot never hides the rest.
    shell["properties"]["features"] = {"type": "array", "minItems": 1}
    feature = {"$defs": schema["$defs"], "$ref": "#/$defs/feature"}
    return (
        jsonschema.Draft202012Validator(shell),
        jsonschema.Draft202012Validator(feature),
    )


def _quote(value: Any) -> str:
    """A value quoted as it is written in the GeoJSON file."""
    return quote(value, json_strings=True)


def _field_of(path: list[Any]) -> str | None:
    """The record field an error path points at (``properties.phase`` -> ``phase``)."""
    if not path:
        return None
    if path[0] == "properties" and len(path) > 1:
        return str(path[1])
    if path[0] == "geometry":
        return "geometry"
    return str(path[0])


def _coordinate_message(coordinates: Any) -> str:
    if (
        isinstance(coordinates, list)
        and len(coordinates) >= 2
        and all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in coordinates[:2])
    ):
        lon, lat = coordinates[:2]
        if NL_LAT[0] <= lon <= NL_LAT[1] and NL_LON[0] <= lat <= NL_LON[1]:
            return (
                f"coördinaten {_quote(coordinates)} lijken omgedraaid: GeoJSON verwacht "
                "[lengtegraad, breedtegraad], bijvoorbeeld [4.49, 52.16]"
            )
        return (
            f"coördinaten {_quote(coordinates)} liggen buiten Nederland "
            f"(lengtegraad {NL_LON[0]}–{NL_LON[1]}, breedtegraad {NL_LAT[0]}–{NL_LAT[1]})"
        )
    return f"coördinaten {_quote(coordinates)} moeten twee getallen zijn: [lengtegraad, breedtegraad]"


def _message(error: jsonschema.ValidationError, feature: Any) -> str | None:
    """A plain-Dutch sentence for one jsonschema error (``None``: covered by another).

    The rules of a hotspot record are worded here; every other error as
    :func:`hotspots.schema_messages.schema_message` words it, without the
    field (:class:`Problem` names it) and with values quoted as in the file.
    """
    path = list(error.absolute_path)
    kind, value = error.validator, error.instance
    if path[:2] == ["geometry", "coordinates"]:
        if feature["geometry"].get("type") != "Point":
            return None  # the wrong geometry type says it all
        return _coordinate_message(feature["geometry"]["coordinates"])
    if kind == "const":
        if path == ["type"]:
            return f"moet een GeoJSON Feature zijn, niet {_quote(value)}"
        if path == ["geometry", "type"]:
            return f"de geometrie moet een Point zijn, niet {_quote(value)}"
        if path == ["properties", "province"]:
            return f"schaal 'zuid-holland' hoort bij provincie 'Zuid-Holland', niet {_quote(value)}"
    if kind == "not" and path == ["properties", "province"]:
        return "provincie 'Zuid-Holland' hoort bij schaal 'zuid-holland'"
    if kind == "type" and path == ["geometry"]:
        return "de geometrie ontbreekt (null); elke hotspot heeft een Point nodig"
    if kind == "pattern" and isinstance(value, str) and value.strip():
        if path == ["properties", "id"]:
            return (
                f"id {_quote(value)} is geen geldige slug "
                "(kleine letters, cijfers en koppeltekens, zoals 'leiden-bio-science-park')"
            )
        if path[-1:] == ["seed"]:
            return f"{_quote(value)} is geen bestandsnaam van een bron (zoals '{SEED_001}')"
    missing = str(field_path(error)[-1]) if kind == "required" else ""
    return schema_message(error, FIELD_LABELS.get(missing, missing), with_name=False, json_strings=True)


def _feature_id(feature: Any) -> str | None:
    if isinstance(feature, dict) and isinstance(feature.get("properties"), dict):
        fid = feature["properties"].get("id")
        if isinstance(fid, str) and fid.strip():
            return fid
    return None


def validate_feature(feature: Any, index: int) -> list[Problem]:
    """Every problem of one feature, in a stable order (by field path)."""
    _, validator = _validators()
    fid = _feature_id(feature)
    problems = []
    seen = set()
    errors = sorted(validator.iter_errors(feature), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        field = _field_of(field_path(error))
        message = _message(error, feature)
        if message is None or (field, message) in seen:  # e.g. both coordinates out of range
            continue
        seen.add((field, message))
        label = None if field is None else FIELD_LABELS.get(field, field)
        problems.append(Problem(message, index=index, feature_id=fid, field=label))
    return problems


#: Features (as canonical JSON text) found valid before, kept by :func:`_valid_text`.
KNOWN_VALID = 4096


def _known_valid(feature: Any) -> bool:
    """Whether ``feature`` has no problems, remembered by its content: a saved file differs from the
    previous version in one hotspot, so reading it validates that one instead of all 1,000."""
    try:
        text = json.dumps(feature, sort_keys=True, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return False
    return _valid_text(text)


@lru_cache(maxsize=KNOWN_VALID)
def _valid_text(text: str) -> bool:
    return not validate_feature(json.loads(text), 0)


#: Most hotspots a data file may hold. Every page's work grows with the number of pairs
#: (Samenwerking: up to n²/2 links within the radius). With 1,000 hotspots all within 120 km of
#: each other /samenwerking?radius=120 took as long as with a refused file (10.7 s against 9.9 s
#: on a 2-core machine at load 14; 2,000 took 20 s) and peaked at 407 MB
#: (benchmarks/samenwerking_limit.py). The shipped file has a few dozen.
MAX_HOTSPOTS = 1000


def validate_collection(document: Any) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Split a parsed GeoJSON document into valid features and problems.

    Returns the valid features (in file order) and every problem found. A
    problem with the collection itself (not a FeatureCollection, no
    features) has ``index=None`` and then no feature is returned.
    """
    shell, _ = _validators()
    if not isinstance(document, dict):
        return [], [
            Problem(f"het bestand moet een GeoJSON FeatureCollection (een object) zijn, niet {type(document).__name__}")
        ]
    shell_problems = []
    for error in shell.iter_errors(document):
        path = list(error.absolute_path)
        if error.validator == "required":
            msg = "geen GeoJSON FeatureCollection: " + schema_message(error)
        elif path == ["type"]:
            msg = f"geen GeoJSON FeatureCollection: 'type' is {_quote(error.instance)}"
        elif path == ["features"] and error.validator == "minItems":
            msg = "het bestand bevat geen hotspots ('features' is leeg)"
        elif path == ["features"]:
            msg = f"'features' moet een lijst zijn, niet {_quote(error.instance)}"
        else:
            msg = error.message
        shell_problems.append(Problem(msg))
    if shell_problems:
        return [], shell_problems
    if len(document["features"]) > MAX_HOTSPOTS:  # checked before any hotspot: bounded work
        return [], [
            Problem(
                f"het bestand bevat {len(document['features'])} hotspots; een gegevensbestand heeft er hoogstens "
                f"{MAX_HOTSPOTS} (zo blijft elke pagina snel en begrensd in geheugen)"
            )
        ]

    valid: list[dict[str, Any]] = []
    problems: list[Problem] = []
    first_index_of: dict[str, int] = {}
    for index, feature in enumerate(document["features"]):
        feature_problems = [] if _known_valid(feature) else validate_feature(feature, index)
        fid = _feature_id(feature)
        if fid is not None:
            if fid in first_index_of:
                feature_problems.append(
                    Problem(
                        f"id '{fid}' komt al voor bij hotspot {first_index_of[fid] + 1}; ids moeten uniek zijn",
                        index=index,
                        feature_id=fid,
                        field="id",
                    )
                )
            else:
                first_index_of[fid] = index
        if feature_problems:
            problems.extend(feature_problems)
        else:
            valid.append(feature)
    return valid, problems
