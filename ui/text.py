"""Showing text from the data safely in Streamlit's Markdown."""

from __future__ import annotations

import html
import re

from hotspots.describe import km_text
from hotspots.filters import describe

# Everything Markdown (and Streamlit's LaTeX and emoji shortcodes) could
# interpret; HTML is never enabled, '<' is escaped as well to be sure.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
# GitHub-flavoured Markdown turns bare addresses into links *after* escapes are
# resolved (``http\://x`` still becomes a link), so escaping cannot stop it: a
# word joiner (U+2060, invisible and unbreakable) splits ``://``, ``www.`` and
# ``@`` where the autolinker looks for them.
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def md(text: object) -> str:
    """``text`` as literal Markdown: shows exactly as written, interprets nothing (no link either)."""
    text = _AUTOLINK.sub(WORD_JOINER, str(text))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def decimal(value: float, digits: int) -> str:
    """A number the Dutch way, with a decimal comma: ``decimal(12.34, 1) == "12,3"``."""
    return f"{value:.{digits}f}".replace(".", ",")


def km(distance: float) -> str:
    """A distance the Dutch way, never broken over two lines: ``12,3 km`` (a no-break space)."""
    return km_text(distance)


def filter_summary(view) -> str:
    """The active filters in words: "Zuid-Holland · Engineering · fase Opkomst, Groei" (from the filter table)."""
    parts = describe(view.filters)
    return " · ".join(parts) if parts else "geen, alle hotspots"


def filter_html(view, tag: str = "p") -> str:
    """:func:`filter_summary` as an HTML line (escaped) with the class ``hk-filters``."""
    return f'<{tag} class="hk-filters"><strong>Filters:</strong> {html.escape(filter_summary(view))}</{tag}>'
