"""Plain Dutch messages for JSON Schema errors.

Two kinds of file that staff write by hand are checked with :mod:`jsonschema`:
the data file (:mod:`hotspots.model`) and presentations
(:mod:`hotspots.presentation`). This module turns one
:class:`jsonschema.ValidationError` into a short Dutch message in the same
words for both: what is wrong, which fields or values are allowed, and the
value found. A rule only one kind of file has (coordinates, slugs, scenes) is
worded by its own module, which leaves the rest to :func:`schema_message`.

Examples
--------
>>> import jsonschema
>>> schema = {"properties": {"fase": {"enum": ["opkomst", "groei"]}}}
>>> error = next(jsonschema.Draft202012Validator(schema).iter_errors({"fase": "bloei"}))
>>> schema_message(error, "fase")
"onbekende waarde 'bloei' in 'fase'; kies uit opkomst, groei"
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import jsonschema

# What a JSON type is called in a message ("moet een tekst zijn").
TYPE_NAMES = {
    "string": "een tekst",
    "number": "een getal",
    "integer": "een geheel getal",
    "boolean": "true of false",
    "array": "een lijst",
    "object": "een object",
    "null": "null",
}
# A quoted value is cut to this many characters (an ellipsis included).
QUOTE_LIMIT = 40


def _shorten(text: str) -> str:
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1] + "…"


def quote(value: Any, *, json_strings: bool = False) -> str:
    """A value as a message shows it, cut to :data:`QUOTE_LIMIT` characters.

    Parameters
    ----------
    value : object
        A value from the checked document.
    json_strings : bool, default False
        Quote text as JSON writes it (``"bloei"``) rather than as the
        interface quotes words (``'bloei'``). Other values are always JSON
        (``5``, ``true``, ``null``, ``["a"]``).

    Examples
    --------
    >>> quote("bloei"), quote("bloei", json_strings=True), quote(None)
    ("'bloei'", '"bloei"', 'null')
    """
    if isinstance(value, str):
        return json.dumps(_shorten(value), ensure_ascii=False) if json_strings else f"'{_shorten(value)}'"
    return _shorten(json.dumps(value, ensure_ascii=False))


def unknown_values_message(
    unknown: Iterable[Any], choices: Iterable[Any], name: str = "", *, json_strings: bool = False
) -> str:
    """The message for values that are not in a list of choices.

    Parameters
    ----------
    unknown : iterable
        The values that are not allowed, each named once, in order.
    choices : iterable
        The allowed values, in the order the reader should see them.
    name : str, optional
        The field, named in the message when given.
    json_strings : bool, default False
        As in :func:`quote`.

    Examples
    --------
    >>> unknown_values_message(["zh", "nl"], ["zuid-holland", "nationaal"], "scope")
    "onbekende waarden 'zh', 'nl' in 'scope'; kies uit zuid-holland, nationaal"
    """
    values = [quote(value, json_strings=json_strings) for value in unknown]
    noun = "onbekende waarde" if len(values) == 1 else "onbekende waarden"
    inside = f" in '{name}'" if name else ""
    return f"{noun} {', '.join(values)}{inside}; kies uit {', '.join(str(choice) for choice in choices)}"


def _missing_property(error: jsonschema.ValidationError) -> str:
    """The property a ``required`` error is about (jsonschema reports one per error, in its message)."""
    instance = error.instance if isinstance(error.instance, Mapping) else {}
    required = error.validator_value if isinstance(error.validator_value, list) else []
    for name in required:
        if name not in instance and repr(name) in error.message:
            return str(name)
    return "?"


def field_path(error: jsonschema.ValidationError) -> list[str | int]:
    """The path of the field an error is about.

    That is the error's ``absolute_path``, and for a ``required`` error the
    missing property after it (jsonschema reports such an error on the object
    that lacks it).

    Examples
    --------
    >>> import jsonschema
    >>> schema = {"properties": {"kaart": {"required": ["zoom"]}}}
    >>> field_path(next(jsonschema.Draft202012Validator(schema).iter_errors({"kaart": {}})))
    ['kaart', 'zoom']
    """
    path = list(error.absolute_path)
    return [*path, _missing_property(error)] if error.validator == "required" else path


def _type_names(wanted: Any) -> str:
    if isinstance(wanted, list):
        return " of ".join(TYPE_NAMES.get(str(name), str(name)) for name in wanted)
    return TYPE_NAMES.get(str(wanted), str(wanted))


def _extra_properties(error: jsonschema.ValidationError, schema: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """The properties an ``additionalProperties`` error is about, and those the schema allows.

    Properties whose name starts with ``$`` (such as ``$schema``, a hint for
    editors) are allowed but not offered.
    """
    properties = schema.get("properties", {})
    instance = error.instance if isinstance(error.instance, Mapping) else {}
    extra = [str(name) for name in instance if name not in properties]
    return extra, [str(name) for name in properties if not str(name).startswith("$")]


def schema_message(
    error: jsonschema.ValidationError, name: str = "", *, with_name: bool = True, json_strings: bool = False
) -> str:
    """A plain Dutch message for one jsonschema error.

    Parameters
    ----------
    error : jsonschema.ValidationError
        One error of a validator's ``iter_errors``.
    name : str, optional
        The field the error is about (the one at :func:`field_path`), as the
        reader knows it, such as ``'titel'`` or ``'kaart.zoom'``; empty for
        the document itself.
    with_name : bool, default True
        Name the field in the message (``'titel' mag niet leeg zijn``). False
        for a caller that shows the field beside the message (``mag niet leeg
        zijn``); a missing field is named either way (``'naam' ontbreekt``).
    json_strings : bool, default False
        Quote text as JSON writes it, as in :func:`quote`.

    Returns
    -------
    str
        The message, without a full stop. For a kind of rule this module
        does not know, jsonschema's own (English) message.
    """
    kind, value, rule = error.validator, error.instance, error.validator_value
    schema: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
    shown = name if with_name else ""
    subject, inside = (f"'{shown}' ", f" in '{shown}'") if shown else ("", "")

    def q(item: Any) -> str:
        return quote(item, json_strings=json_strings)

    if kind == "required":
        return f"'{name or _missing_property(error)}' ontbreekt"
    if kind == "additionalProperties":
        extra, allowed = _extra_properties(error, schema)
        noun = "onbekend veld" if len(extra) == 1 else "onbekende velden"
        return f"{noun} {', '.join(map(q, extra))}{inside}; toegestaan: {', '.join(allowed)}"
    if kind == "type":
        return f"{subject}moet {_type_names(rule)} zijn, niet {q(value)}"
    if kind == "enum" and isinstance(rule, list):
        return unknown_values_message([value], rule, shown, json_strings=json_strings)
    if kind == "const":
        return f"{subject}moet {q(rule)} zijn, niet {q(value)}"
    if isinstance(value, str):
        if kind in ("minLength", "pattern") and not value.strip():
            return f"{subject}mag niet leeg zijn"
        if kind == "minLength":
            return f"{subject}is te kort: {len(value)} tekens, minstens {rule}"
        if kind == "maxLength":
            return f"{subject}is te lang: {len(value)} tekens, hoogstens {rule}"
        if kind == "pattern":
            return f"{q(value)}{inside} heeft niet de verwachte vorm"
    if kind in ("minimum", "maximum"):
        if "minimum" in schema and "maximum" in schema:
            return f"{subject}moet tussen {schema['minimum']} en {schema['maximum']} liggen, niet {value}"
        comparison = "moet minstens" if kind == "minimum" else "mag hoogstens"
        return f"{subject}{comparison} {rule} zijn, niet {value}"
    if isinstance(value, list):
        if kind == "minItems":
            return f"{subject}mag niet leeg zijn" if rule == 1 else f"{subject}moet minstens {rule} waarden hebben"
        if kind == "maxItems":
            return f"{subject}mag hoogstens {rule} waarden hebben, niet {len(value)}"
        if kind == "uniqueItems":
            return f"{subject}bevat een waarde twee keer: {q(value)}"
    return error.message


_JSON_MESSAGES = {
    "Expecting value": "waarde verwacht",
    "Expecting ',' delimiter": "komma verwacht",
    "Expecting ':' delimiter": "dubbele punt verwacht",
    "Expecting property name enclosed in double quotes": "veldnaam tussen dubbele aanhalingstekens verwacht",
    "Unterminated string starting at": "tekst zonder sluitend aanhalingsteken",
    "Invalid control character at": "ongeldig teken (zoals een regeleinde) in een tekst",
    "Invalid \\escape": "ongeldige backslash-code in een tekst",
    "Extra data": "nog tekst na het einde",
}


def json_error_message(message: str) -> str:
    """The Dutch for a message of Python's JSON parser (``JSONDecodeError.msg``); never its English.

    >>> json_error_message("Unterminated string starting at")
    'tekst zonder sluitend aanhalingsteken'
    """
    return next((dutch for english, dutch in _JSON_MESSAGES.items() if message.startswith(english)), "onleesbare JSON")
