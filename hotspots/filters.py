"""Pure filtering of the hotspot frame.

Each ``by_*`` function takes a frame and returns the matching rows; the
:class:`FilterState` bundles the sidebar's choices and :func:`apply`
combines them. A selection that holds every value of a vocabulary means
"no restriction"; an empty selection matches nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import pandas as pd

from hotspots.model import PHASES, PRODUCT_CHAINS, SCOPES, TYPES

# Pseudo product chain for hotspots that discussed no product chain, so a
# user who leaves out one chain does not lose every hotspot without one.
NO_CHAIN = "geen"
CHAIN_CHOICES = (*PRODUCT_CHAINS, NO_CHAIN)

# The scope is one choice: one of SCOPES, or all of them.
ALL_SCOPES = "alle"
SCOPE_CHOICES = (*SCOPES, ALL_SCOPES)


def _all(values: Iterable[str]) -> frozenset[str]:
    return frozenset(values)


@dataclass(frozen=True)
class FilterState:
    """The user's filter choices (slugs as in the data).

    ``digitaal_verbinden`` is ``None`` for "either", else the wanted value.
    """

    scopes: frozenset[str] = field(default_factory=lambda: _all(SCOPES))
    types: frozenset[str] = field(default_factory=lambda: _all(TYPES))
    phases: frozenset[str] = field(default_factory=lambda: _all(PHASES))
    chains: frozenset[str] = field(default_factory=lambda: _all(CHAIN_CHOICES))
    digitaal_verbinden: bool | None = None
    query: str = ""

    def with_(self, **changes) -> FilterState:
        return replace(self, **changes)

    @property
    def is_default(self) -> bool:
        return self == FilterState()


def normalise_text(text: str) -> str:
    """Lower case without accents, so 'fryslan' finds 'Fryslân'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().strip()


def scope_choice(scopes: Iterable[str]) -> str:
    """The one-choice scope for a set of scopes: the scope itself, or ``"alle"``.

    >>> scope_choice({"nationaal"}), scope_choice({"zuid-holland", "nationaal"})
    ('nationaal', 'alle')
    """
    chosen = frozenset(scopes)
    return next(iter(chosen)) if len(chosen) == 1 else ALL_SCOPES


def scopes_of(choice: str | None) -> frozenset[str]:
    """The scopes a one-choice scope stands for (``"alle"`` or nothing: all of them)."""
    return frozenset({choice}) if choice in SCOPES else _all(SCOPES)


def by_scope(frame: pd.DataFrame, scopes: Iterable[str]) -> pd.DataFrame:
    return frame[frame["scope"].isin(set(scopes))]


def by_types(frame: pd.DataFrame, types: Iterable[str]) -> pd.DataFrame:
    """Hotspots with at least one of ``types``."""
    wanted = set(types)
    # astype(bool): on an empty frame map() gives an object Series, which
    # pandas would take as a list of column names
    return frame[frame["types"].map(lambda values: bool(wanted.intersection(values))).astype(bool)]


def by_phase(frame: pd.DataFrame, phases: Iterable[str]) -> pd.DataFrame:
    return frame[frame["phase"].isin(set(phases))]


def by_product_chains(frame: pd.DataFrame, chains: Iterable[str]) -> pd.DataFrame:
    """Hotspots with at least one of ``chains``; :data:`NO_CHAIN` matches those without any."""
    wanted = set(chains)
    include_none = NO_CHAIN in wanted

    def matches(values) -> bool:
        return bool(wanted.intersection(values)) or (include_none and len(values) == 0)

    return frame[frame["product_chains"].map(matches).astype(bool)]


def by_digitaal_verbinden(frame: pd.DataFrame, wanted: bool | None) -> pd.DataFrame:
    if wanted is None:
        return frame
    return frame[frame["digitaal_verbinden"] == wanted]


def by_text(frame: pd.DataFrame, query: str) -> pd.DataFrame:
    """Hotspots whose name, place or anchors contain every word of ``query``."""
    words = normalise_text(query).split()
    if not words:
        return frame
    haystack = (
        frame["name"].map(normalise_text)
        + "\n"
        + frame["place"].map(normalise_text)
        + "\n"
        + frame["anchors"].map(lambda anchors: normalise_text("\n".join(anchors)))
    )
    mask = pd.Series(True, index=frame.index)
    for word in words:
        mask &= haystack.str.contains(word, regex=False)
    return frame[mask]


def apply(frame: pd.DataFrame, state: FilterState) -> pd.DataFrame:
    """The rows of ``frame`` that match every choice in ``state``."""
    result = frame
    if state.scopes != _all(SCOPES):
        result = by_scope(result, state.scopes)
    if state.types != _all(TYPES):
        result = by_types(result, state.types)
    if state.phases != _all(PHASES):
        result = by_phase(result, state.phases)
    if state.chains != _all(CHAIN_CHOICES):
        result = by_product_chains(result, state.chains)
    result = by_digitaal_verbinden(result, state.digitaal_verbinden)
    return by_text(result, state.query)


def option_counts(frame: pd.DataFrame, column: str, options: Iterable[str]) -> dict[str, int]:
    """How many hotspots of ``frame`` carry each option (for counts beside a filter)."""
    counts = {}
    for option in options:
        if column in ("types", "product_chains", "anchors"):
            if option == NO_CHAIN and column == "product_chains":
                counts[option] = int(frame[column].map(len).eq(0).sum())
            else:
                counts[option] = int(frame[column].map(lambda values, o=option: o in values).sum())
        else:
            counts[option] = int(frame[column].eq(option).sum())
    return counts
