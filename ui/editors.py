"""Who is editing: Streamlit's login (``st.login``, OpenID Connect) and the editors list in the secrets.

The rule is checked on the server for every save (:func:`current_editor` is
called in the save itself, not only when the page is drawn): a session whose
user is not an editor cannot write, whatever message its browser sends.

Configuration, in ``.streamlit/secrets.toml``::

    [auth]                     # Streamlit's own: redirect_uri, cookie_secret, client_id, ...
    [beheer]
    editors = ["an@board.nl"]  # exact addresses
    domains = ["board.nl"]     # everyone with an address in these domains
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from hotspots.editing.access import EditorRule
from hotspots.editing.store import Author, DataStore, data_dir
from hotspots.io import data_path


def _secrets_section(name: str) -> dict[str, Any] | None:
    try:
        section = st.secrets.get(name)
    except (FileNotFoundError, OSError, ValueError):  # no secrets file, or one that cannot be read
        return None
    return dict(section) if section else None


def auth_configured() -> bool:
    """Whether the secrets have an ``[auth]`` section (st.login can work)."""
    return _secrets_section("auth") is not None


def rule() -> EditorRule:
    return EditorRule.from_config(_secrets_section("beheer"))


def logged_in() -> bool:
    return auth_configured() and bool(st.user.get("is_logged_in"))


def user_email() -> str:
    return str(st.user.get("email") or "")


def current_editor() -> Author | None:
    """The logged-in editor, or None: not logged in, no ``[auth]``, or not on the editors list."""
    if not logged_in():
        return None
    email = user_email()
    verified = st.user.get("email_verified")
    if not rule().allows(email, verified=None if verified is None else bool(verified)):
        return None
    return Author(str(st.user.get("name") or email), email)


def store() -> DataStore | None:
    """The editable data folder, when it is the file the app reads; None otherwise."""
    folder = data_dir()
    if folder is None:
        return None
    candidate = DataStore(folder)
    if data_path().resolve() != candidate.path:
        return None  # $HOTSPOTS_DATA points at another file: edits would not show
    candidate.ensure()
    return candidate
