"""A presentation as a JSON document: reading it strictly, writing it back.

A scene's ``view`` holds the same fields and string formats as the map's URL
query (:mod:`hotspots.viewstate`). Unlike a URL, a presentation is read
strictly: nothing is silently dropped, and every problem becomes a plain
Dutch message (:mod:`hotspots.presentation.checks`).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from hotspots.presentation.checks import document_problems, scene_name, scene_problems
from hotspots.presentation.scenes import Presentation, PresentationError, Scene, scene_query_params
from hotspots.schema_messages import json_error_message
from hotspots.viewstate import ViewState, parse_query_params

#: Largest presentation file read (bytes): far above any valid presentation (50 scenes of at
#: most a few hundred characters each are about 60 kB), far below anything that costs.
MAX_DOCUMENT_BYTES = 256 * 1024
#: Deepest nesting read: a presentation needs 4 levels (document, scenes, scene, view or kaart).
MAX_DEPTH = 8


def _too_deep(document: Any) -> bool:
    """True when lists and objects nest deeper than :data:`MAX_DEPTH` (checked without recursion)."""
    level: list[Any] = [document]
    for _ in range(MAX_DEPTH + 1):
        level = [
            child
            for item in level
            if isinstance(item, (Mapping, list))
            for child in (item.values() if isinstance(item, Mapping) else item)
        ]
        if not level:
            return False
    return True


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)


def _decode(document_or_bytes: bytes | str | Mapping[str, Any]) -> Any:
    if isinstance(document_or_bytes, Mapping):
        if _too_deep(document_or_bytes):
            raise PresentationError([f"Het bestand is te diep genest (meer dan {MAX_DEPTH} niveaus)."])
        return dict(document_or_bytes)  # jsonschema wants a dict for an object
    if len(document_or_bytes) > MAX_DOCUMENT_BYTES:
        raise PresentationError(
            [
                f"Het bestand is {len(document_or_bytes) // 1024} kB; een presentatie is hoogstens {MAX_DOCUMENT_BYTES // 1024} kB."
            ]
        )
    try:
        raw = document_or_bytes.decode("utf-8-sig") if isinstance(document_or_bytes, bytes) else document_or_bytes
    except UnicodeDecodeError as exc:
        raise PresentationError(
            [f"Het bestand is geen UTF-8-tekst (onleesbare byte op positie {exc.start})."]
        ) from None
    if not raw.strip():
        raise PresentationError(["Het bestand is leeg."])
    try:
        document = json.loads(raw, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        reason = json_error_message(exc.msg)  # never the parser's English
        raise PresentationError(
            [f"Het bestand is geen geldige JSON: {reason} (regel {exc.lineno}, kolom {exc.colno})."]
        ) from None
    except RecursionError:  # the parser gives up on lists or objects nested thousands deep
        raise PresentationError([f"Het bestand is te diep genest (meer dan {MAX_DEPTH} niveaus)."]) from None
    except ValueError as exc:  # NaN or Infinity; an integer of thousands of digits
        reason = (
            f"'{exc}' is geen getal"
            if str(exc) in {"NaN", "Infinity", "-Infinity"}
            else "een getal met te veel cijfers"
        )
        raise PresentationError([f"Het bestand is geen geldige JSON: {reason}."]) from None
    if _too_deep(document):
        raise PresentationError([f"Het bestand is te diep genest (meer dan {MAX_DEPTH} niveaus)."])
    return document


def _clean_texts(document: Any) -> Any:
    """Titles, notes and the description without invisible characters (U+FEFF, zero-width spaces; NFC).

    Only these free texts are cleaned: they are shown as written, and an
    invisible character in them is no mistake of the author's (an editor or a
    copy from a web page put it there). Everything else is checked as it is.
    """
    if not isinstance(document, dict):
        return document

    def cleaned(fields: dict[str, Any]) -> dict[str, Any]:
        return {
            key: _strip_invisible(value) if key in {"titel", "notities", "beschrijving"} else value
            for key, value in fields.items()
        }

    document = cleaned(document)
    if isinstance(document.get("scenes"), list):
        document["scenes"] = [cleaned(s) if isinstance(s, dict) else s for s in document["scenes"]]
    return document


def _strip_invisible(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    return unicodedata.normalize("NFC", "".join(ch for ch in value if unicodedata.category(ch) != "Cf"))


def _scene_from_document(scene: Mapping[str, Any], index: int, hotspot_ids: frozenset[str]) -> Scene:
    view, notices = parse_query_params(scene["view"], hotspot_ids)
    if notices:  # only if viewstate learns a rule the checks do not know
        raise PresentationError([f"{scene_name(scene, index)}: {notice}" for notice in notices])
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
    document = _clean_texts(_decode(document_or_bytes))
    ids = frozenset(hotspot_ids)
    problems = document_problems(document, ids)
    if problems:
        raise PresentationError(problems)
    return Presentation(
        id=document["id"],
        title=document["titel"].strip(),
        description=document.get("beschrijving", "").strip(),
        scenes=tuple(_scene_from_document(scene, i, ids) for i, scene in enumerate(document["scenes"])),
    )


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
    problems = document_problems(document, None)
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
    scene = Scene(_strip_invisible(title).strip(), _strip_invisible(notes).strip(), view, centre, zoom)
    problems = scene_problems(_scene_document(scene))
    if problems:
        raise PresentationError(problems)
    return scene
