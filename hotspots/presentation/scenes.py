"""A presentation as an ordered list of scenes, and editing one.

The editing helpers are pure: each returns a new :class:`Presentation` and
leaves the one it was given unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from hotspots import plaintext
from hotspots.viewstate import ViewState, to_query_params

MAX_SCENES = 50  # as in the schema (a test checks)


class PresentationError(Exception):
    """A presentation that cannot be used; ``problems`` are Dutch sentences for the user."""

    def __init__(self, problems: Iterable[str]) -> None:
        # A problem may quote the document: never pass on a character a renderer cannot take.
        self.problems = [plaintext.clean(problem) for problem in problems]
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


def scene_query_params(scene: Scene) -> dict[str, str]:
    """The scene's view as the map's URL query parameters (only what differs from the default)."""
    return to_query_params(scene.view)


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
