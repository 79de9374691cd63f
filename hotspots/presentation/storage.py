"""The presentations shipped with the app: one JSON file per presentation in a folder.

A file is named after the presentation's id (``<id>.json``), and an id is a
slug, so an id from a URL can never point outside the folder. The folder is
data/presentaties, or the one ``HOTSPOTS_PRESENTATIONS_DIR`` names.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from pathlib import Path

from hotspots.presentation.checks import DATA_DIR
from hotspots.presentation.document import parse_presentation
from hotspots.presentation.scenes import Presentation, PresentationError
from hotspots.schema_messages import quote

PRESENTATIONS_DIR = DATA_DIR / "presentaties"
#: An environment variable naming another folder of presentations.
PRESENTATIONS_DIR_ENV = "HOTSPOTS_PRESENTATIONS_DIR"
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def presentations_dir() -> Path:
    """The folder of the shipped presentations: ``HOTSPOTS_PRESENTATIONS_DIR``, else :data:`PRESENTATIONS_DIR`."""
    return Path(os.environ.get(PRESENTATIONS_DIR_ENV) or PRESENTATIONS_DIR)


def available_presentations(folder: str | Path | None = None) -> list[tuple[str, str, Path]]:
    """``(id, title, path)`` of every presentation file in ``folder`` (default :func:`presentations_dir`), by id.

    A file that cannot be read still shows (titled by its id), so that
    opening it gives its problems instead of it silently missing.
    """
    found = []
    for path in sorted(Path(folder or presentations_dir()).glob("*.json")):
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
    presentation_id: str, hotspot_ids: Iterable[str], folder: str | Path | None = None
) -> Presentation:
    """The presentation ``<folder>/<presentation_id>.json``, checked like an upload.

    Parameters
    ----------
    presentation_id : str
        The presentation's id, e.g. from the page's URL.
    hotspot_ids : iterable of str
        Ids of the loaded hotspots, as for
        :func:`~hotspots.presentation.parse_presentation`.
    folder : str or Path, optional
        Where the files are (default :func:`presentations_dir`).

    Returns
    -------
    Presentation

    Raises
    ------
    PresentationError
        For an id that is not a slug (no paths), a missing file, or an invalid presentation.
    """
    if not isinstance(presentation_id, str) or not _SLUG.fullmatch(presentation_id) or len(presentation_id) > 80:
        rule = "een id bestaat uit kleine letters, cijfers en koppeltekens"
        raise PresentationError([f"Presentatie {quote(presentation_id)} bestaat niet: {rule}."])
    folder = Path(folder or presentations_dir())
    path = folder / f"{presentation_id}.json"
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
