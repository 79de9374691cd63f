"""Who may edit: a list of e-mail addresses and/or domains, checked on every save.

>>> rule = EditorRule.from_config({"editors": ["An@Board.nl"], "domains": ["innovationquarter.nl"]})
>>> rule.allows("an@board.nl"), rule.allows("piet@innovationquarter.nl"), rule.allows("piet@elders.nl")
(True, True, False)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


def _normalise(address: str) -> str:
    return address.strip().lower()


@dataclass(frozen=True)
class EditorRule:
    """The editors: exact addresses and whole domains (``board.nl`` admits ``*@board.nl``)."""

    editors: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()

    @classmethod
    def from_config(cls, config: Mapping[str, Any] | None) -> EditorRule:
        """From the ``[beheer]`` table of the secrets: ``editors`` and ``domains``, lists of strings."""
        config = config or {}

        def strings(value: Any) -> Iterable[str]:
            if isinstance(value, str):
                return [value]
            return [v for v in value if isinstance(v, str)] if isinstance(value, (list, tuple)) else []

        editors = frozenset(_normalise(v) for v in strings(config.get("editors")) if "@" in v)
        domains = frozenset(_normalise(v).lstrip("@") for v in strings(config.get("domains")) if v.strip())
        return cls(editors, domains)

    @property
    def empty(self) -> bool:
        return not self.editors and not self.domains

    def allows(self, email: str | None, *, verified: bool | None = True) -> bool:
        """Whether someone with this e-mail address may save.

        An address the identity provider reports as not verified
        (``email_verified`` false) never may.
        """
        if not email or verified is False:
            return False
        address = _normalise(email)
        local, at, domain = address.rpartition("@")
        if not at or not local or not domain:
            return False
        return address in self.editors or domain in self.domains
