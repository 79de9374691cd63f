"""Checking a presentation document, with every problem in plain Dutch.

The schema (``data/presentatie.schema.json``) checks shapes, and its errors
are worded by :mod:`hotspots.schema_messages` as for the data file, plus the
few rules only a presentation has. What a schema cannot check is checked
here: the values against the vocabularies of :mod:`hotspots.model`,
:mod:`hotspots.filters` and :mod:`hotspots.viewstate`, the radius, the
hotspot id against the data, and the notes' length in sentences. Every
problem names the scene (number and title) and the field.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from hotspots import plaintext
from hotspots.filters import FILTERS, MANY, ONE
from hotspots.geo import RADIUS_MAX_KM, RADIUS_MIN_KM, RADIUS_STEP_KM
from hotspots.schema_messages import field_path, quote, schema_message, unknown_values_message
from hotspots.viewstate import KNOWN_PARAMS, RADII_MODES, radius_choices

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
SCHEMA_PATH = DATA_DIR / "presentatie.schema.json"
MAX_SENTENCES = 3
#: Most problems listed (a screenful); the last line counts the rest.
MAX_PROBLEMS = 15

# Allowed values per view field; multi-value fields are comma-separated.
VALUE_CHOICES: dict[str, tuple[str, ...]] = {
    **{spec.param: spec.slugs for spec in FILTERS},
    "radii": tuple(RADII_MODES),
}
_MULTI_VALUE = tuple(spec.param for spec in FILTERS if spec.widget in (ONE, MANY))
_FIELD_ORDER = {name: i for i, name in enumerate(["", "titel", "notities", "view", *KNOWN_PARAMS, "kaart"])}
# Words whose full stop does not end a sentence.
_ABBREVIATIONS = frozenset({"bijv", "ca", "dr", "etc", "incl", "mr", "nl", "nr", "prof", "resp", "vgl", "zgn"})
_SENTENCE_END = re.compile(r"[.!?…]+[”’\"')]*(?=\s+[„“‘\"'(]?[A-ZÀ-Þ0-9])")

Problems = dict[int | None, list[tuple[str, str]]]


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    """The presentation schema, checked to be a valid JSON Schema (draft 2020-12).

    The view's filter fields come from :data:`hotspots.filters.FILTERS`: each
    is added as a comma-separated ``values`` field, and no other field is allowed.
    """
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    view = schema["$defs"]["view"]
    view["properties"] = {**{spec.param: {"$ref": "#/$defs/values"} for spec in FILTERS}, **view["properties"]}
    view["additionalProperties"] = False
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(load_schema())


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _field_name(path: list[Any]) -> str:
    """The field a path inside a scene points at; view fields go by their URL name."""
    names = [str(p) for p in path]
    return ".".join(names[1:] if names[:1] == ["view"] and len(names) > 1 else names)


def _swapped_hint(name: str, value: Any) -> str:
    """A hint when a latitude would be a valid longitude, or the other way round."""
    other = {"kaart.lat": "lng", "kaart.lng": "lat"}.get(name)
    if other is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return ""
    bounds = load_schema()["$defs"]["kaart"]["properties"][other]
    return " (zijn 'lat' en 'lng' omgedraaid?)" if bounds["minimum"] <= value <= bounds["maximum"] else ""


def _schema_message(error: jsonschema.ValidationError, path: list[Any]) -> tuple[str, str]:
    """``(field, Dutch message)`` for one jsonschema error; ``path`` is relative to the scene or document."""
    name = _field_name(path)
    kind, value = error.validator, error.instance
    if kind == "type" and not path:
        return name, f"een scène moet een object zijn met 'titel', 'notities' en 'view', niet {quote(value)}"
    if kind == "pattern" and isinstance(value, str) and value.strip():
        if name in _MULTI_VALUE:
            return name, (
                f"'{name}' moet waarden gescheiden door komma's zonder spaties hebben, "
                f"zoals '{','.join(VALUE_CHOICES[name][:2])}', niet {quote(value)}"
            )
        if name == "radius":
            return name, f"'radius' moet een aantal kilometers zijn, zoals '100', niet {quote(value)}"
        return name, (
            f"{quote(value)} in '{name}' is geen geldige id: kleine letters, cijfers en koppeltekens, "
            "zoals 'hotspots-zuid-holland'"
        )
    if kind == "minItems" and name == "scenes":
        return name, "'scenes' is leeg; een presentatie heeft minstens één scène"
    if kind == "maxItems" and name == "scenes" and isinstance(value, list):
        return name, f"'scenes' heeft {len(value)} scènes; een presentatie heeft er hoogstens {error.validator_value}"
    message = schema_message(error, name)
    if kind == "type" and len(path) > 1 and path[0] == "view":
        message += ' (zoals in de link van de kaart, bijvoorbeeld "radius": "100")'
    elif kind in ("minimum", "maximum"):
        message += _swapped_hint(name, value)
    return name, message


def _sentence_count(text: str) -> int:
    """Sentences in ``text``, not counting the full stop of an abbreviation such as 'ca.' or 'o.a.'."""
    count = 1
    for match in _SENTENCE_END.finditer(text):
        before = text[: match.start()].split()
        word = before[-1].lower().lstrip("(„“‘\"'") if before else ""
        if match.group().startswith(".") and (word in _ABBREVIATIONS or len(word) == 1 or "." in word):
            continue
        count += 1
    return count


def _closest(value: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1)
    return f" (bedoelt u '{close[0]}'?)" if close else ""


def _scene_checks(
    scene: Mapping[str, Any], hotspot_ids: frozenset[str] | None, skip: set[str]
) -> list[tuple[str, str]]:
    """What the schema cannot check in one scene: vocabularies, radius, hotspot id, sentences."""
    problems: list[tuple[str, str]] = []
    notes = scene.get("notities")
    if isinstance(notes, str) and "notities" not in skip and (count := _sentence_count(notes)) > MAX_SENTENCES:
        problems.append(("notities", f"'notities' heeft {count} zinnen; houd het bij hoogstens {MAX_SENTENCES}"))
    view = scene.get("view")
    if not isinstance(view, Mapping):
        return problems
    checks = {name: value for name, value in view.items() if isinstance(value, str) and name not in skip}
    for name, choices in VALUE_CHOICES.items():
        if name not in checks or (name in _MULTI_VALUE and checks[name] == ""):
            continue
        values = checks[name].split(",") if name in _MULTI_VALUE else [checks[name]]
        unknown = [v for v in dict.fromkeys(values) if v not in choices]
        if unknown:
            problems.append((name, unknown_values_message(unknown, choices, name)))
    radius, hotspot = checks.get("radius"), checks.get("hotspot")
    # (a radius of thousands of digits passes the pattern; int() would refuse it with a ValueError)
    if radius is not None and (len(radius) > 4 or int(radius) not in radius_choices()):
        radius = _shorten(radius, 12)
        steps = f"kies {RADIUS_MIN_KM} tot {RADIUS_MAX_KM} km in stappen van {RADIUS_STEP_KM}"
        problems.append(("radius", f"'radius' is {radius} km; {steps}"))
    if hotspot is not None and hotspot_ids is not None and hotspot not in hotspot_ids:
        unknown_id = f"hotspot {quote(hotspot)} in 'hotspot' staat niet in de gegevens"
        problems.append(("hotspot", unknown_id + _closest(hotspot, hotspot_ids)))
    return problems


#: Fields whose text may hold line breaks.
_MULTILINE = frozenset({"notities", "beschrijving"})


def _character_problems(fields: Mapping[Any, Any], prefix: str = "") -> list[tuple[str, str]]:
    """``(field, message)`` for every text field (and field name) holding a character no renderer should get.

    A lone surrogate anywhere, a control character (a line break only in
    notes and descriptions) or an invisible format character such as U+FEFF:
    :func:`~hotspots.presentation.parse_presentation` has already removed the
    invisible ones from titles and notes, so here they are refused where the
    value must be exact (an id, a view field).
    """
    problems: list[tuple[str, str]] = []
    for key, value in fields.items():
        name = f"{prefix}{key}" if isinstance(key, str) else str(key)
        if isinstance(key, str) and (problem := plaintext.problem(key)):
            problems.append((name, f"de veldnaam {quote(plaintext.clean(key))} {problem}"))
        elif isinstance(value, str) and (problem := plaintext.problem(value, newlines=key in _MULTILINE)):
            problems.append((name, f"'{name}' {problem}"))
        elif isinstance(value, Mapping) and key == "view":
            problems += _character_problems(value)
    return problems


def _problems(document: Mapping[str, Any], hotspot_ids: frozenset[str] | None) -> Problems:
    """Every problem as ``(field, message)``, per scene index (``None``: the presentation itself)."""
    found: Problems = {}
    scenes = document.get("scenes")
    most = load_schema()["properties"]["scenes"]["maxItems"]
    if isinstance(scenes, list) and len(scenes) > most:  # not one problem per scene of thousands
        return {None: [("scenes", f"'scenes' heeft {len(scenes)} scènes; een presentatie heeft er hoogstens {most}")]}
    # Characters first: a value that holds one is not checked further (the schema's '$' lets "x\n" pass).
    if character_problems := _character_problems(document):
        found[None] = character_problems
    if isinstance(scenes, list):
        for number, scene in enumerate(scenes):
            if isinstance(scene, Mapping) and (character_problems := _character_problems(scene)):
                found[number] = character_problems
    if found:
        return found
    for error in _validator().iter_errors(document):
        path, index = field_path(error), None
        if len(path) >= 2 and path[0] == "scenes" and isinstance(path[1], int):
            index, path = path[1], path[2:]
        problem = _schema_message(error, path)
        if problem not in found.setdefault(index, []):
            found[index].append(problem)
    scenes = document.get("scenes")
    if isinstance(scenes, list):
        for index, scene in enumerate(scenes):
            if isinstance(scene, Mapping):
                skip = {name for name, _ in found.get(index, [])}
                found.setdefault(index, []).extend(_scene_checks(scene, hotspot_ids, skip))
    for index, problems in found.items():
        if index is not None:  # a scene's problems in the order of its fields
            problems.sort(key=lambda problem: _FIELD_ORDER.get(problem[0], len(_FIELD_ORDER)))
    return {index: problems for index, problems in found.items() if problems}


def scene_name(scene: Any, index: int) -> str:
    """How a message names a scene: 'Scène 2 (“Waterstof”)', or 'Scène 2' without a usable title."""
    title = scene.get("titel") if isinstance(scene, Mapping) else None
    if isinstance(title, str) and title.strip():
        return f"Scène {index + 1} (“{_shorten(title.strip())}”)"
    return f"Scène {index + 1}"


def document_problems(document: Any, hotspot_ids: frozenset[str] | None) -> list[str]:
    """Every problem of a presentation document, as Dutch sentences.

    Parameters
    ----------
    document : object
        The parsed JSON document.
    hotspot_ids : frozenset of str or None
        Ids of the loaded hotspots a scene's ``hotspot`` must be one of;
        ``None`` leaves the ids unchecked.

    Returns
    -------
    list of str
        The presentation's own problems first ("Presentatie: ..."), then the
        scenes' in scene order ("Scène 2 (“Waterstof”): ..."), each scene's in
        the order of its fields. Empty for a valid presentation.
    """
    if not isinstance(document, Mapping):
        kind = "een lijst" if isinstance(document, list) else quote(document)
        return [
            f"Het bestand is geen presentatie: verwacht een JSON-object met 'id', 'titel' en 'scenes', niet {kind}."
        ]
    found = _problems(document, hotspot_ids)
    messages = [f"Presentatie: {message}." for _, message in found.pop(None, [])]
    for index in sorted(i for i in found if i is not None):  # only items of a list of scenes have an index
        where = scene_name(document["scenes"][index], index)
        messages += [f"{where}: {message}." for _, message in found[index]]
    if len(messages) > MAX_PROBLEMS:  # a screenful, and how many more
        rest = len(messages) - MAX_PROBLEMS + 1
        messages = [*messages[: MAX_PROBLEMS - 1], f"En nog {rest} problemen; los eerst deze op."]
    return messages


def scene_problems(scene: Mapping[str, Any]) -> list[str]:
    """Every problem of one scene document on its own ("Deze scène: ..."); hotspot ids are not checked."""
    # checked as the only scene of a valid presentation, so every problem is the scene's own
    found = _problems({"id": "x", "titel": "x", "scenes": [dict(scene)]}, None)
    return [f"Deze scène: {message}." for _, message in found.get(0, [])]
