"""The filters, as one table, and pure filtering of the hotspot frame.

:data:`FILTERS` is the one place a filter is defined: its URL parameter,
the data column it reads, its vocabulary (slug -> Dutch label), its Dutch
label and the kind of widget that sets it. Everything else derives from that
table: reading and writing the URL (:mod:`hotspots.viewstate`), the sidebar
(``ui/sidebar.py``), the faceted counts (:func:`facet_counts`), the Excel
"Toelichting" (:mod:`hotspots.export.explanation`), the words for a view
(:func:`describe`), the presentation checks and schema
(:mod:`hotspots.presentation.checks`, ``data/presentatie.schema.json``) and
the README's URL table (``python -m hotspots tables`` writes both; a test
checks they are current). A new filter is a row here (with its vocabulary).

A :class:`FilterState` holds the choices. A choice that holds every value of
a vocabulary means "no restriction"; an empty choice matches nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from hotspots.model import PHASES, PRODUCT_CHAINS, SCOPES, TYPES, Term


def normalise_text(text: str) -> str:
    """Lower case without accents, so 'fryslan' finds 'Fryslân'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().strip()


def slug_of(text: str) -> str:
    """A URL slug for a label: 'Fryslân' -> 'fryslan', 'Noord-Holland' -> 'noord-holland'."""
    return "-".join(re.findall(r"[a-z0-9]+", normalise_text(text)))


# Pseudo product chain for hotspots that discussed no product chain, so a
# user who leaves out one chain does not lose every hotspot without one.
NO_CHAIN = "geen"

# The scope is one choice: one of SCOPES, or all of them.
ALL_SCOPES = "alle"

# The twelve provinces; the data holds the label ("Fryslân"), the URL the slug ("fryslan").
PROVINCES = {
    slug_of(name): name
    for name in (
        "Groningen",
        "Fryslân",
        "Drenthe",
        "Overijssel",
        "Flevoland",
        "Gelderland",
        "Utrecht",
        "Noord-Holland",
        "Zuid-Holland",
        "Zeeland",
        "Noord-Brabant",
        "Limburg",
    )
}

#: Widget kinds: one value or all (a segmented control with "Alles"), any
#: values (a multiselect, with an "alleen" choice), or one value or all (a radio).
ONE, MANY, EITHER = "one", "many", "either"


def _labels(vocabulary: Mapping[str, Term]) -> dict[str, str]:
    return {slug: term.label for slug, term in vocabulary.items()}


def _one(value: Any) -> frozenset[str]:
    return frozenset((value,))


def _many(value: Any) -> frozenset[str]:
    return frozenset(value)


def _many_or_none(value: Any) -> frozenset[str]:
    return frozenset(value) if len(value) else frozenset((NO_CHAIN,))


def _yes_no(value: Any) -> frozenset[str]:
    return frozenset(("ja",) if bool(value) else ("nee",))


def _province(value: Any) -> frozenset[str]:
    return frozenset((slug_of(str(value)),))


@dataclass(frozen=True)
class Filter:
    """One filter: a row of :data:`FILTERS`.

    ``values_of`` turns a cell of ``column`` into the slugs it matches; a
    hotspot passes when one of them is chosen. ``attribute`` is the name of
    the choice on a :class:`FilterState` (``FilterState(types=...)``).
    ``all_label`` names "no restriction" for ``ONE`` and ``EITHER`` widgets;
    ``prefix`` introduces the values in running text ("fase Opkomst").
    """

    param: str
    attribute: str
    column: str
    label: str
    vocabulary: Mapping[str, str]
    widget: str
    values_of: Callable[[Any], frozenset[str]]
    help: str = ""
    all_label: str = "Alle"
    prefix: str = ""
    only_present: bool = False  # widget options: only values the data holds (or that are chosen)
    short: Mapping[str, str] = field(default_factory=dict)  # shorter slugs for file names

    def __hash__(self) -> int:
        return hash(self.param)

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(self.vocabulary)

    @property
    def every(self) -> frozenset[str]:
        return frozenset(self.vocabulary)

    def name(self, slug: str) -> str:
        return self.vocabulary.get(slug, slug)

    def mask(self, frame: pd.DataFrame, chosen: frozenset[str]) -> pd.Series:
        """Which rows of ``frame`` match ``chosen``."""
        values_of = self.values_of
        # astype(bool): on an empty frame map() gives an object Series
        return frame[self.column].map(lambda cell: not values_of(cell).isdisjoint(chosen)).astype(bool)

    def words(self, chosen: frozenset[str]) -> str:
        """``chosen`` in words, in the vocabulary's order: 'Opkomst, Groei'; 'geen' for nothing."""
        return ", ".join(self.name(s) for s in self.slugs if s in chosen) or "geen"


FILTERS: tuple[Filter, ...] = (
    Filter(
        "scope",
        "scopes",
        "scope",
        "Schaal",
        _labels(SCOPES),
        ONE,
        _one,
        all_label="Alles",
        short={"zuid-holland": "zh", "nationaal": "nl"},
    ),
    Filter("type", "types", "types", "Type", _labels(TYPES), MANY, _many),
    Filter("phase", "phases", "phase", "Fase", _labels(PHASES), MANY, _one, prefix="fase"),
    Filter(
        "keten",
        "chains",
        "product_chains",
        "Productketen",
        {**_labels(PRODUCT_CHAINS), NO_CHAIN: "geen productketen"},
        MANY,
        _many_or_none,
        prefix="keten:",
    ),
    Filter(
        "dv",
        "digitaal_verbinden",
        "digitaal_verbinden",
        "Digitaal Verbinden",
        {"ja": "besproken", "nee": "niet besproken"},
        EITHER,
        _yes_no,
        prefix="Digitaal Verbinden",
        short={"ja": "dv", "nee": "zonder-dv"},
    ),
    # Last in the sidebar: twelve values, and most boards filter by type and phase first.
    Filter(
        "province",
        "province",
        "province",
        "Provincie",
        PROVINCES,
        MANY,
        _province,
        only_present=True,
        prefix="provincie",
    ),
)
BY_PARAM = {f.param: f for f in FILTERS}
BY_ATTRIBUTE = {f.attribute: f for f in FILTERS}

# Kept for callers that name these vocabularies directly.
CHAIN_CHOICES = BY_ATTRIBUTE["chains"].slugs
SCOPE_CHOICES = (*SCOPES, ALL_SCOPES)


def _to_choice(spec: Filter, value: Any) -> frozenset[str]:
    """A :class:`FilterState` keyword value as a set of slugs (``digitaal_verbinden`` takes ``None``/bool)."""
    if spec.attribute == "digitaal_verbinden":
        return spec.every if value is None else frozenset(("ja",) if value else ("nee",))
    return frozenset(value)


def _from_choice(spec: Filter, chosen: frozenset[str]) -> Any:
    if spec.attribute == "digitaal_verbinden":
        return None if chosen == spec.every else chosen == frozenset(("ja",))
    return chosen


class FilterState:
    """The user's filter choices (slugs as in the URL) and the search text.

    Immutable and hashable. Built by filter attribute
    (``FilterState(types=frozenset({"engineering"}), query="delft")``) or by
    parameter (:meth:`from_choices`); a choice not given means "every
    value". Reading an attribute gives its choice (``state.types``), every
    value when unrestricted; ``digitaal_verbinden`` is ``None`` for either,
    else the wanted boolean.
    """

    __slots__ = ("_chosen", "query")
    _chosen: tuple[tuple[str, frozenset[str]], ...]
    query: str

    def __init__(self, query: str = "", **choices: Any) -> None:
        chosen: dict[str, frozenset[str]] = {}
        for attribute, value in choices.items():
            if attribute not in BY_ATTRIBUTE:
                raise TypeError(f"FilterState has no filter {attribute!r}")
            spec = BY_ATTRIBUTE[attribute]
            chosen[spec.param] = _to_choice(spec, value)
        object.__setattr__(self, "_chosen", _canonical(chosen))
        object.__setattr__(self, "query", query)

    @classmethod
    def from_choices(cls, choices: Mapping[str, Iterable[str]], query: str = "") -> FilterState:
        """A state from ``{param: slugs}`` (parameters of :data:`FILTERS`)."""
        state = cls(query=query)
        object.__setattr__(state, "_chosen", _canonical({p: frozenset(v) for p, v in choices.items()}))
        return state

    def chosen(self, param: str) -> frozenset[str]:
        """The slugs chosen for filter ``param`` (every value when it is not restricted)."""
        return dict(self._chosen).get(param, BY_PARAM[param].every)

    def restricted(self) -> tuple[tuple[Filter, frozenset[str]], ...]:
        """The filters that restrict, with their choices, in the order of :data:`FILTERS`."""
        return tuple((BY_PARAM[param], chosen) for param, chosen in self._chosen)

    def choices(self) -> dict[str, frozenset[str]]:
        return {spec.param: self.chosen(spec.param) for spec in FILTERS}

    def __getattr__(self, name: str) -> Any:
        spec = BY_ATTRIBUTE.get(name)
        if spec is None:
            raise AttributeError(name)
        return _from_choice(spec, self.chosen(spec.param))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("FilterState is immutable; use with_()")

    def with_(self, **changes: Any) -> FilterState:
        query = changes.pop("query", self.query)
        choices = {**dict(self._chosen)}
        for attribute, value in changes.items():
            if attribute not in BY_ATTRIBUTE:
                raise TypeError(f"FilterState has no filter {attribute!r}")
            spec = BY_ATTRIBUTE[attribute]
            choices[spec.param] = _to_choice(spec, value)
        return FilterState.from_choices(choices, query)

    def with_choice(self, param: str, chosen: Iterable[str]) -> FilterState:
        return FilterState.from_choices({**dict(self._chosen), param: frozenset(chosen)}, self.query)

    @property
    def is_default(self) -> bool:
        return self == FilterState()

    def _key(self) -> tuple:
        return (self._chosen, self.query)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FilterState) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        parts = [f"{BY_PARAM[p].attribute}={sorted(c)!r}" for p, c in self._chosen]
        if self.query:
            parts.append(f"query={self.query!r}")
        return f"FilterState({', '.join(parts)})"

    def __reduce__(self):
        # (class, arguments, state): picklable, and what Streamlit's caches hash
        return (FilterState, (self.query,), {"_chosen": self._chosen})

    def __setstate__(self, state: dict) -> None:
        object.__setattr__(self, "_chosen", state["_chosen"])


def _canonical(choices: Mapping[str, frozenset[str]]) -> tuple[tuple[str, frozenset[str]], ...]:
    """Restricting choices only, in table order, without values outside the vocabulary."""
    result = []
    for spec in FILTERS:
        chosen = choices.get(spec.param)
        if chosen is None:
            continue
        chosen = frozenset(chosen) & spec.every
        if chosen != spec.every:
            result.append((spec.param, chosen))
    return tuple(result)


def scope_choice(scopes: Iterable[str]) -> str:
    """The one-choice scope for a set of scopes: the scope itself, or ``"alle"``.

    >>> scope_choice({"nationaal"}), scope_choice({"zuid-holland", "nationaal"})
    ('nationaal', 'alle')
    """
    chosen = frozenset(scopes)
    return next(iter(chosen)) if len(chosen) == 1 else ALL_SCOPES


def scopes_of(choice: str | None) -> frozenset[str]:
    """The scopes a one-choice scope stands for (``"alle"`` or nothing: all of them)."""
    return frozenset({choice}) if choice in SCOPES else frozenset(SCOPES)


def by_scope(frame: pd.DataFrame, scopes: Iterable[str]) -> pd.DataFrame:
    return frame[BY_PARAM["scope"].mask(frame, frozenset(scopes))]


def _labels_text(spec: Filter, cell: Any) -> str:
    return "\n".join(spec.name(slug) for slug in spec.values_of(cell) if slug != NO_CHAIN)


def _haystack(frame: pd.DataFrame) -> pd.Series:
    """The text a search looks in: name, place, anchors, focus, and the Dutch labels of
    the many-value filters (province, types, phase, product chains)."""
    parts = [
        frame["name"],
        frame["place"],
        frame["anchors"].map("\n".join),
        frame["focus"].fillna("") if "focus" in frame.columns else None,
        *(
            frame[spec.column].map(lambda cell, spec=spec: _labels_text(spec, cell))
            for spec in FILTERS
            if spec.widget == MANY
        ),
    ]
    text = pd.Series("", index=frame.index, dtype=object)
    for part in parts:
        if part is not None:
            text = text + "\n" + part.astype(str)
    return text.map(normalise_text)


def text_mask(frame: pd.DataFrame, query: str) -> pd.Series:
    """Which rows contain every word of ``query`` (in the text of :func:`_haystack`)."""
    words = normalise_text(query).split()
    mask = pd.Series(True, index=frame.index)
    if not words:
        return mask
    haystack = _haystack(frame)
    for word in words:
        mask &= haystack.str.contains(word, regex=False)
    return mask


def by_text(frame: pd.DataFrame, query: str) -> pd.DataFrame:
    """Hotspots whose searched text contains every word of ``query``."""
    return frame[text_mask(frame, query)] if query.strip() else frame


def _masks(frame: pd.DataFrame, state: FilterState) -> dict[str, pd.Series]:
    masks = {spec.param: spec.mask(frame, chosen) for spec, chosen in state.restricted()}
    if normalise_text(state.query):
        masks["q"] = text_mask(frame, state.query)
    return masks


def apply(frame: pd.DataFrame, state: FilterState) -> pd.DataFrame:
    """The rows of ``frame`` that match every choice in ``state``."""
    masks = _masks(frame, state)
    if not masks:
        return frame
    keep = pd.Series(True, index=frame.index)
    for mask in masks.values():
        keep &= mask
    return frame[keep]


def facet_counts(frame: pd.DataFrame, state: FilterState) -> dict[str, dict[str, int]]:
    """Faceted counts: per filter and value, the hotspots that match every OTHER choice and that value.

    Returns ``{param: {slug: count}}`` for every filter of :data:`FILTERS`.
    """
    masks = _masks(frame, state)
    counts: dict[str, dict[str, int]] = {}
    for spec in FILTERS:
        keep = pd.Series(True, index=frame.index)
        for param, mask in masks.items():
            if param != spec.param:
                keep &= mask
        tally = dict.fromkeys(spec.slugs, 0)
        for cell in frame.loc[keep, spec.column]:
            for slug in spec.values_of(cell):
                if slug in tally:
                    tally[slug] += 1
        counts[spec.param] = tally
    return counts


def option_counts(frame: pd.DataFrame, column: str, options: Iterable[str]) -> dict[str, int]:
    """How many hotspots of ``frame`` carry each option of the filter that reads ``column``."""
    spec = next(s for s in FILTERS if s.column == column)
    return {option: int(spec.mask(frame, frozenset((option,))).sum()) for option in options}


def describe(state: FilterState) -> list[str]:
    """The restricting filters in a few Dutch words each, e.g. ``["Zuid-Holland", "fase Opkomst, Groei"]``."""
    parts = []
    for spec, chosen in state.restricted():
        words = spec.words(chosen)
        parts.append(f"{spec.prefix} {words}" if spec.prefix else words)
    if state.query:
        parts.append(f"zoek “{state.query}”")
    return parts


@dataclass(frozen=True)
class Suggestion:
    """A filter value whose label matches a word of a search: "Kies Productketen: Waterstof"."""

    spec: Filter
    slug: str
    count: int  # hotspots with that value, with no other filter

    @property
    def text(self) -> str:
        name = self.spec.name(self.slug)
        return f"Kies {self.spec.label}: {name[:1].upper()}{name[1:]} ({self.count})"


def suggestions(frame: pd.DataFrame, query: str, limit: int = 3) -> list[Suggestion]:
    """Filter values whose Dutch label matches a word of ``query``, most hotspots first.

    For a search that finds nothing: choosing that value (with no other filter
    and no search text) shows ``count`` hotspots. A word of 4 letters or more
    may be part of a label ("water" -> Waterstof); a shorter one must be a word of it.
    """
    words = normalise_text(query).split()
    found = []
    for spec in FILTERS:
        if spec.widget == EITHER:
            continue
        for slug in spec.slugs:
            if slug == NO_CHAIN:
                continue
            label = normalise_text(spec.name(slug))
            if any(word in label if len(word) >= 4 else word in label.split() for word in words):
                count = int(spec.mask(frame, frozenset((slug,))).sum())
                if count:
                    found.append(Suggestion(spec, slug, count))
    return sorted(found, key=lambda s: -s.count)[:limit]
