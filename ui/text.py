"""Showing text from the data safely in Streamlit's Markdown."""

from __future__ import annotations

import re

# Everything Markdown (and Streamlit's LaTeX and emoji shortcodes) could
# interpret; HTML is never enabled, '<' is escaped as well to be sure.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text: object) -> str:
    """``text`` as literal Markdown: shows exactly as written, interprets nothing."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")
