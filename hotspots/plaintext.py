"""Text from outside (uploads, links, the data file) made safe for every renderer.

Two kinds of character break things further on, though JSON allows them:

- a lone UTF-16 surrogate (``"\\ud800"`` in JSON) is no character at all: it
  cannot be written as UTF-8, so the share link, ``to_json`` and the page
  fail on it;
- invisible format characters (Unicode category Cf: U+FEFF, zero-width
  spaces, direction overrides) and control characters (Cc) have no glyph;
  matplotlib's PDF backend fails on U+FEFF, and a newline at the end of an id
  slips past a JSON Schema pattern's ``$``.

:func:`clean` removes or replaces them (for text shown as it is, such as a
title or a hotspot name); :func:`problem` names the first one in Dutch (for
values that must be exact, such as an id, and to refuse a file).
"""

from __future__ import annotations

import unicodedata

#: Control characters a free text may hold (and :func:`clean` turns into a space).
WHITESPACE_CONTROLS = frozenset("\n\r\t")


def _is_surrogate(ch: str) -> bool:
    return "\ud800" <= ch <= "\udfff"


def clean(text: str) -> str:
    """``text`` in NFC without format characters; control characters become spaces, lone surrogates U+FFFD.

    >>> clean("\\ufeffTitel\\u200b\\tmet\\x00tab")
    'Titel met tab'
    """
    out = []
    for ch in text:
        if _is_surrogate(ch):
            out.append("\ufffd")
            continue
        category = unicodedata.category(ch)
        if category == "Cf":
            continue
        out.append(" " if category == "Cc" else ch)
    return unicodedata.normalize("NFC", "".join(out))


def problem(text: str, *, newlines: bool = False) -> str | None:
    """The first character of ``text`` that no renderer should get, named in Dutch; ``None`` if none.

    ``newlines`` allows line breaks and tabs (for notes).

    >>> problem("x\\n")
    'bevat een regeleinde'
    >>> problem("t\\ud800")
    'bevat een ongeldig teken (een losse UTF-16-helft, U+D800)'
    """
    for ch in text:
        code = f"U+{ord(ch):04X}"
        if _is_surrogate(ch):
            return f"bevat een ongeldig teken (een losse UTF-16-helft, {code})"
        category = unicodedata.category(ch)
        if category == "Cc":
            if newlines and ch in WHITESPACE_CONTROLS:
                continue
            return "bevat een regeleinde" if ch in "\r\n" else f"bevat een stuurteken ({code})"
        if category == "Cf":
            return f"bevat een onzichtbaar teken ({code})"
    return None
