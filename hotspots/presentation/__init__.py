"""Presentations for webinars: an ordered list of scenes, each a view of the map.

A presentation is stored as JSON (rules in ``data/presentatie.schema.json``);
a scene's ``view`` holds the same fields and string formats as the map's URL
query (:mod:`hotspots.viewstate`). Unlike a URL, a presentation is read
strictly: nothing is silently dropped, and every problem becomes a plain Dutch
message that names the scene (number and title) and the field. The schema
checks shapes; the values are checked against the vocabularies of
:mod:`hotspots.model`, :mod:`hotspots.filters` and :mod:`hotspots.viewstate`
and against the hotspot ids of the data, so those stay the single source.

One module per concern:

- :mod:`~hotspots.presentation.scenes`: :class:`Presentation`,
  :class:`Scene` and editing them (:func:`new_presentation`,
  :func:`add_scene`, :func:`replace_scene`, :func:`move_scene`,
  :func:`remove_scene`).
- :mod:`~hotspots.presentation.checks`: every problem of a document, in
  Dutch (the schema's errors worded by :mod:`hotspots.schema_messages`).
- :mod:`~hotspots.presentation.document`: reading and writing the JSON
  (:func:`parse_presentation`, :func:`to_json`, :func:`scene_from_view`).
- :mod:`~hotspots.presentation.storage`: the shipped presentations
  (:func:`available_presentations`, :func:`load_presentation`).
- :mod:`~hotspots.presentation.share`: a whole presentation in a link
  (:func:`encode_link`, :func:`decode_link`).

Examples
--------
>>> presentation = load_presentation("hotspots-zuid-holland", frame["id"])  # doctest: +SKIP
>>> scene_query_params(presentation.scenes[0])  # doctest: +SKIP
>>> to_json(add_scene(presentation, scene_from_view(view, "Titel", "Eén zin.")))  # doctest: +SKIP
"""

from hotspots.presentation.checks import DATA_DIR, MAX_SENTENCES, SCHEMA_PATH, VALUE_CHOICES, load_schema
from hotspots.presentation.document import parse_presentation, scene_from_view, to_json
from hotspots.presentation.scenes import (
    MAX_SCENES,
    Presentation,
    PresentationError,
    Scene,
    add_scene,
    move_scene,
    new_presentation,
    remove_scene,
    replace_scene,
    scene_query_params,
    slugify,
)
from hotspots.presentation.share import MAX_JSON_BYTES, MAX_TOKEN_LENGTH, decode_link, encode_link
from hotspots.presentation.storage import PRESENTATIONS_DIR, available_presentations, load_presentation

__all__ = [
    "DATA_DIR",
    "MAX_JSON_BYTES",
    "MAX_SCENES",
    "MAX_SENTENCES",
    "MAX_TOKEN_LENGTH",
    "PRESENTATIONS_DIR",
    "SCHEMA_PATH",
    "VALUE_CHOICES",
    "Presentation",
    "PresentationError",
    "Scene",
    "add_scene",
    "available_presentations",
    "decode_link",
    "encode_link",
    "load_presentation",
    "load_schema",
    "move_scene",
    "new_presentation",
    "parse_presentation",
    "remove_scene",
    "replace_scene",
    "scene_from_view",
    "scene_query_params",
    "slugify",
    "to_json",
]
