"""Presentations for webinars: an ordered list of scenes, each a view of the map.

A presentation is stored as JSON (rules in ``data/presentatie.schema.json``);
a scene's ``view`` holds the same fields and string formats as the map's URL
query (:mod:`hotspots.viewstate`). Unlike a URL, a presentation is read
strictly: nothing is silently dropped, and every problem becomes a plain Dutch
message that names the scene (number and title) and the field. The schema
checks shapes; the values are checked here against the vocabularies of
:mod:`hotspots.model`, :mod:`hotspots.filters` and :mod:`hotspots.viewstate`
and against the hotspot ids of the data, so those stay the single source.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from hotspots.filters import CHAIN_CHOICES
from hotspots.geo import RADIUS_MAX_KM, RADIUS_MIN_KM, RADIUS_STEP_KM
from hotspots.model import PHASES, SCOPES, TYPES
from hotspots.viewstate import KNOWN_PARAMS, RADII_MODES, ViewState, parse_query_params, radius_choices, to_query_params

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SCHEMA_PATH = DATA_DIR / "presentatie.schema.json"
PRESENTATIONS_DIR = DATA_DIR / "presentaties"
MAX_SCENES = 50  # as in the schema (a test checks)
MAX_SENTENCES = 3

# Allowed values per view field; multi-value fields are comma-separated.
VALUE_CHOICES: dict[str, tuple[str, ...]] = {
    "scope": tuple(SCOPES),
    "type": tuple(TYPES),
    "phase": tuple(PHASES),
    "keten": CHAIN_CHOICES,
    "dv": ("ja", "nee"),
    "radii": tuple(RADII_MODES),
}
_MULTI_VALUE = ("scope", "type", "phase", "keten")
_FIELD_ORDER = {name: i for i, name in enumerate(["", "titel", "notities", "view", *KNOWN_PARAMS, "kaart"])}
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TYPE_NAMES = {"string": "een tekst", "number": "een getal", "array": "een lijst", "object": "een object"}
_JSON_MESSAGES = {
    "Expecting value": "waarde verwacht",
    "Expecting ',' delimiter": "komma verwacht",
    "Expecting ':' delimiter": "dubbele punt verwacht",
    "Expecting property name enclosed in double quotes": "veldnaam tussen dubbele aanhalingstekens verwacht",
    "Unterminated string starting at": "tekst zonder sluitend aanhalingsteken",
    "Invalid control character at": "ongeldig teken (zoals een regeleinde) in een tekst",
    "Invalid \\escape": "ongeldige backslash-code in een tekst",
    "Extra data": "nog tekst na het einde van de presentatie",
}
# Words whose full stop does not end a sentence.
_ABBREVIATIONS = frozenset({"bijv", "ca", "dr", "etc", "incl", "mr", "nl", "nr", "prof", "resp", "vgl", "zgn"})
_SENTENCE_END = re.compile(r"[.!?…]+[”’\"')]*(?=\s+[„“‘\"'(]?[A-ZÀ-Þ0-9])")


class PresentationError(Exception):
    """A presentation that cannot be used; ``problems`` are Dutch sentences for the user."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Scene:
    """One step of a presentation.

    ``centre`` is ``(lat, lng)`` in WGS 84; ``centre`` and ``zoom`` come
    together, or both are ``None`` (the view is then fitted as on the map).
    """

    title: str
    notes: str
    view: ViewState = field(default_factory=ViewState)
    centre: tuple[float, float] | None = None
    zoom: float | None = None

    def __post_init__(self) -> None:
        if (self.centre is None) != (self.zoom is None):
            raise ValueError(f"centre and zoom go together, got centre={self.centre!r}, zoom={self.zoom!r}")


@dataclass(frozen=True)
class Presentation:
    """An ordered, immutable list of scenes (empty only while one is being built)."""

    id: str
    title: str
    description: str = ""
    scenes: tuple[Scene, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "scenes", tuple(self.scenes))


# --- reading -----------------------------------------------------------------


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(load_schema())


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _q(value: Any) -> str:
    """A value quoted for a message: 'tekst' or JSON."""
    return f"'{_shorten(value)}'" if isinstance(value, str) else _shorten(json.dumps(value, ensure_ascii=False))


def _field_name(path: list[Any]) -> str:
    """The field a path inside a scene points at; view fields go by their URL name."""
    names = [str(p) for p in path]
    return ".".join(names[1:] if names[:1] == ["view"] and len(names) > 1 else names)


def _schema_message(error: jsonschema.ValidationError, path: list[Any]) -> tuple[str, str]:
    """``(field, Dutch message)`` for one jsonschema error; ``path`` is relative to the scene or document."""
    name = _field_name(path)
    kind, value, schema = error.validator, error.instance, error.schema
    if kind == "required":
        missing = next((n for n in error.validator_value if n not in value and repr(n) in error.message), "?")
        missing_name = _field_name([*path, missing])
        return missing_name, f"'{missing_name}' ontbreekt"
    if kind == "additionalProperties":
        allowed = [p for p in schema.get("properties", {}) if p != "$schema"]
        extra = [p for p in value if p not in schema.get("properties", {})]
        inside = f" in '{name}'" if name else ""
        noun = "veld" if len(extra) == 1 else "velden"
        return name, f"onbekend {noun} {', '.join(map(_q, extra))}{inside}; toegestaan: {', '.join(allowed)}"
    if kind == "type":
        if not path:
            return name, f"een scène moet een object zijn met 'titel', 'notities' en 'view', niet {_q(value)}"
        wanted = _TYPE_NAMES.get(str(error.validator_value), str(error.validator_value))
        in_view = len(path) > 1 and path[0] == "view"
        hint = ' (zoals in de link van de kaart, bijvoorbeeld "radius": "100")' if in_view else ""
        return name, f"'{name}' moet {wanted} zijn, niet {_q(value)}{hint}"
    if kind in ("minLength", "pattern") and isinstance(value, str) and not value.strip():
        return name, f"'{name}' mag niet leeg zijn"
    if kind == "maxLength":
        return name, f"'{name}' is te lang: {len(value)} tekens, hoogstens {error.validator_value}"
    if kind == "pattern":
        if name in _MULTI_VALUE:
            return name, (
                f"'{name}' moet waarden gescheiden door komma's zonder spaties hebben, "
                f"zoals '{','.join(VALUE_CHOICES[name][:2])}', niet {_q(value)}"
            )
        if name == "radius":
            return name, f"'radius' moet een aantal kilometers zijn, zoals '100', niet {_q(value)}"
        return name, (
            f"{_q(value)} in '{name}' is geen geldige id: kleine letters, cijfers en koppeltekens, "
            "zoals 'hotspots-zuid-holland'"
        )
    if kind in ("minimum", "maximum"):
        message = f"'{name}' moet tussen {schema['minimum']} en {schema['maximum']} liggen, niet {value}"
        other = {"kaart.lat": "lng", "kaart.lng": "lat"}.get(name)
        bounds = load_schema()["$defs"]["kaart"]["properties"][other] if other else None
        if bounds and bounds["minimum"] <= value <= bounds["maximum"]:
            message += " (zijn 'lat' en 'lng' omgedraaid?)"
        return name, message
    if kind == "minItems":
        return name, f"'{name}' is leeg; een presentatie heeft minstens één scène"
    if kind == "maxItems":
        return name, f"'{name}' heeft {len(value)} scènes; een presentatie heeft er hoogstens {error.validator_value}"
    return name, error.message  # not expected with this schema; better English than nothing


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
            noun = "waarde" if len(unknown) == 1 else "waarden"
            unknown_text = ", ".join(map(_q, unknown))
            problems.append((name, f"onbekende {noun} {unknown_text} in '{name}'; kies uit {', '.join(choices)}"))
    radius, hotspot = checks.get("radius"), checks.get("hotspot")
    if radius is not None and int(radius) not in radius_choices():
        steps = f"kies {RADIUS_MIN_KM} tot {RADIUS_MAX_KM} km in stappen van {RADIUS_STEP_KM}"
        problems.append(("radius", f"'radius' is {radius} km; {steps}"))
    if hotspot is not None and hotspot_ids is not None and hotspot not in hotspot_ids:
        unknown_id = f"hotspot {_q(hotspot)} in 'hotspot' staat niet in de gegevens"
        problems.append(("hotspot", unknown_id + _closest(hotspot, hotspot_ids)))
    return problems


def _problems(
    document: Mapping[str, Any], hotspot_ids: frozenset[str] | None
) -> dict[int | None, list[tuple[str, str]]]:
    """Every problem as ``(field, message)``, per scene index (``None``: the presentation itself)."""
    found: dict[int | None, list[tuple[str, str]]] = {}
    for error in _validator().iter_errors(document):
        path, index = list(error.absolute_path), None
        if len(path) >= 2 and path[0] == "scenes":
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


def _where(scene: Any, index: int) -> str:
    title = scene.get("titel") if isinstance(scene, Mapping) else None
    if isinstance(title, str) and title.strip():
        return f"Scène {index + 1} (“{_shorten(title.strip())}”)"
    return f"Scène {index + 1}"


def _document_problems(document: Any, hotspot_ids: frozenset[str] | None) -> list[str]:
    if not isinstance(document, Mapping):
        kind = "een lijst" if isinstance(document, list) else _q(document)
        return [
            f"Het bestand is geen presentatie: verwacht een JSON-object met 'id', 'titel' en 'scenes', niet {kind}."
        ]
    found = _problems(document, hotspot_ids)
    messages = [f"Presentatie: {message}." for _, message in found.pop(None, [])]
    for index in sorted(i for i in found if i is not None):  # only items of a list of scenes have an index
        where = _where(document["scenes"][index], index)
        messages += [f"{where}: {message}." for _, message in found[index]]
    return messages


def _decode(document_or_bytes: bytes | str | Mapping[str, Any]) -> Any:
    if isinstance(document_or_bytes, Mapping):
        return dict(document_or_bytes)  # jsonschema wants a dict for an object
    try:
        raw = document_or_bytes.decode("utf-8-sig") if isinstance(document_or_bytes, bytes) else document_or_bytes
    except UnicodeDecodeError as exc:
        raise PresentationError(
            [f"Het bestand is geen UTF-8-tekst (onleesbare byte op positie {exc.start})."]
        ) from None
    if not raw.strip():
        raise PresentationError(["Het bestand is leeg."])
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        reason = next((dutch for english, dutch in _JSON_MESSAGES.items() if exc.msg.startswith(english)), exc.msg)
        raise PresentationError(
            [f"Het bestand is geen geldige JSON: {reason} (regel {exc.lineno}, kolom {exc.colno})."]
        ) from None


def _scene_from_document(scene: Mapping[str, Any], index: int, hotspot_ids: frozenset[str]) -> Scene:
    view, notices = parse_query_params(scene["view"], hotspot_ids)
    if notices:  # only if viewstate learns a rule the checks above do not know
        raise PresentationError([f"{_where(scene, index)}: {notice}" for notice in notices])
    kaart = scene.get("kaart")
    if kaart is None:
        return Scene(scene["titel"].strip(), scene["notities"].strip(), view)
    centre = (float(kaart["lat"]), float(kaart["lng"]))
    return Scene(scene["titel"].strip(), scene["notities"].strip(), view, centre, float(kaart["zoom"]))


def parse_presentation(document_or_bytes: bytes | str | Mapping[str, Any], hotspot_ids: Iterable[str]) -> Presentation:
    """Read and check a presentation.

    Parameters
    ----------
    document_or_bytes : bytes, str or mapping
        The JSON file's bytes or text, or the already parsed document.
    hotspot_ids : iterable of str
        Ids of the loaded hotspots; a scene's ``hotspot`` must be one of them.

    Returns
    -------
    Presentation

    Raises
    ------
    PresentationError
        With every problem, in Dutch, naming the scene and the field.

    Examples
    --------
    >>> doc = {"id": "demo", "titel": "Demo", "scenes": [{"titel": "Alles", "notities": "Alle hotspots.", "view": {}}]}
    >>> parse_presentation(doc, []).scenes[0].view == ViewState()
    True
    """
    document = _decode(document_or_bytes)
    ids = frozenset(hotspot_ids)
    problems = _document_problems(document, ids)
    if problems:
        raise PresentationError(problems)
    return Presentation(
        id=document["id"],
        title=document["titel"].strip(),
        description=document.get("beschrijving", "").strip(),
        scenes=tuple(_scene_from_document(scene, i, ids) for i, scene in enumerate(document["scenes"])),
    )


# --- writing -----------------------------------------------------------------


def scene_query_params(scene: Scene) -> dict[str, str]:
    """The scene's view as the map's URL query parameters (only what differs from the default)."""
    return to_query_params(scene.view)


def _scene_document(scene: Scene) -> dict[str, Any]:
    document: dict[str, Any] = {"titel": scene.title, "notities": scene.notes, "view": scene_query_params(scene)}
    if scene.centre is not None and scene.zoom is not None:
        zoom = int(scene.zoom) if float(scene.zoom).is_integer() else scene.zoom
        document["kaart"] = {"lat": scene.centre[0], "lng": scene.centre[1], "zoom": zoom}
    return document


def to_json(presentation: Presentation) -> bytes:
    """The presentation as indented UTF-8 JSON that :func:`parse_presentation` reads back unchanged.

    Raises
    ------
    PresentationError
        When the presentation would not be valid (no scenes, a title too long, ...).
    """
    document: dict[str, Any] = {"id": presentation.id, "titel": presentation.title}
    if presentation.description:
        document["beschrijving"] = presentation.description
    document["scenes"] = [_scene_document(scene) for scene in presentation.scenes]
    problems = _document_problems(document, None)
    if problems:
        raise PresentationError(problems)
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def scene_from_view(
    view: ViewState, title: str, notes: str, centre: tuple[float, float] | None = None, zoom: float | None = None
) -> Scene:
    """A scene of ``view`` with the user's title and notes (stripped).

    Raises
    ------
    PresentationError
        When the title or notes are empty or too long, or the centre lies outside the Netherlands.
    """
    scene = Scene(title.strip(), notes.strip(), view, centre, zoom)
    # checked as the only scene of a valid presentation, so every problem is the scene's own
    found = _problems({"id": "x", "titel": "x", "scenes": [_scene_document(scene)]}, None)
    if found:
        raise PresentationError([f"Deze scène: {message}." for _, message in found[0]])
    return scene


# --- editing (pure: every helper returns a new Presentation) -------------------


def slugify(text: str) -> str:
    """A presentation id from a title: 'Hotspots in Zuid-Holland' -> 'hotspots-in-zuid-holland'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))[:80].strip("-") or "presentatie"


def new_presentation(title: str, description: str = "") -> Presentation:
    """An empty presentation to add scenes to; its id is made from the title."""
    return Presentation(slugify(title), title.strip(), description.strip(), ())


def _check_index(presentation: Presentation, index: int, *, allow_end: bool = False) -> None:
    upper = len(presentation.scenes) + (1 if allow_end else 0)
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < upper:
        raise ValueError(f"scene index must be 0..{upper - 1}, got {index!r}")


def add_scene(presentation: Presentation, scene: Scene, index: int | None = None) -> Presentation:
    """``presentation`` with ``scene`` inserted at ``index`` (default: at the end)."""
    if len(presentation.scenes) >= MAX_SCENES:
        raise PresentationError([f"Een presentatie heeft hoogstens {MAX_SCENES} scènes."])
    position = len(presentation.scenes) if index is None else index
    _check_index(presentation, position, allow_end=True)
    scenes = list(presentation.scenes)
    scenes.insert(position, scene)
    return replace(presentation, scenes=tuple(scenes))


def replace_scene(presentation: Presentation, index: int, scene: Scene) -> Presentation:
    """``presentation`` with the scene at ``index`` replaced by ``scene``."""
    _check_index(presentation, index)
    scenes = list(presentation.scenes)
    scenes[index] = scene
    return replace(presentation, scenes=tuple(scenes))


def move_scene(presentation: Presentation, index: int, delta: int) -> Presentation:
    """``presentation`` with the scene at ``index`` moved ``delta`` places (-1: one up, 1: one down)."""
    _check_index(presentation, index)
    _check_index(presentation, index + delta)
    scenes = list(presentation.scenes)
    scenes.insert(index + delta, scenes.pop(index))
    return replace(presentation, scenes=tuple(scenes))


def remove_scene(presentation: Presentation, index: int) -> Presentation:
    """``presentation`` without the scene at ``index``."""
    _check_index(presentation, index)
    return replace(presentation, scenes=presentation.scenes[:index] + presentation.scenes[index + 1 :])


# --- shipped presentations -----------------------------------------------------


def available_presentations(folder: str | Path = PRESENTATIONS_DIR) -> list[tuple[str, str, Path]]:
    """``(id, title, path)`` of every presentation file in ``folder``, by id.

    A file that cannot be read still shows (titled by its id), so that
    opening it gives its problems instead of it silently missing.
    """
    found = []
    for path in sorted(Path(folder).glob("*.json")):
        if not _SLUG.fullmatch(path.stem):
            continue
        try:
            document = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            document = None
        title = document.get("titel") if isinstance(document, dict) else None
        found.append((path.stem, title.strip() if isinstance(title, str) and title.strip() else path.stem, path))
    return found


def load_presentation(
    presentation_id: str, hotspot_ids: Iterable[str], folder: str | Path = PRESENTATIONS_DIR
) -> Presentation:
    """The presentation ``<folder>/<presentation_id>.json``, checked like an upload.

    Raises
    ------
    PresentationError
        For an id that is not a slug (no paths), a missing file, or an invalid presentation.
    """
    if not isinstance(presentation_id, str) or not _SLUG.fullmatch(presentation_id) or len(presentation_id) > 80:
        rule = "een id bestaat uit kleine letters, cijfers en koppeltekens"
        raise PresentationError([f"Presentatie {_q(presentation_id)} bestaat niet: {rule}."])
    path = Path(folder) / f"{presentation_id}.json"
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        ids = [found_id for found_id, _, _ in available_presentations(folder)]
        choice = f"; beschikbaar: {', '.join(ids)}" if ids else "; er zijn geen presentaties"
        raise PresentationError([f"Presentatie '{presentation_id}' bestaat niet{choice}."]) from None
    except OSError as exc:
        raise PresentationError(
            [f"Presentatie '{presentation_id}' kan niet worden gelezen ({exc.strerror})."]
        ) from None
    presentation = parse_presentation(raw, hotspot_ids)
    if presentation.id != presentation_id:
        mismatch = f"'id' is '{presentation.id}', maar het bestand heet '{presentation_id}.json'"
        raise PresentationError([f"Presentatie: {mismatch}; maak ze gelijk."])
    return presentation
