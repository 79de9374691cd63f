"""Hotspot ids made from names: lower-case ASCII slugs, unique in the file.

An id is made once, when a hotspot is added, and never changes afterwards
(links with ``?hotspot=<id>`` keep working when the name is corrected).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

#: Longest id made from a name (before a ``-2`` suffix); long names are cut at a word.
MAX_ID_LENGTH = 60


def slug(name: str) -> str:
    """The slug of a name: accents dropped, lower case, words joined with hyphens.

    Examples
    --------
    >>> slug("Leiden Bio Science Park")
    'leiden-bio-science-park'
    >>> slug("  Zoë's  Café & Co. ")
    'zoes-cafe-co'
    """
    ascii_text = unicodedata.normalize("NFKD", name.replace("\u2019", "'")).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", re.sub(r"['`]", "", ascii_text.lower()))
    text = "-".join(words)
    if len(text) > MAX_ID_LENGTH:
        text = text[:MAX_ID_LENGTH].rsplit("-", 1)[0] if "-" in text[:MAX_ID_LENGTH] else text[:MAX_ID_LENGTH]
    return text.strip("-")


def new_id(name: str, existing: Iterable[str]) -> str:
    """A new id for a hotspot called ``name``, not one of ``existing``.

    A name without letters or digits (such as one in Arabic script) gives
    ``hotspot``; a taken id gets ``-2``, ``-3``... appended.

    Examples
    --------
    >>> new_id("RoboValley", ["robovalley"])
    'robovalley-2'
    """
    taken = set(existing)
    base = slug(name) or "hotspot"
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"
