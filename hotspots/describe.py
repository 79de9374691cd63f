"""A hotspot described in Dutch: one source for the detail panel, the table and the popup.

:func:`facts` turns a hotspot's record into labelled values, each marked
when it is an editorial estimate. The map page's detail panel, the export
table (:mod:`hotspots.export`) and the map's popups (built in the browser
from the same facts, see :mod:`hotspots.mapview`) show exactly these.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hotspots.model import PHASES, PRODUCT_CHAINS, TYPES, label, labels

ESTIMATE = "inschatting"

#: The facts' labels, in the order :func:`facts` returns them.
FACT_LABELS = ("Type", "Fase", "Productketens", "Digitaal Verbinden", "Ankers")
#: The record field behind each fact (an estimate of that field marks the fact).
FACT_FIELDS = ("types", "phase", "product_chains", "digitaal_verbinden", "anchors")


@dataclass(frozen=True)
class Fact:
    """One line of a hotspot's description.

    Parameters
    ----------
    label : str
        Dutch label, e.g. "Fase".
    value : str
        The value in Dutch, e.g. "Groei".
    estimated : bool
        Whether the sources do not give this value (an editorial estimate).
    """

    label: str
    value: str
    estimated: bool

    def text(self) -> str:
        """The value, with "(inschatting)" after it when it is an estimate."""
        return f"{self.value} ({ESTIMATE})" if self.estimated else self.value


def km_text(distance: float) -> str:
    """A distance as the screen shows it: one decimal, a decimal comma, a no-break space: ``12,3 km``."""
    return f"{distance:.1f}".replace(".", ",") + "\u00a0km"


def chains_text(chains: Sequence[str]) -> str:
    """Product chains in Dutch, or "geen"."""
    return ", ".join(labels(PRODUCT_CHAINS, chains)) or "geen"


def dv_text(discussed: bool) -> str:
    """Whether Digitaal Verbinden was discussed, in Dutch."""
    return "besproken" if discussed else "niet besproken"


def facts(record: Mapping[str, Any]) -> list[Fact]:
    """The hotspot's type, phase, product chains, Digitaal Verbinden and anchors.

    Parameters
    ----------
    record : mapping
        A hotspot: a row of the frame from :func:`hotspots.io.load_hotspots`
        (or a dict with the same fields).

    Returns
    -------
    list of Fact
        In the order of :data:`FACT_LABELS`.

    Examples
    --------
    >>> [f.text() for f in facts({"types": ["engineering"], "phase": "groei", "product_chains": [],
    ...     "digitaal_verbinden": True, "anchors": ["TU Delft"], "estimated": ["phase"]})]
    ['Engineering', 'Groei (inschatting)', 'geen', 'besproken', 'TU Delft']
    """
    estimated = set(record["estimated"])
    values = (
        ", ".join(labels(TYPES, record["types"])),
        label(PHASES, record["phase"]),
        chains_text(record["product_chains"]),
        dv_text(bool(record["digitaal_verbinden"])),
        "; ".join(record["anchors"]) or "—",
    )
    return [
        Fact(name, value, field in estimated)
        for name, value, field in zip(FACT_LABELS, values, FACT_FIELDS, strict=True)
    ]


def place_text(record: Mapping[str, Any]) -> str:
    """'Delft, Zuid-Holland'."""
    return f"{record['place']}, {record['province']}"
