"""A whole presentation in a link: compact, and read back as strictly as an upload.

The token is the presentation's JSON (:func:`~hotspots.presentation.to_json`,
without indentation) compressed with zlib (deflate) and written in base64url
without padding, so it fits in a URL query value as it is. Reading a token
never raises anything but :class:`~hotspots.presentation.PresentationError`,
with a plain Dutch problem: a token that is too long, truncated, altered or
garbage, or that would unpack to more than :data:`MAX_JSON_BYTES` (a
"zip bomb"), and every problem :func:`~hotspots.presentation.parse_presentation`
finds in the presentation itself.

Examples
--------
>>> token = encode_link(presentation)  # doctest: +SKIP
>>> decode_link(token, frame["id"]) == presentation  # doctest: +SKIP
True
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from collections.abc import Iterable

from hotspots.presentation.document import MAX_DOCUMENT_BYTES, parse_presentation, to_json
from hotspots.presentation.scenes import Presentation, PresentationError

#: Longest token read (characters). Browsers and proxies accept URLs of about
#: 8,000 characters; a deck of 50 scenes with long notes compresses to well under this.
MAX_TOKEN_LENGTH = 7000
#: Most bytes a token may unpack to: far above any valid presentation (50 scenes
#: of at most a few hundred characters each), far below anything that hurts.
MAX_JSON_BYTES = MAX_DOCUMENT_BYTES
_TOKEN = re.compile(r"[A-Za-z0-9_-]+")
_BROKEN = "De link naar de presentatie is beschadigd of onvolledig"
_ADVICE = "vraag de afzender om de link opnieuw te kopiëren."


def encode_link(presentation: Presentation) -> str:
    """The presentation as a compact URL-safe token (base64url of deflated JSON, no padding).

    Raises
    ------
    PresentationError
        When the presentation is not valid (as :func:`~hotspots.presentation.to_json`).
    """
    document = json.loads(to_json(presentation))
    compact = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(zlib.compress(compact, 9)).decode("ascii").rstrip("=")


def _inflate(data: bytes) -> bytes:
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(data, MAX_JSON_BYTES + 1)
    except zlib.error:
        raise PresentationError([f"{_BROKEN}: de inhoud is niet te lezen; {_ADVICE}"]) from None
    if len(raw) > MAX_JSON_BYTES or inflater.unconsumed_tail:
        raise PresentationError(
            [f"De link naar de presentatie pakt uit tot meer dan {MAX_JSON_BYTES // 1024} kB en wordt niet gelezen."]
        )
    if not inflater.eof:
        raise PresentationError([f"{_BROKEN}: het einde ontbreekt; {_ADVICE}"])
    if inflater.unused_data:
        raise PresentationError([f"{_BROKEN}: er staat nog iets na het einde; {_ADVICE}"])
    return raw


def decode_link(token: str, hotspot_ids: Iterable[str]) -> Presentation:
    """The presentation in a token from :func:`encode_link`, checked like an upload.

    Parameters
    ----------
    token : str
        The token, e.g. the value of the page's ``deck`` query parameter.
    hotspot_ids : iterable of str
        Ids of the loaded hotspots, as for :func:`~hotspots.presentation.parse_presentation`.

    Returns
    -------
    Presentation

    Raises
    ------
    PresentationError
        With a Dutch problem for a token that is too long, not base64url,
        truncated, altered or too large when unpacked, or with the
        presentation's own problems.
    """
    if not isinstance(token, str):
        raise PresentationError([f"{_BROKEN}; {_ADVICE}"])
    token = token.strip()
    if not token:
        raise PresentationError(["De link bevat geen presentatie."])
    if len(token) > MAX_TOKEN_LENGTH:
        raise PresentationError(
            [f"De link naar de presentatie is te lang ({len(token)} tekens, hoogstens {MAX_TOKEN_LENGTH})."]
        )
    if not _TOKEN.fullmatch(token):
        raise PresentationError([f"{_BROKEN}: er staan tekens in die niet in zo'n link horen; {_ADVICE}"])
    if len(token) % 4 == 1:  # no base64 text has this length
        raise PresentationError([f"{_BROKEN}; {_ADVICE}"])
    try:
        data = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        raise PresentationError([f"{_BROKEN}; {_ADVICE}"]) from None
    raw = _inflate(data)
    try:
        return parse_presentation(raw, hotspot_ids)
    except PresentationError as exc:
        if len(exc.problems) == 1 and exc.problems[0].startswith("Het bestand is"):
            # Inflated fine but is not a presentation's JSON: altered, not the user's file.
            detail = exc.problems[0].removeprefix("Het bestand is")
            raise PresentationError([f"{_BROKEN}: de inhoud is{detail[:-1]}; {_ADVICE}"]) from None
        raise
